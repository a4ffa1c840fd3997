// Decoding controls: decoder (AT beam search, NAT Mask-CTC, CTC beam search, CTC + AT rescoring), beam sizes, joint CTC scoring, the
// character language model (AT and CTC beam search), mask-predict
// iterations, the encoder's truncated-attention window, the inference backend; and the actions that
// use them on the selected audio.
import type { WorkbenchSettings } from '../../shared/contract';
import type { WorkbenchController } from '../state/controller';
import type { Item, WorkbenchState } from '../state/types';
import { Pane } from './Pane';

const DECODERS: { value: WorkbenchSettings['decoder']; label: string; hint: string }[] = [
  { value: 'at', label: 'AT', hint: 'autoregressive: one decoder step per token (Ctrl+1)' },
  { value: 'nat', label: 'NAT', hint: 'non-autoregressive Mask-CTC: a few parallel passes (Ctrl+2)' },
  { value: 'ctc', label: 'CTC', hint: 'the encoder’s CTC head alone: prefix beam search with the language model, greedy at beam size 1 (Ctrl+3)' },
  {
    value: 'rescore',
    label: 'CTC+AT',
    hint: 'attention rescoring: the CTC beam’s n-best (the bundle’s size) scored by the AT decoder in one pass, CTC and AT scores combined (Ctrl+4)',
  },
];

export function DecodingPane({ controller, state, item }: { controller: WorkbenchController; state: WorkbenchState; item: Item | undefined }) {
  const { settings, model } = state;
  const set = (change: Partial<WorkbenchSettings>) => controller.updateSettings(change);
  const trained = model.config?.architecture.trainedWindows;
  const lmWeight = model.config?.decoding.lmWeight ?? 0;
  const ctcLmWeight = model.config?.decoding.ctcLmWeight ?? 0;
  const runnable = !!item?.audio && model.status === 'ready' && item.status !== 'queued' && item.status !== 'loading' && item.status !== 'recognising';
  return (
    <Pane title="Decoding" testId="pane-decoding" className="decoding">
      <div className="segmented wide" role="radiogroup" aria-label="Decoder" data-testid="decoder-choice" data-value={settings.decoder}>
        {DECODERS.map((d) => (
          <button key={d.value} type="button" role="radio" aria-checked={settings.decoder === d.value} className={settings.decoder === d.value ? 'on' : ''} title={d.hint} onClick={() => set({ decoder: d.value })} data-testid={`decoder-${d.value}`}>
            {d.label}
          </button>
        ))}
      </div>
      <div className="form-grid">
        <label htmlFor="beam">Beam size (AT)</label>
        <input id="beam" type="number" min={1} max={16} value={settings.beam} onChange={(e) => set({ beam: clamp(e.target.valueAsNumber, 1, 16) })} data-testid="beam-input" />
        <label htmlFor="ctc-beam">Beam size (CTC)</label>
        <input id="ctc-beam" type="number" min={1} max={16} value={settings.ctcBeam} onChange={(e) => set({ ctcBeam: clamp(e.target.valueAsNumber, 1, 16) })} title="CTC prefix beam search, with the language model when it is on; it also gives the live transcript its partials. 1 = greedy" data-testid="ctc-beam-input" />
        <label htmlFor="joint-ctc">CTC prefix scoring (AT)</label>
        <input id="joint-ctc" type="checkbox" checked={settings.jointCtc} onChange={(e) => set({ jointCtc: e.target.checked })} title={`Joint CTC/attention decoding: each AT step also weighs the CTC prefix score (weight ${model.config?.decoding.atCtcWeight ?? 0} from the bundle), which keeps the decoder on what the audio says; off: the AT decoder alone`} data-testid="joint-ctc-input" />
        <label htmlFor="language-model">Language model (beam search)</label>
        <input
          id="language-model"
          type="checkbox"
          checked={settings.languageModel}
          disabled={!lmWeight && !ctcLmWeight}
          onChange={(e) => set({ languageModel: e.target.checked })}
          title={
            lmWeight || ctcLmWeight
              ? `Shallow fusion: with beam size 2 or more each character adds the bundle's character language model's log-probability × ${lmWeight} (AT) or × ${ctcLmWeight} (CTC); greedy decoding leaves it out`
              : 'This bundle has no language model (lm.bin)'
          }
          data-testid="language-model-input"
        />
        <label htmlFor="iterations">Mask-predict iterations (NAT)</label>
        <input id="iterations" type="number" min={0} max={10} value={settings.iterations} onChange={(e) => set({ iterations: clamp(e.target.valueAsNumber, 0, 10) })} data-testid="iterations-input" />
        <label htmlFor="truncated">Truncated attention</label>
        <input id="truncated" type="checkbox" checked={settings.truncated} onChange={(e) => set({ truncated: e.target.checked })} data-testid="truncated-input" />
        <label htmlFor="left">Window left (frames)</label>
        <input id="left" type="number" min={0} max={512} disabled={!settings.truncated} value={settings.windowLeft} onChange={(e) => set({ windowLeft: clamp(e.target.valueAsNumber, 0, 512) })} data-testid="window-left-input" />
        <label htmlFor="right">Look-ahead (frames)</label>
        <input id="right" type="number" min={0} max={64} disabled={!settings.truncated} value={settings.windowRight} onChange={(e) => set({ windowRight: clamp(e.target.valueAsNumber, 0, 64) })} data-testid="window-right-input" />
        <label htmlFor="backend">Backend</label>
        <select id="backend" value={settings.backend} onChange={(e) => set({ backend: e.target.value as WorkbenchSettings['backend'] })} data-testid="backend-select">
          <option value="auto">Auto</option>
          <option value="webgpu">WebGPU</option>
          <option value="wasm">WASM</option>
        </select>
      </div>
      {trained && <p className="muted small">Trained windows: left {trained.left.join('/')}, look-ahead {trained.right.join('/')} (40 ms frames).</p>}
      <div className="button-row">
        <button type="button" onClick={() => controller.rerun(item?.id)} disabled={!runnable} data-testid="rerun-button">
          Transcribe again
        </button>
        <button type="button" onClick={() => void controller.compare(item?.id)} disabled={!runnable || item?.comparing} data-testid="compare-button" title="Ctrl+K">
          Compare AT / NAT
        </button>
      </div>
    </Pane>
  );
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.max(min, Math.min(max, Math.round(value))) : min;
}
