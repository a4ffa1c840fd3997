// What the explorer shows of Mask-CTC decoding (core's NatTrace, trace.ts), side by side: the CTC seed with the
// positions below the threshold masked, then after each mask-predict pass the whole hypothesis, the positions that
// pass filled in with the decoder's confidence, and the positions it left masked for the next pass; the length CTC
// predicted against the output's.
import type { TokenSpecials } from '../engine/trace-segment';
import type { NatTrace } from '../../core/trace';
import { tokenLabel } from './token-label';

export interface NatCell {
  token: string;
  confidence: number;
  /** Masked at this point: the next pass predicts it. */
  masked: boolean;
  /** This pass predicted it. */
  filled: boolean;
}

export interface NatRow {
  /** 'CTC seed', or 'pass 1', 'pass 2', … */
  label: string;
  cells: NatCell[];
}

export interface NatView {
  threshold: number;
  predictedLength: number;
  finalLength: number;
  rows: NatRow[];
  masked: number;
}

export function natView(trace: NatTrace, vocabulary: readonly string[], special: TokenSpecials): NatView {
  const label = (id: number) => tokenLabel(id, vocabulary, special);
  const masked = new Set(trace.masked);
  const tokens = [...trace.seed.tokens];
  const confidences = [...trace.seed.confidences];
  const rows: NatRow[] = [
    {
      label: 'CTC seed',
      cells: tokens.map((id, u) => ({ token: masked.has(u) ? label(special.mask) : label(id), confidence: confidences[u]!, masked: masked.has(u), filled: false })),
    },
  ];
  trace.iterations.forEach((pass, k) => {
    const filled = new Set(pass.positions);
    pass.positions.forEach((u, i) => {
      tokens[u] = pass.tokens[i]!;
      confidences[u] = pass.confidences[i]!;
    });
    // What the next pass predicts is masked after this one (core's nat.ts re-masks the least confident).
    const next = new Set(trace.iterations[k + 1]?.positions ?? []);
    rows.push({
      label: `pass ${k + 1}`,
      cells: tokens.map((id, u) => ({ token: next.has(u) ? label(special.mask) : label(id), confidence: confidences[u]!, masked: next.has(u), filled: filled.has(u) })),
    });
  });
  return { threshold: trace.threshold, predictedLength: trace.predictedLength, finalLength: trace.finalLength, rows, masked: trace.masked.length };
}
