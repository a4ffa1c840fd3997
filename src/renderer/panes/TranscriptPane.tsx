// The transcript: the live partial and finalised segments while recording; a finished run's words, editable
// in place (views/EditableTranscript: click to seek, the playing word highlighted, unsure words marked, edits
// re-aligned by main), with the search box (Ctrl+F) above it; or AT and NAT side by side with a word diff.
import { useMemo } from 'react';
import { wordDiff, words as splitWords } from '../engine/word-diff';
import type { RunOutput } from '../engine/transcription';
import type { WorkbenchController } from '../state/controller';
import type { Item, WorkbenchState } from '../state/types';
import { EditableTranscript } from '../views/EditableTranscript';
import { SearchBox } from '../views/SearchBox';
import { Empty, Pane } from './Pane';

const DECODER_NAMES = { at: 'AT', nat: 'NAT', ctc: 'CTC', rescore: 'CTC + AT rescoring' } as const;

export function TranscriptPane({ controller, state, item }: { controller: WorkbenchController; state: WorkbenchState; item: Item | undefined }) {
  const { live, view } = state;
  const actions = (
    <div className="segmented" role="tablist">
      <button type="button" role="tab" aria-selected={view === 'transcript'} className={view === 'transcript' ? 'on' : ''} onClick={() => controller.setView('transcript')}>
        Transcript
      </button>
      <button type="button" role="tab" aria-selected={view === 'compare'} className={view === 'compare' ? 'on' : ''} onClick={() => controller.setView('compare')} data-testid="compare-tab">
        AT vs NAT
      </button>
    </div>
  );
  return (
    <Pane title="Transcript" testId="pane-transcript" className="transcript" actions={actions}>
      {live.status !== 'idle' && (
        <div className="live-transcript" data-testid="live-transcript">
          {live.finals.map((f, i) => (
            <p key={i} className="live-final" data-testid="live-final">
              <span className="time">{f.start.toFixed(1)}s</span> {f.text || '…'}
            </p>
          ))}
          <p className="live-partial" data-testid="live-partial">
            {live.partial || (live.status === 'finishing' ? 'finishing…' : 'listening…')}
          </p>
        </div>
      )}
      {state.search.open && <SearchBox controller={controller} search={state.search} />}
      {view === 'compare' ? <CompareView item={item} /> : <RunView controller={controller} item={item} state={state} />}
    </Pane>
  );
}

function RunView({ controller, item, state }: { controller: WorkbenchController; item: Item | undefined; state: WorkbenchState }) {
  const run = item?.run;
  if (!item) return <Empty>Transcripts from AT, NAT or CTC decoding appear here.</Empty>;
  if (!run) return <Empty>{item.status === 'error' ? 'This file failed: see the queue.' : 'Waiting for the decoder…'}</Empty>;
  const hasWords = run.segments.some((s) => s.words.length > 0 || (s.edit?.words.length ?? 0) > 0);
  return (
    <div className="run-transcript">
      <p className="run-heading">
        <span className={`decoder-badge ${run.decoder}`}>{DECODER_NAMES[run.decoder]}</span> {item.name}
      </p>
      <EditableTranscript controller={controller} item={item} run={run} notice={state.editNotice} searchQuery={state.search.open ? state.search.query : ''} />
      {!hasWords && (
        <p className="transcript-text" data-testid="transcript-text">
          {run.text || '(no words recognised)'}
        </p>
      )}
    </div>
  );
}

function CompareView({ item }: { item: Item | undefined }) {
  if (!item?.audio) return <Empty>Select a transcribed item, then press “Compare AT / NAT” (Ctrl+K).</Empty>;
  if (item.comparing) return <Empty>Running AT and NAT on the same audio…</Empty>;
  if (!item.compare) return <Empty>Press “Compare AT / NAT” (Ctrl+K) to run both decoders on this audio.</Empty>;
  return <CompareResult at={item.compare.at} nat={item.compare.nat} />;
}

export function CompareResult({ at, nat }: { at: RunOutput; nat: RunOutput }) {
  const ops = useMemo(() => wordDiff(splitWords(at.text), splitWords(nat.text)), [at, nat]);
  const same = ops.filter((o) => o.kind === 'same').length;
  return (
    <div className="compare" data-testid="compare-view">
      <div className="compare-columns">
        <div>
          <h3>AT (autoregressive)</h3>
          <p data-testid="compare-at">
            {ops.filter((o) => o.kind !== 'right').map((o, i) => (
              <span key={i} className={o.kind === 'same' ? 'same' : 'only'}>
                {o.word}{' '}
              </span>
            ))}
          </p>
        </div>
        <div>
          <h3>NAT (Mask-CTC)</h3>
          <p data-testid="compare-nat">
            {ops.filter((o) => o.kind !== 'left').map((o, i) => (
              <span key={i} className={o.kind === 'same' ? 'same' : 'only'}>
                {o.word}{' '}
              </span>
            ))}
          </p>
        </div>
      </div>
      <p className="muted" data-testid="compare-agreement">
        {same} words agree · {ops.length - same} differ (highlighted)
      </p>
      <SpeedTable at={at} nat={nat} />
    </div>
  );
}

function SpeedTable({ at, nat }: { at: RunOutput; nat: RunOutput }) {
  const total = (r: RunOutput) => r.stats.featureMs + r.stats.encoderMs + r.stats.decoderMs;
  const rows: [string, (r: RunOutput) => string][] = [
    ['Encoder ms', (r) => r.stats.encoderMs.toFixed(1)],
    ['Decoder ms', (r) => r.stats.decoderMs.toFixed(1)],
    ['Steps / passes', (r) => String(r.stats.decoderSteps)],
    ['Tokens', (r) => String(r.stats.tokens)],
    ['RTF', (r) => r.stats.rtf.toFixed(3)],
  ];
  const decoderSpeedUp = nat.stats.decoderMs > 0 ? at.stats.decoderMs / nat.stats.decoderMs : 0;
  const totalSpeedUp = total(nat) > 0 ? total(at) / total(nat) : 0;
  return (
    <table className="speed-table" data-testid="speed-table">
      <thead>
        <tr>
          <th />
          <th>AT</th>
          <th>NAT</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th>{name}</th>
            <td>{value(at)}</td>
            <td>{value(nat)}</td>
          </tr>
        ))}
        <tr className="speed-up">
          <th>Speed-up (NAT)</th>
          <td colSpan={2} data-testid="speed-up">
            decoder ×{decoderSpeedUp.toFixed(1)} · end to end ×{totalSpeedUp.toFixed(1)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
