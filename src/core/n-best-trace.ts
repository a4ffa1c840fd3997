// The n-best lists of the searches that end in one, as traces (trace.ts NBestTrace): CTC prefix beam search
// (ctc-beam.ts) and attention rescoring of its n-best (rescore.ts), each entry with its score's terms.

import type { ScoredHypothesis, Hypothesis } from './ctc-beam';
import type { RescoreWeights } from './rescore';
import type { TokenTable } from './tokens';
import type { NBestEntry, NBestTrace, TraceSettings } from './trace';

/** CTC prefix beam search's n-best (ctc-beam.ts nBest: already best first), its first `settings.nBest`. */
export function ctcBeamTrace(nBest: readonly ScoredHypothesis[], beam: number, tokens: TokenTable, settings: TraceSettings): NBestTrace {
  return {
    kind: 'ctc-beam',
    beam,
    nBest: nBest.slice(0, settings.nBest).map((h) => ({ tokens: [...h.tokens], text: tokens.decode(h.tokens), score: h.score, parts: { ctc: h.ctc, fusion: h.fusion } })),
  };
}

/**
 * Rescoring's n-best: the beam's entries best first by the combined score (equals in the beam's order, as the
 * choice takes the first), each with the combined score's four terms (rescore.ts combined).
 */
export function rescoreTrace(hypotheses: readonly Hypothesis[], at: readonly number[], scores: readonly number[], weights: RescoreWeights, beam: number, tokens: TokenTable, settings: TraceSettings): NBestTrace {
  const entries = hypotheses.map((h, i): NBestEntry & { i: number } => ({
    i,
    tokens: [...h.tokens],
    text: tokens.decode(h.tokens),
    score: scores[i]!,
    parts: { ctc: weights.ctcWeight * h.ctc, at: (1 - weights.ctcWeight) * at[i]!, fusion: weights.lmWeight * h.fusion, lengthBonus: weights.lengthBonus * h.tokens.length },
  }));
  entries.sort((a, b) => b.score - a.score || a.i - b.i);
  return { kind: 'rescore', beam, nBest: entries.slice(0, settings.nBest).map(({ i: _i, ...entry }) => entry) };
}
