import type { BackendInfo } from '../backend';
import type { AudioClip } from '../model';
import { formatSeconds } from '../model';
import { Pane } from './Pane';

export function RunStatsPane({ backend, clip }: { backend: BackendInfo | undefined; clip: AudioClip | undefined }) {
  return (
    <Pane title="Run statistics" testId="pane-stats" className="stats">
      <dl className="facts">
        <dt>Backend</dt>
        <dd>{backend ? backend.kind.toUpperCase() : 'detecting…'}</dd>
        <dt>WASM threads</dt>
        <dd>{backend ? (backend.wasmThreads ? `yes (${navigator.hardwareConcurrency} cores)` : 'no') : '…'}</dd>
        <dt>Audio</dt>
        <dd>{clip ? formatSeconds(clip.durationS) : '—'}</dd>
        <dt>Real-time factor</dt>
        <dd>—</dd>
        <dt>Encoder / decoder time</dt>
        <dd>—</dd>
      </dl>
    </Pane>
  );
}
