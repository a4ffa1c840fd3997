// AT decoding step by step: a slider over the decoder steps (←/→, Home/End, PageUp/PageDown on it or anywhere in
// the stepper), previous/next buttons and play at a chosen pace; at the step shown, what the decoder is fed, its
// likeliest next tokens as bars (the one the hypothesis went on with marked), the stop token's probability, the
// hypothesis' score split into its AT, CTC, LM and word-LM terms, and the beam with each hypothesis' score and whether
// it survived. The step's cross-attention row is drawn under the waveform (ExplorerLanes).
import type { KeyboardEvent } from 'react';
import type { TokenAttention } from '../../core/decoding';
import type { AtTrace } from '../../core/trace';
import type { TracedSegment } from '../engine/trace-segment';
import { atStepView } from '../state/at-step-view';
import type { WorkbenchController } from '../state/controller';
import { PACES_MS } from '../state/step-control';
import { useStore } from '../state/store';
import type { ExplorerState } from '../state/types';
import { LayerHeadSelect } from './LayerHeadSelect';

export function AtStepper({ controller, traced, trace, explorer }: { controller: WorkbenchController; traced: TracedSegment; trace: AtTrace; explorer: ExplorerState }) {
  const steps = controller.explorer.steps;
  const { step, count, playing, paceMs } = useStore(steps.store);
  const view = atStepView(trace, step, traced.vocabulary, traced.special);
  const onKey = (event: KeyboardEvent) => {
    const tag = (event.target as HTMLElement).tagName;
    if (tag === 'SELECT' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (steps.key(event.key)) event.preventDefault();
  };
  const maxPart = Math.max(1e-9, ...view.parts.map((p) => Math.abs(p.value)));
  return (
    <div className="at-stepper" onKeyDown={onKey} data-testid="explorer-at">
      <div className="step-controls">
        <button type="button" onClick={() => (steps.pause(), steps.by(-1))} disabled={step === 0} aria-label="Previous step" data-testid="explorer-prev">
          ◀
        </button>
        <input
          type="range"
          min={0}
          max={Math.max(0, count - 1)}
          value={step}
          onChange={(e) => (steps.pause(), steps.go(Number(e.target.value)))}
          aria-label="Decoder step"
          aria-valuetext={`step ${step} of ${count - 1}`}
          data-testid="explorer-step-slider"
        />
        <button type="button" onClick={() => (steps.pause(), steps.by(1))} disabled={step >= count - 1} aria-label="Next step" data-testid="explorer-next">
          ▶
        </button>
        <button type="button" onClick={() => steps.toggle()} aria-pressed={playing} data-testid="explorer-play">
          {playing ? '❚❚ Pause' : '▷ Play'}
        </button>
        <select value={paceMs} onChange={(e) => steps.setPace(Number(e.target.value))} aria-label="Pace" data-testid="explorer-pace">
          {PACES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`} a step
            </option>
          ))}
        </select>
        <span className="meta" data-testid="explorer-step-label" data-step={step} aria-live="polite">
          step {step} of {count - 1} · beam {trace.beam}
        </span>
      </div>

      <section aria-label="Decoder input">
        <h3>Decoder input {view.onResultPath ? '(the result’s path)' : '(the result has ended: the best hypothesis still searched)'}</h3>
        <p className="token-chips" data-testid="explorer-input">
          {view.input.map((t, i) => (
            <span key={i} className="chip">
              {t}
            </span>
          ))}
        </p>
      </section>

      <div className="explorer-columns">
        <section aria-label="Next tokens">
          <h3>Next token (top {view.next.length}) and stopping (⟨eos⟩)</h3>
          <ol className="bars" data-testid="explorer-topk">
            {view.next.map((n, i) => (
              <li key={i} className={n.chosen ? 'chosen' : ''} data-testid="explorer-next-token" data-token={n.token} title={n.gain === null ? 'the search could not choose it (CTC or the word model rule it out)' : `adds ${n.gain.toFixed(3)} to the joint score`}>
                <span className="bar-label">{n.token}</span>
                <span className="bar" style={{ width: `${n.p * 100}%` }} />
                <span className="bar-value">{(n.p * 100).toFixed(1)} %</span>
              </li>
            ))}
          </ol>
          <p className="stop" data-testid="explorer-stop" data-p={view.stop} title="The stop token's probability: ending the hypothesis here">
            <span className="bar-label">⟨eos⟩</span>
            <span className="bar stop-bar" style={{ width: `${view.stop * 100}%` }} />
            <span className="bar-value">{(view.stop * 100).toFixed(1)} %</span>
          </p>
        </section>

        <section aria-label="Score">
          <h3>Score {view.score.toFixed(3)} = </h3>
          <ul className="bars parts" data-testid="explorer-parts">
            {view.parts.map((p) => (
              <li key={p.name} data-testid="explorer-part" data-name={p.name} data-value={p.value} className={p.weight === 0 ? 'off' : ''} title={p.weight === 0 ? 'this model took no part' : `weight ${p.weight.toFixed(2)}`}>
                <span className="bar-label">{p.name}</span>
                <span className="bar part-bar" style={{ width: `${(Math.abs(p.value) / maxPart) * 100}%` }} />
                <span className="bar-value">{p.value.toFixed(3)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-label="Beam">
        <h3>Beam at step {step} ({view.beam.length} hypotheses)</h3>
        <table className="beam-table" data-testid="explorer-beam">
          <thead>
            <tr>
              <th>#</th>
              <th>decoder input</th>
              <th>score</th>
              <th>next step</th>
            </tr>
          </thead>
          <tbody>
            {view.beam.map((b) => (
              <tr key={b.index} className={`${b.best ? 'best' : ''} ${b.kept ? 'kept' : b.ended ? 'ended' : 'pruned'}`} data-testid="explorer-beam-row" data-kept={b.kept} data-ended={b.ended} data-best={b.best}>
                <td>{b.index + 1}</td>
                <td className="mono">{b.text.replace(/ /g, '␣') || '∅'}</td>
                <td>{b.score.toFixed(3)}</td>
                <td>{[b.kept && 'survived', b.ended && 'ended (n-best)'].filter(Boolean).join(', ') || 'dropped'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <HeadChoice controller={controller} attention={traced.attention} explorer={explorer} />
    </div>
  );
}

function HeadChoice({ controller, attention, explorer }: { controller: WorkbenchController; attention: TokenAttention; explorer: ExplorerState }) {
  return (
    <p className="inline-field">
      Attention row under the waveform:
      <LayerHeadSelect
        layers={attention.layers}
        heads={attention.heads}
        layer={explorer.layer}
        head={explorer.head}
        onChange={(layer, head) => controller.explorer.chooseHeads(layer, head)}
        labels={{ layer: 'Attention layer', head: 'Attention head' }}
        testIds={{ layer: 'explorer-layer', head: 'explorer-head' }}
      />
    </p>
  );
}
