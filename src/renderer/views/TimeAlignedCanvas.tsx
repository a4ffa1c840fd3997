// A matrix (rows × columns, columns evenly spaced in time) drawn under the waveform's time axis: it
// scrolls and zooms with the waveform, so a heatmap column sits under the audio it describes.
import { useEffect, useRef } from 'react';
import { timeAxis } from '../state/view-state';
import { useStore } from '../state/store';
import { paintMatrix } from './paint';

export interface TimedMatrix {
  data: Float32Array;
  rows: number;
  columns: number;
  /** Seconds of the first column's start, and per column. */
  startS: number;
  columnS: number;
  /** Row 0 drawn at the top (tokens) or at the bottom (mel bands, low frequencies down). */
  origin: 'top' | 'bottom';
}

export function TimeAlignedCanvas({ matrices, height, testId, highlightRow }: { matrices: TimedMatrix[]; height: number; testId: string; highlightRow?: number }) {
  const axis = useStore(timeAxis);
  const pxPerS = axis.durationS > 0 ? axis.contentPx / axis.durationS : 0;
  return (
    <div className="time-aligned" style={{ height }} data-testid={testId}>
      {matrices.map((m, i) => (
        <MatrixCanvas
          key={i}
          matrix={m}
          highlightRow={highlightRow}
          style={{ left: m.startS * pxPerS - axis.scrollPx, width: m.columns * m.columnS * pxPerS, height }}
        />
      ))}
    </div>
  );
}

function MatrixCanvas({ matrix, style, highlightRow }: { matrix: TimedMatrix; style: React.CSSProperties; highlightRow: number | undefined }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintMatrix(ref.current, matrix.data, matrix.rows, matrix.columns, { flip: matrix.origin === 'bottom', highlightRow });
  }, [matrix, highlightRow]);
  return <canvas ref={ref} className="matrix" style={style} />;
}
