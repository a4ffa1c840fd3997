// The transcript: the live partial and finalised segments while recording; each word of a finished
// run as a button (click to seek, the playing word highlighted, low confidence underlined); or AT
// and NAT side by side with a word diff.
import { useMemo } from 'react';
import type { StoredWord } from '../../shared/contract';
import { wordDiff, words as splitWords } from '../engine/word-diff';
import type { RunOutput } from '../engine/transcription';
import type { WorkbenchController } from '../state/controller';
import { useStore } from '../state/store';
import type { Item, WorkbenchState } from '../state/types';
import { activeWord, chosenWord, playhead, SEEK_INTO_WORD_S } from '../state/view-state';
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
      {view === 'compare' ? <CompareView item={item} /> : <RunView controller={controller} item={item} />}
    </Pane>
  );
}

function RunView({ controller, item }: { controller: WorkbenchController; item: Item | undefined }) {
  const run = item?.run;
  const words = useMemo(() => run?.segments.flatMap((s) => s.words) ?? [], [run]);
  if (!item) return <Empty>Transcripts from AT, NAT or CTC decoding appear here.</Empty>;
  if (!run) return <Empty>{item.status === 'error' ? 'This file failed: see the queue.' : 'Waiting for the decoder…'}</Empty>;
  return (
    <div className="run-transcript">
      <p className="run-heading">
        <span className={`decoder-badge ${run.decoder}`}>{DECODER_NAMES[run.decoder]}</span> {item.name}
      </p>
      <TranscriptWords words={words} onSeek={(t) => controller.player?.seek(t)} />
      {words.length === 0 && (
        <p className="transcript-text" data-testid="transcript-text">
          {run.text || '(no words recognised)'}
        </p>
      )}
    </div>
  );
}

function TranscriptWords({ words, onSeek }: { words: readonly StoredWord[]; onSeek(t: number): void }) {
  const time = useStore(playhead);
  const chosen = useStore(chosenWord);
  const active = activeWord(words, time, chosen);
  return (
    <p className="words" data-testid="transcript-words">
      {words.map((w, i) => (
        <button
          key={i}
          type="button"
          className={`word${i === active ? ' active' : ''}${w.confidence < 0.5 ? ' unsure' : ''}`}
          data-testid="transcript-word"
          title={`${w.start.toFixed(2)}–${w.end.toFixed(2)} s · confidence ${(w.confidence * 100).toFixed(0)}%`}
          onClick={() => {
            chosenWord.update(() => i);
            onSeek(w.start + SEEK_INTO_WORD_S);
          }}
        >
          {w.word}
        </button>
      ))}
    </p>
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
