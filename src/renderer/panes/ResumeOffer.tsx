// After a kill or crash mid-batch: the files that run left unfinished, with Resume and Dismiss.
import { baseName } from '../model';
import type { WorkbenchController } from '../state/controller';
import type { PendingFile } from '../../shared/contract';

export function ResumeOffer({ controller, files }: { controller: WorkbenchController; files: PendingFile[] | undefined }) {
  if (!files || files.length === 0) return null;
  const names = files.map((f) => baseName(f.path));
  return (
    <div className="resume-offer" role="alert" data-testid="resume-offer" data-count={files.length}>
      <p>
        The last batch stopped with {files.length} file{files.length === 1 ? '' : 's'} not transcribed:{' '}
        <span className="muted" title={files.map((f) => f.path).join('\n')}>
          {names.slice(0, 3).join(', ')}
          {names.length > 3 ? ` and ${names.length - 3} more` : ''}
        </span>
      </p>
      <div className="actions">
        <button type="button" onClick={() => controller.resumePending()} data-testid="resume-batch">
          Resume
        </button>
        <button type="button" className="link" onClick={() => controller.dismissPending()} data-testid="dismiss-resume">
          Dismiss
        </button>
      </div>
    </div>
  );
}
