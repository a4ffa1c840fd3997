// WER / CER with substitutions, deletions and insertions: the twin of training/score.py (same
// minimum-edit alignment and the same tie-breaking, so both sides count S/D/I identically).

import { normalise } from './text';

export interface EditCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Reference length. */
  n: number;
}

/** Counts of one minimum-edit alignment of `hypothesis` against `reference`. */
export function editCounts<T>(reference: readonly T[], hypothesis: readonly T[]): EditCounts {
  const n = reference.length;
  const m = hypothesis.length;
  // Each cell: [cost, subs, dels, ins]; ties keep the diagonal, then deletion, then insertion.
  let previous: [number, number, number, number][] = Array.from({ length: m + 1 }, (_, j) => [j, 0, 0, j]);
  for (let i = 1; i <= n; i++) {
    const current: [number, number, number, number][] = [[i, 0, i, 0]];
    for (let j = 1; j <= m; j++) {
      let best: [number, number, number, number];
      const [dc, ds, dd, di] = previous[j - 1]!;
      best = reference[i - 1] === hypothesis[j - 1] ? [dc, ds, dd, di] : [dc + 1, ds + 1, dd, di];
      const [uc, us, ud, ui] = previous[j]!;
      if (uc + 1 < best[0]) best = [uc + 1, us, ud + 1, ui];
      const [lc, ls, ld, li] = current[j - 1]!;
      if (lc + 1 < best[0]) best = [lc + 1, ls, ld, li + 1];
      current.push(best);
    }
    previous = current;
  }
  const [, substitutions, deletions, insertions] = previous[m]!;
  return { substitutions, deletions, insertions, n };
}

/** Accumulates counts over utterances (training/score.py Tally). */
export class Tally {
  substitutions = 0;
  deletions = 0;
  insertions = 0;
  n = 0;

  add<T>(reference: readonly T[], hypothesis: readonly T[]): EditCounts {
    const c = editCounts(reference, hypothesis);
    this.substitutions += c.substitutions;
    this.deletions += c.deletions;
    this.insertions += c.insertions;
    this.n += c.n;
    return c;
  }

  rate(): number {
    return (this.substitutions + this.deletions + this.insertions) / Math.max(1, this.n);
  }
}

export const words = (text: string): string[] => text.split(' ').filter((w) => w.length > 0);
export const characters = (text: string): string[] => Array.from(text);

/** Word error rate of one pair, both normalised first. */
export function wordErrorRate(reference: string, hypothesis: string): number {
  return rateOf(words(normalise(reference)), words(normalise(hypothesis)));
}

/** Character error rate of one pair (spaces count as characters), both normalised first. */
export function characterErrorRate(reference: string, hypothesis: string): number {
  return rateOf(characters(normalise(reference)), characters(normalise(hypothesis)));
}

function rateOf<T>(reference: readonly T[], hypothesis: readonly T[]): number {
  const t = new Tally();
  t.add(reference, hypothesis);
  return t.rate();
}
