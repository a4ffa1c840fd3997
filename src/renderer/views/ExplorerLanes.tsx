// The decoding explorer's lanes under the waveform, on its time axis: the cross-attention row of the AT step shown
// (it moves as the step moves; its peak frame is lit on the waveform), and the CTC evidence lane (per encoder frame: the blank's probability as the dark
// part, the likeliest other character's as the bar, its letter over the spikes). A click on the lane, or ←/→ on it,
// picks a frame, whose top-k tokens are listed below it.
import { useEffect, useMemo, type KeyboardEvent, type MouseEvent } from 'react';
import type { TracedSegment } from '../engine/trace-segment';
import { atStepView } from '../state/at-step-view';
import { attentionRow, peakFrame } from '../state/attention-row';
import type { WorkbenchController } from '../state/controller';
import { attendedFrames, emissions, frameTopK, spikes } from '../state/ctc-evidence';
import { useStore } from '../state/store';
import { tokenLabel } from '../state/token-label';
import type { ExplorerState } from '../state/types';
import { hoverSpan, timeAxis } from '../state/view-state';
import { TimeAlignedCanvas, type TimedMatrix } from './TimeAlignedCanvas';

const TOP_K = 5;

export function ExplorerLanes({ controller, explorer }: { controller: WorkbenchController; explorer: ExplorerState }) {
  const traced = explorer.traced;
  if (!explorer.open || !traced) return null;
  return (
    <>
      {traced.trace?.kind === 'at' && <StepAttentionLane controller={controller} traced={traced} layer={explorer.layer} head={explorer.head} />}
      {traced.lane && <CtcLaneView controller={controller} traced={traced} frame={explorer.frame} />}
    </>
  );
}

function StepAttentionLane({ controller, traced, layer, head }: { controller: WorkbenchController; traced: TracedSegment; layer: number; head: number }) {
  const { step } = useStore(controller.explorer.steps.store);
  const trace = traced.trace!;
  const row = trace.kind === 'at' ? atStepView(trace, step, traced.vocabulary, traced.special).attentionRow : -1;
  const data = useMemo(() => (row >= 0 && row < traced.attention.rows ? attentionRow(traced.attention, row, layer, head) : undefined), [traced, row, layer, head]);
  const matrices: TimedMatrix[] = data ? [{ data, rows: 1, columns: data.length, startS: traced.offsetS, columnS: traced.encoderFrameS, origin: 'top' }] : [];
  const peak = data ? peakFrame(data) : -1;
  // The frame the step attends to most is lit on the waveform (the hover-span region), moving with the step.
  useEffect(() => {
    if (peak < 0) return;
    const start = traced.offsetS + peak * traced.encoderFrameS;
    hoverSpan.update(() => ({ start, end: start + traced.encoderFrameS }));
    return () => hoverSpan.update(() => undefined);
  }, [traced, peak]);
  return (
    <div className="gutter-row" data-testid="explorer-attention-row" data-step={step} data-row={row} data-peak-frame={peak}>
      <span className="gutter" title="The cross-attention of the decoder step shown in the explorer (its chosen layer and head, or the mean)">
        step {step}
      </span>
      {data ? <TimeAlignedCanvas matrices={matrices} height={14} testId="explorer-attention-canvas" /> : <p className="muted small">The result had ended by this step: the search went on with other hypotheses only.</p>}
    </div>
  );
}

function CtcLaneView({ controller, traced, frame }: { controller: WorkbenchController; traced: TracedSegment; frame: number | undefined }) {
  const lane = traced.lane!;
  const frames = lane.blank.length;
  const axis = useStore(timeAxis);
  const pxPerS = axis.durationS > 0 ? axis.contentPx / axis.durationS : 0;
  const peaks = useMemo(() => spikes(lane), [lane]);
  const letters = useMemo(() => emissions(lane), [lane]);
  const label = (id: number) => tokenLabel(id, traced.vocabulary, traced.special);
  const choose = (f: number) => controller.explorer.chooseFrame(Math.max(0, Math.min(frames - 1, f)));
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    choose(Math.floor(((event.clientX - box.left) / box.width) * frames));
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, PageDown: -10, PageUp: 10 };
    if (event.key === 'Home') choose(0);
    else if (event.key === 'End') choose(frames - 1);
    else if (moves[event.key] !== undefined) choose(frame === undefined ? 0 : frame + moves[event.key]!);
    else return;
    event.preventDefault();
  };
  const top = frame !== undefined && traced.posteriors ? frameTopK(traced.posteriors, frame, TOP_K) : [];
  // With truncated attention, the frames the picked frame's self-attention sees are shaded on the lane.
  const seen = frame === undefined ? undefined : attendedFrames(frame, traced.window, traced.unlimited, frames);
  return (
    <>
      <div className="gutter-row">
        <span className="gutter" title="CTC evidence per encoder frame: dark = the blank, bar = the likeliest other character">
          ctc
        </span>
        <div className="time-aligned ctc-lane-box" style={{ height: 28 }}>
          <div
            className="ctc-lane"
            style={{ left: traced.offsetS * pxPerS - axis.scrollPx, width: frames * lane.frameS * pxPerS }}
            role="slider"
            tabIndex={0}
            aria-label="CTC evidence lane: pick an encoder frame (← →)"
            aria-valuemin={0}
            aria-valuemax={frames - 1}
            aria-valuenow={frame ?? 0}
            aria-valuetext={frame === undefined ? 'no frame picked' : `frame ${frame}`}
            onClick={onClick}
            onKeyDown={onKey}
            data-testid="ctc-lane"
            data-frames={frames}
            data-spikes={peaks.length}
          >
            <svg viewBox={`0 0 ${frames} 1`} preserveAspectRatio="none" aria-hidden="true">
              {lane.p.map((p, t) => (
                <rect key={t} x={t} width={1} y={1 - p} height={p} className={p > lane.blank[t]! ? 'spike' : ''} />
              ))}
              {seen && <rect className="window" x={seen.first} width={seen.last - seen.first + 1} y={0} height={1} data-testid="ctc-lane-window" />}
              {frame !== undefined && <rect className="picked" x={frame} width={1} y={0} height={1} />}
            </svg>
            {letters.map((t) => (
              <span key={t} className="lane-letter" style={{ left: `${((t + 0.5) / frames) * 100}%` }}>
                {label(lane.token[t]!)}
              </span>
            ))}
          </div>
        </div>
      </div>
      {frame !== undefined && (
        <p className="facts-line ctc-frame" data-testid="ctc-frame-topk" data-frame={frame}>
          frame {frame} ({(traced.offsetS + frame * lane.frameS).toFixed(2)} s)
          {seen ? `, sees frames ${seen.first}–${seen.last} (window: ${traced.window.left} back, ${traced.window.right} ahead)` : ', sees the whole segment (full context)'}:{' '}
          {top.map((c) => (
            <span key={c.token} className="candidate" data-testid="ctc-frame-candidate">
              {label(c.token)} {(c.p * 100).toFixed(1)} %
            </span>
          ))}
        </p>
      )}
    </>
  );
}
