// The CTC evidence lane of the decoding explorer: per encoder frame, how likely the blank is and which other token
// is likeliest. Read from a segment's CTC log-posteriors (align.ts CtcPosteriors), the dense ones the encoder gives or
// the ones a stored result keeps (posteriors.ts restorePosteriors), so a stored result has its lane without a trace
// and nothing stores the frames twice.

import type { CtcPosteriors } from './align';
import type { CtcLane } from './trace';

export function ctcLane(posteriors: CtcPosteriors, blank: number, frameS: number): CtcLane {
  const { logProbs, frames, vocabulary: V } = posteriors;
  const lane: CtcLane = { frameS, blank: new Array<number>(frames), token: new Array<number>(frames), p: new Array<number>(frames) };
  for (let t = 0; t < frames; t++) {
    const row = t * V;
    let best = -1;
    for (let k = 0; k < V; k++) if (k !== blank && (best < 0 || logProbs[row + k]! > logProbs[row + best]!)) best = k; // ties: the lower id
    lane.blank[t] = Math.exp(logProbs[row + blank]!);
    lane.token[t] = best;
    lane.p[t] = Math.exp(logProbs[row + best]!);
  }
  return lane;
}

/** The lane's likeliest token at frame `t` (blank or the other token), ties to the lower id as CTC greedy breaks them. */
export function laneArgmax(lane: CtcLane, blank: number, t: number): number {
  const other = lane.token[t]!;
  const pBlank = lane.blank[t]!;
  const pOther = lane.p[t]!;
  return pBlank > pOther || (pBlank === pOther && blank < other) ? blank : other;
}
