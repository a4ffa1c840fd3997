// What the Transformer looked at. Cross-attention (output tokens × encoder frames) for a chosen
// layer and head, or averaged, drawn on the waveform's time axis: each token's bright cells sit under
// the audio it was read from. Hovering a token marks its audio span on the waveform. Beside it, the
// encoder's self-attention (frames × frames) with the truncated-attention band the window allows.
import { useEffect, useMemo, useState } from 'react';
import type { HeldView, SegmentView } from '../engine/transcription';
import type { WorkbenchController } from '../state/controller';
import { isHeld } from '../state/segment-views';
import type { Item } from '../state/types';
import { selectHeads } from '../state/attention-row';
import { pieceLabel } from '../state/token-label';
import { hoverSpan } from '../state/view-state';
import { LayerHeadSelect } from '../views/LayerHeadSelect';
import { paintMatrix } from '../views/paint';
import { TimeAlignedCanvas, type TimedMatrix } from '../views/TimeAlignedCanvas';
import { Empty, Pane } from './Pane';

const ROW_PX = 14;

export function AttentionPane({ controller, item, compare }: { controller: WorkbenchController; item: Item | undefined; compare: boolean }) {
  // In compare mode the AT run's attention is shown (NAT's is one pass over all tokens at once).
  const which = compare && item?.compare ? 'compare' : 'run';
  const views = (which === 'compare' ? item?.compare?.at.views : item?.run?.views) ?? [];
  const [segment, setSegment] = useState(0);
  const [layer, setLayer] = useState(-1);
  const [head, setHead] = useState(-1);
  const [hovered, setHovered] = useState<number>();
  const index = Math.min(segment, views.length - 1);
  const shown: HeldView | undefined = views[index];
  const view = isHeld(shown) ? shown : undefined;
  const attention = view?.attention;
  const matrix = useMemo(() => (view ? selectHeads(view.attention, layer, head) : undefined), [view, layer, head]);
  // A segment whose view was dropped to bound memory is decoded again when shown (state/view-recompute.ts).
  const itemId = item?.id;
  useEffect(() => {
    if (itemId !== undefined && index >= 0) controller.showView(itemId, which, index);
  }, [controller, itemId, which, index, shown !== undefined && !isHeld(shown) && !shown.recomputing && !shown.problem]);

  const segmentSelect = views.length > 1 && (
    <select value={index} onChange={(e) => setSegment(Number(e.target.value))} aria-label="Segment">
      {views.map((v, i) => (
        <option key={i} value={i}>
          segment {i + 1} ({v.offsetS.toFixed(1)} s)
        </option>
      ))}
    </select>
  );

  if (!view || !attention || !matrix) {
    const dropped = shown && !isHeld(shown) ? shown : undefined;
    return (
      <Pane title="Attention" testId="pane-attention" className="attention" actions={segmentSelect ? <div className="pane-actions">{segmentSelect}</div> : undefined}>
        <Empty>
          {dropped
            ? dropped.problem
              ? `This segment's attention could not be recomputed: ${dropped.problem}`
              : <span data-testid="attention-recomputing">Recomputing… (only the last few segments shown keep their attention in memory; this one is decoded again as the run decoded it)</span>
            : item?.run
              ? 'Attention maps are kept only for recent runs (not in stored results): run the file again to see them.'
              : 'Cross-attention (tokens × encoder frames) appears here after a run.'}
        </Empty>
      </Pane>
    );
  }
  const rows = attention.rows;
  const height = Math.max(40, Math.min(260, rows * ROW_PX));
  const heatmap: TimedMatrix[] = [{ data: matrix, rows, columns: attention.frames, startS: view.offsetS, columnS: view.encoderFrameS, origin: 'top' }];
  const hover = (row: number | undefined) => {
    setHovered(row);
    const time = row === undefined ? undefined : view.tokenTimes[row];
    hoverSpan.update(() => time);
  };

  const actions = (
    <div className="pane-actions">
      {segmentSelect}
      <LayerHeadSelect
        layers={attention.layers}
        heads={attention.heads}
        layer={layer}
        head={head}
        onChange={(l, h) => (setLayer(l), setHead(h))}
        labels={{ layer: 'Layer', head: 'Head' }}
        testIds={{ layer: 'attention-layer', head: 'attention-head' }}
      />
    </div>
  );

  return (
    <Pane title={attention.source === 'ctc-posterior' ? 'Alignment (CTC posteriors)' : 'Cross-attention'} testId="pane-attention" className="attention" actions={actions}>
      <div className="gutter-row">
        <ol className="gutter token-labels" style={{ height }} data-testid="attention-tokens">
          {Array.from({ length: rows }, (_, r) => (
            <li
              key={r}
              style={{ height: height / rows, fontSize: Math.max(6, Math.min(10, height / rows)) }}
              className={hovered === r ? 'hovered' : ''}
              onMouseEnter={() => hover(r)}
              onMouseLeave={() => hover(undefined)}
              data-testid="attention-token"
            >
              {r < view.tokens.length ? pieceLabel(view.tokens[r]!) : '⟨eos⟩'}
            </li>
          ))}
        </ol>
        <TimeAlignedCanvas matrices={heatmap} height={height} testId="cross-attention" highlightRow={hovered} />
      </div>
      <SelfAttention view={view} />
    </Pane>
  );
}

function SelfAttention({ view }: { view: SegmentView }) {
  const S = view.encoderFrames;
  if (!view.selfAttention || S === 0) return <p className="muted">Encoder self-attention is only kept for full-file runs (not for live streaming).</p>;
  const { left, right } = view.window;
  const full = left >= S && right >= S;
  return (
    <figure className="self-attention" data-testid="self-attention">
      <div className="square">
        <canvas
          ref={(canvas) => {
            if (canvas) paintMatrix(canvas, view.selfAttention!, S, S);
          }}
        />
        {!full && (
          <svg viewBox={`0 0 ${S} ${S}`} preserveAspectRatio="none" data-testid="truncation-band">
            <line x1={-left} y1={0} x2={S - left} y2={S} />
            <line x1={right + 1} y1={0} x2={S + right + 1} y2={S} />
          </svg>
        )}
      </div>
      <figcaption>
        Encoder self-attention, last layer ({S} × {S} frames of 40 ms).{' '}
        {full ? 'Full context: every frame may attend to every other.' : `Truncated: ${left} frames left, ${right} look-ahead — the band between the lines.`}
      </figcaption>
    </figure>
  );
}
