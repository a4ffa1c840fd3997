// Where the time went in the selected run: feature, encoder and decoder milliseconds, decoder steps
// (AT) or passes (NAT), tokens per second and the real-time factor, on which backend.
import type { BackendInfo } from '../backend';
import type { Item, ModelState } from '../state/types';
import { formatSeconds } from '../model';
import { Pane } from './Pane';

export function RunStatsPane({ backend, item, model }: { backend: BackendInfo | undefined; item: Item | undefined; model: ModelState }) {
  const stats = item?.run?.stats;
  return (
    <Pane title="Run statistics" testId="pane-stats" className="stats">
      <dl className="facts" data-testid="run-stats">
        <dt>Backend</dt>
        <dd data-testid="stats-backend">{stats ? stats.backend.toUpperCase() : model.loaded ? model.loaded.backend.toUpperCase() : backend ? backend.kind.toUpperCase() : 'detecting…'}</dd>
        <dt>WASM threads</dt>
        <dd>{backend ? (backend.wasmThreads ? `yes (${navigator.hardwareConcurrency} cores)` : 'no') : '…'}</dd>
        <dt>Audio</dt>
        <dd>{item?.audio ? formatSeconds(item.audio.durationS) : stats ? formatSeconds(stats.audioS) : '—'}</dd>
        <dt>Decoder</dt>
        <dd>{stats ? stats.decoder.toUpperCase() : '—'}</dd>
        <dt>Encoder / decoder</dt>
        <dd data-testid="stats-times">{stats ? `${stats.encoderMs.toFixed(0)} / ${stats.decoderMs.toFixed(0)} ms` : '—'}</dd>
        <dt>{stats?.decoder === 'nat' ? 'Decoder passes' : 'Decoder steps'}</dt>
        <dd>{stats ? stats.decoderSteps : '—'}</dd>
        <dt>Tokens/s</dt>
        <dd>{stats ? stats.tokensPerSecond.toFixed(0) : '—'}</dd>
        <dt>Real-time factor</dt>
        <dd data-testid="stats-rtf">{stats ? stats.rtf.toFixed(3) : '—'}</dd>
        <dt>Segments</dt>
        <dd>{stats ? stats.segments : '—'}</dd>
      </dl>
    </Pane>
  );
}
