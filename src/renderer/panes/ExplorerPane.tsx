// The decoding explorer: how the recogniser reached the text of one segment, step by step. It decodes the shown
// segment again with a trace when opened (state/explorer.ts) with the chosen decoder (the run's unless another is
// picked): AT as a step-through (views/AtStepper), NAT's mask-predict passes side by side (views/NatPasses), the
// n-best and the alternatives for a clicked word (views/Alternatives). Its lanes under the waveform (the step's
// attention row, the CTC evidence) are views/ExplorerLanes.
import type { DecoderKind } from '../../core/decoding';
import type { WorkbenchController } from '../state/controller';
import type { Item, WorkbenchState } from '../state/types';
import { Alternatives } from '../views/Alternatives';
import { AtStepper } from '../views/AtStepper';
import { NatPasses } from '../views/NatPasses';
import { Empty, Pane } from './Pane';

const DECODERS: { value: DecoderKind; label: string }[] = [
  { value: 'at', label: 'AT beam search' },
  { value: 'nat', label: 'NAT (Mask-CTC)' },
  { value: 'ctc', label: 'CTC (beam search at beam > 1)' },
  { value: 'rescore', label: 'CTC + AT rescoring' },
];

export function ExplorerPane({ controller, state, item }: { controller: WorkbenchController; state: WorkbenchState; item: Item | undefined }) {
  const { explorer } = state;
  const segments = item?.run?.segments ?? [];
  const segment = Math.max(0, Math.min(segments.length - 1, explorer.segment));
  const runDecoder = item?.run?.decoder;
  const actions = (
    <div className="pane-actions">
      <select
        value={explorer.decoder ?? ''}
        onChange={(e) => controller.explorer.chooseDecoder(e.target.value === '' ? undefined : (e.target.value as DecoderKind))}
        aria-label="Decoder to explore"
        data-testid="explorer-decoder"
      >
        <option value="">the run’s decoder{runDecoder ? ` (${DECODERS.find((d) => d.value === runDecoder)?.label ?? runDecoder})` : ''}</option>
        {DECODERS.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
      {segments.length > 1 && (
        <select value={segment} onChange={(e) => controller.explorer.chooseSegment(Number(e.target.value))} aria-label="Segment to explore" data-testid="explorer-segment">
          {segments.map((s, i) => (
            <option key={i} value={i}>
              segment {i + 1} ({s.start.toFixed(1)}–{s.end.toFixed(1)} s)
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={() => controller.explorer.open(false)} aria-label="Close the explorer" data-testid="explorer-close">
        ✕
      </button>
    </div>
  );
  return (
    <Pane title="Decoding explorer" testId="pane-explorer" className="explorer" actions={actions}>
      <div data-testid="explorer-status" data-status={explorer.status} aria-busy={explorer.status === 'tracing'} className="explorer-status">
        <Body controller={controller} state={state} item={item} segment={segment} />
      </div>
    </Pane>
  );
}

function Body({ controller, state, item, segment }: { controller: WorkbenchController; state: WorkbenchState; item: Item | undefined; segment: number }) {
  const { explorer } = state;
  if (!item?.run) return <Empty>Select a transcribed item: the explorer decodes one of its segments again and shows how the text came about.</Empty>;
  if (!item.audio) return <Empty>This result’s audio could not be opened, so it cannot be decoded again.</Empty>;
  if (item.run.segments.length === 0) return <Empty>This result has no speech segments.</Empty>;
  if (state.model.status !== 'ready') return <Empty>Waiting for the model…</Empty>;
  if (explorer.status === 'error') return <p className="audio-problem" role="alert">{explorer.error?.message}</p>;
  const traced = explorer.traced;
  if (explorer.status !== 'ready' || !traced || explorer.itemId !== item.id) return <Empty>Decoding segment {segment + 1} again with a trace…</Empty>;
  const trace = traced.trace;
  const same = traced.text === item.run.segments[segment]!.text;
  return (
    <>
      <p className="muted small" data-testid="explorer-text">
        Segment {segment + 1}, {traced.offsetS.toFixed(2)}–{traced.endS.toFixed(2)} s: “{traced.text || '(nothing)'}”
        {!same && ' — differs from the stored transcript (another decoder than the run’s, or a result read back without the settings it ran with)'}
      </p>
      {!trace && <Empty>Greedy CTC searches nothing: the CTC lane under the waveform is all its evidence (set the CTC beam above 1 for a search to explore).</Empty>}
      {trace?.kind === 'at' && <AtStepper controller={controller} traced={traced} trace={trace} explorer={explorer} />}
      {trace?.kind === 'nat' && <NatPasses traced={traced} trace={trace} />}
      {trace && trace.kind !== 'nat' && (
        <Alternatives controller={controller} item={item} segment={segment} nBest={trace.nBest} {...(trace.kind === 'at' ? { normalised: trace.nBest.map((f) => f.normalised) } : {})} />
      )}
    </>
  );
}
