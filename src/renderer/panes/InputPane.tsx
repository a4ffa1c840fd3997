// The left column: live input, the batch queue, and the stored results.
import type { WorkbenchController } from '../state/controller';
import type { WorkbenchState } from '../state/types';
import { BatchQueue } from './BatchQueue';
import { LivePanel } from './LivePanel';
import { Pane } from './Pane';
import { ResultsList } from './ResultsList';
import { ResumeOffer } from './ResumeOffer';

export function InputPane({ controller, state }: { controller: WorkbenchController; state: WorkbenchState }) {
  const open = (
    <button type="button" onClick={() => void controller.openFiles()} disabled={!controller.api} data-testid="open-files-button" title="Open audio files (Ctrl+O)">
      Open files…
    </button>
  );
  return (
    <Pane title="Input" testId="pane-input" className="input" actions={open}>
      <LivePanel controller={controller} state={state} />
      <h3 className="section">Batch queue</h3>
      <ResumeOffer controller={controller} files={state.resumeOffer} />
      <BatchQueue controller={controller} items={state.items} selectedId={state.selectedId} />
      <h3 className="section">Saved results</h3>
      <ResultsList controller={controller} state={state} />
    </Pane>
  );
}
