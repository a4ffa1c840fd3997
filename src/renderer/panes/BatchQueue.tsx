// The batch queue: every opened or dropped file with its state, a progress bar and ETA while it runs,
// cancel while queued or running, retry after an error or a cancel, and the error itself.
import { formatSeconds } from '../model';
import type { WorkbenchController } from '../state/controller';
import type { Item } from '../state/types';

const STATUS_TEXT = { queued: 'queued', loading: 'decoding audio', recognising: 'recognising', done: 'done', error: 'failed', cancelled: 'cancelled' } as const;

export function BatchQueue({ controller, items, selectedId }: { controller: WorkbenchController; items: Item[]; selectedId: string | undefined }) {
  if (items.length === 0) return <p className="empty">No audio yet. Open files (Ctrl+O), drop them anywhere on the window, or record.</p>;
  return (
    <ul className="clips" data-testid="clip-list">
      {items.map((item) => (
        <li key={item.id} className={`job ${item.status}${item.id === selectedId ? ' selected' : ''}`} data-testid="job" data-status={item.status} data-name={item.name}>
          <button type="button" className="job-main" onClick={() => controller.select(item.id)} title={item.source}>
            <span className="name">{item.name}</span>
            <span className="duration">{item.audio ? formatSeconds(item.audio.durationS) : ''}</span>
            {item.audio && item.audio.warnings.length > 0 && (
              <span className="warnings" title={item.audio.warnings.map((w) => w.message).join('\n')}>
                ⚠ {item.audio.warnings.length}
              </span>
            )}
          </button>
          <div className="job-state">
            <span className="status" data-testid="job-status">
              {STATUS_TEXT[item.status]}
              {item.run && item.status === 'done' ? ` · ${item.run.decoder.toUpperCase()} · RTF ${item.run.stats.rtf.toFixed(2)}` : ''}
            </span>
            {(item.status === 'loading' || item.status === 'recognising') && (
              <>
                <progress max={1} value={item.progress} data-testid="job-progress" />
                <span className="eta" data-testid="job-eta">
                  {item.etaS === undefined ? '…' : `~${Math.ceil(item.etaS)} s left`}
                </span>
              </>
            )}
            {(item.status === 'queued' || item.status === 'loading' || item.status === 'recognising') && (
              <button type="button" className="link" onClick={() => controller.cancel(item.id)} data-testid="job-cancel">
                Cancel
              </button>
            )}
            {(item.status === 'error' || item.status === 'cancelled') && item.kind !== 'stored' && (
              <button type="button" className="link" onClick={() => controller.retry(item.id)} data-testid="job-retry">
                Retry
              </button>
            )}
          </div>
          {item.error && (
            <p className="job-error" data-testid="job-error" data-code={item.error.code}>
              <strong>{item.error.code}</strong> {item.error.message}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
