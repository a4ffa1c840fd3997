// Results stored on disk (they survive a restart): open one, export it as TXT, SRT, VTT or JSON.
import type { ExportFormat } from '../../shared/contract';
import { formatSeconds } from '../model';
import type { WorkbenchController } from '../state/controller';
import type { WorkbenchState } from '../state/types';

const FORMATS: ExportFormat[] = ['txt', 'srt', 'vtt', 'json'];

export function ResultsList({ controller, state }: { controller: WorkbenchController; state: WorkbenchState }) {
  if (state.results.length === 0) return <p className="empty">Finished transcriptions are saved here.</p>;
  return (
    <ul className="results" data-testid="results-list">
      {state.results.map((r) => (
        <li key={r.id} data-testid="result" data-result-id={r.id} data-name={r.name}>
          <button type="button" className="result-main" onClick={() => void controller.openResult(r.id)} title={`${r.source}\n${new Date(r.createdAt).toLocaleString()}`}>
            <span className="name">{r.name}</span>
            <span className="meta">
              {r.decoder.toUpperCase()} · {formatSeconds(r.durationS)}
            </span>
            <span className="preview">{r.preview || '(empty)'}</span>
          </button>
          <span className="exports">
            {FORMATS.map((format) => (
              <button key={format} type="button" className="link" onClick={() => void controller.exportResult(r.id, format)} data-testid={`export-${format}`}>
                {format.toUpperCase()}
              </button>
            ))}
            <button type="button" className="link danger" onClick={() => void controller.deleteResult(r.id)} aria-label={`Delete ${r.name}`}>
              ×
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}
