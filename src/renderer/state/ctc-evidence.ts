// The CTC evidence lane's frames (core's ctc-lane.ts): per encoder frame the blank's probability and the likeliest
// other character, and, for the frame the user picks, its top-k tokens from the segment's CTC posteriors. Frames are
// picked by time (a click on the lane) or stepped with the arrow keys.
import type { CtcPosteriors } from '../../core/align';
import type { CtcLane } from '../../core/trace';

export interface FrameCandidate {
  token: number;
  p: number;
}

/** Frame `frame`'s `k` likeliest tokens (blank included), best first; ties to the lower id. */
export function frameTopK(posteriors: CtcPosteriors, frame: number, k: number): FrameCandidate[] {
  const { logProbs, frames, vocabulary: V } = posteriors;
  if (!(frame >= 0 && frame < frames)) throw new Error(`frame ${frame} is outside the segment's ${frames} frames`);
  const row: FrameCandidate[] = [];
  for (let id = 0; id < V; id++) row.push({ token: id, p: Math.exp(logProbs[frame * V + id]!) });
  return row.sort((a, b) => b.p - a.p || a.token - b.token).slice(0, k);
}

/** The frame under time `seconds` (the lane starts at `offsetS`), clamped to the lane. */
export function frameAt(lane: CtcLane, offsetS: number, seconds: number): number {
  const frames = lane.blank.length;
  return Math.max(0, Math.min(frames - 1, Math.floor((seconds - offsetS) / lane.frameS)));
}

/** Where the lane's likeliest token is not the blank: CTC's spikes, the frames that emit characters. */
export function spikes(lane: CtcLane): number[] {
  const out: number[] = [];
  for (let t = 0; t < lane.blank.length; t++) if (lane.p[t]! > lane.blank[t]!) out.push(t);
  return out;
}

/** The spikes that start a character (CTC collapses a run of one character into one): where the lane writes letters. */
export function emissions(lane: CtcLane): number[] {
  return spikes(lane).filter((t, i, all) => !(i > 0 && all[i - 1] === t - 1 && lane.token[t - 1] === lane.token[t]));
}

/**
 * The encoder frames a frame's self-attention could see: with truncated attention, `left` frames back and `right`
 * ahead (the encoder's window, in encoder frames: one per lane frame), clamped to the segment; undefined at full
 * context (every layer sees the whole segment). Stacked layers reach further (layers × the window), but each
 * layer's own window is what the model was trained with and what the Decoding pane sets.
 */
export function attendedFrames(frame: number, window: { left: number; right: number }, unlimited: number, frames: number): { first: number; last: number } | undefined {
  if (window.left >= unlimited && window.right >= unlimited) return undefined;
  return { first: Math.max(0, frame - window.left), last: Math.min(frames - 1, frame + window.right) };
}
