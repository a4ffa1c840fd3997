// The loaded bundle's card: architecture (from model.json), training data, and the WER/CER table the
// recipe's evaluate stage printed; and a picker to load another bundle from the models folder.
import type { WorkbenchController } from '../state/controller';
import type { WorkbenchState } from '../state/types';
import { Pane } from './Pane';

interface EvaluationRow {
  window: string;
  decoder: string;
  wer: number;
  cer: number;
  words?: number;
}

/** The card's real-speech hours per source ({"speechocean762": 2.88, ...}) as "speechocean762 2.88 h · ...". */
function realSpeech(hours: unknown): string {
  if (typeof hours !== 'object' || hours === null) return String(hours);
  return Object.entries(hours as Record<string, unknown>).map(([source, h]) => `${source} ${String(h)} h`).join(' · ');
}

export function ModelPane({ controller, state }: { controller: WorkbenchController; state: WorkbenchState }) {
  const { model, bundles } = state;
  const config = model.config;
  const card = (config?.card ?? {}) as Record<string, unknown>;
  const training = card['training'] as Record<string, unknown> | undefined;
  const data = card['data'] as Record<string, unknown> | undefined;
  const languageModel = card['languageModel'] as Record<string, unknown> | undefined;
  const evaluation = card['evaluation'] as Record<string, { rows?: EvaluationRow[] }> | undefined;
  const picker = (
    <select value={model.bundle} onChange={(e) => controller.useBundle(e.target.value)} aria-label="Model bundle" data-testid="bundle-picker">
      {!bundles.some((b) => b.name === model.bundle) && <option value={model.bundle}>{model.bundle}</option>}
      {bundles.map((b) => (
        <option key={b.name} value={b.name}>
          {b.name}
        </option>
      ))}
    </select>
  );
  return (
    <Pane title="Model" testId="pane-model" className="model" actions={picker}>
      {model.status === 'loading' && <p className="muted">Loading {model.bundle}…</p>}
      {model.status === 'error' && (
        <p className="job-error" data-testid="model-error">
          <strong>{model.error?.code}</strong> {model.error?.message}
        </p>
      )}
      {config && (
        <div className="model-card" data-testid="model-card">
          {typeof card['summary'] === 'string' && <p>{card['summary']}</p>}
          {typeof card['note'] === 'string' && <p className="muted">{card['note']}</p>}
          <dl className="facts" data-testid="model-architecture">
            <dt>Parameters</dt>
            <dd>{config.architecture.parameters.toLocaleString('en')}</dd>
            <dt>Encoder</dt>
            <dd>
              {config.architecture.encoderLayers} layers · d {config.architecture.dModel} · {config.architecture.heads} heads · {config.architecture.frameMs} ms frames
            </dd>
            <dt>Decoders</dt>
            <dd>
              AT {config.architecture.atLayers} layers · NAT {config.architecture.natLayers} layers · CTC head
            </dd>
            <dt>Weights</dt>
            <dd data-testid="model-weights">{config.architecture.weightStorage}</dd>
            <dt>Vocabulary</dt>
            <dd>{config.tokens.list.length} tokens</dd>
            <dt>Streaming window</dt>
            <dd>
              {config.decoding.defaultWindows.left} left · {config.decoding.defaultWindows.right} look-ahead
            </dd>
            {languageModel && (
              <>
                <dt>Language model</dt>
                <dd data-testid="model-language-model">
                  characters, order {String(languageModel['order'])} · {Number(languageModel['contexts']).toLocaleString('en')} contexts · weight {config.decoding.lmWeight} in AT beam search, {config.decoding.ctcLmWeight} in CTC beam search
                </dd>
              </>
            )}
            {training && (
              <>
                <dt>Training</dt>
                <dd data-testid="model-training">
                  {/* a fine-tuned model lists every run it came from, oldest first (card.py's stages) */}
                  {(Array.isArray(training['stages']) ? (training['stages'] as Record<string, unknown>[]) : [training])
                    .map((run) => `${String(run['minutes'])} min · ${String(run['steps'])} steps · ${String(run['hardware'])}`)
                    .join(', then ')}
                </dd>
              </>
            )}
            {data && (
              <>
                <dt>Data</dt>
                <dd data-testid="model-data">
                  {String(data['hours_seen_per_epoch'])} h/epoch · {String(data['tts_hours'])} h synthetic · real {realSpeech(data['real_speech_hours'])}
                </dd>
              </>
            )}
          </dl>
          {evaluation && (
            <div className="table-scroll">
              <table className="wer-table" data-testid="wer-table">
                <thead>
                  <tr>
                    <th>set</th>
                    <th>window</th>
                    <th>decoder</th>
                    <th>WER %</th>
                    <th>CER %</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(evaluation).flatMap(([set, r]) =>
                    (r.rows ?? []).map((row, i) => (
                      <tr key={`${set}-${i}`}>
                        <td>{set}</td>
                        <td>{row.window}</td>
                        <td>{row.decoder}</td>
                        <td>{row.wer}</td>
                        <td>{row.cer}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          )}
          {!evaluation && <p className="muted small">This bundle's card has no evaluation table.</p>}
        </div>
      )}
    </Pane>
  );
}
