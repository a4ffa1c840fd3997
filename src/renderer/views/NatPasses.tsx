// Mask-CTC decoding side by side: the CTC seed (positions below the threshold masked, ▢), then the hypothesis after
// each mask-predict pass, the positions that pass filled in marked with the decoder's confidence, and what it left
// masked for the next; the length CTC predicted against the output's.
import type { NatTrace } from '../../core/trace';
import type { TracedSegment } from '../engine/trace-segment';
import { natView } from '../state/nat-view';

export function NatPasses({ traced, trace }: { traced: TracedSegment; trace: NatTrace }) {
  const view = natView(trace, traced.vocabulary, traced.special);
  return (
    <div className="nat-passes" data-testid="explorer-nat">
      <p className="muted small" data-testid="explorer-nat-lengths" data-predicted={view.predictedLength} data-final={view.finalLength}>
        Length predicted by CTC: {view.predictedLength} · final length: {view.finalLength} · masked below {Math.round(view.threshold * 100)} %: {view.masked} position{view.masked === 1 ? '' : 's'} ·{' '}
        {trace.iterations.length} pass{trace.iterations.length === 1 ? '' : 'es'}
      </p>
      {view.predictedLength === 0 ? (
        <p className="empty">CTC found no characters in this segment: nothing to refine.</p>
      ) : (
        <div className="table-scroll">
          <table className="nat-table">
            <tbody>
              {view.rows.map((row, r) => (
                <tr key={r} data-testid="explorer-nat-row" data-label={row.label} data-filled={row.cells.filter((c) => c.filled).length} data-masked={row.cells.filter((c) => c.masked).length}>
                  <th scope="row">{row.label}</th>
                  {row.cells.map((cell, u) => (
                    <td
                      key={u}
                      className={`${cell.masked ? 'masked' : ''} ${cell.filled ? 'filled' : ''}`}
                      title={`position ${u}: ${cell.token} ${(cell.confidence * 100).toFixed(1)} %${cell.filled ? ' (filled in by this pass)' : ''}${cell.masked ? ' (masked for the next pass)' : ''}`}
                    >
                      <span className="cell-token">{cell.token}</span>
                      {(cell.filled || r === 0) && <span className="cell-confidence">{Math.round(cell.confidence * 100)}</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
