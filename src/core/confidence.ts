// How sure the model is of each word: two witnesses, combined. The decoder's own probability of the word's
// tokens (what it chose; for AT/NAT the attention decoder, for CTC the CTC spikes), and the CTC head's
// posteriors over the word's frames: the transcript's tokens force-aligned to the segment's CTC
// log-posteriors (ctcAlign, the Viterbi path with blanks), each token's probability the highest over its
// aligned frames. A word the attention decoder made up, or heard where the CTC head hears something else,
// scores low on the second witness even when the decoder was sure. Each witness is a word's mean token
// probability; the word's confidence is their weighted geometric mean, decoder^(1 - w) · ctc^w.
// The weight and the threshold that marks a word unsure were chosen per decoder on dev data
// (bench/confidence.ts, docs/editing.md): with the shipped model the CTC witness did not help any decoder find
// its wrong words on so762-dev150 (best F1 and average precision at weight 0), so the weights are 0 and a
// word's confidence is, for now, its decoder's mean token probability; the bench measures it again for a new
// model.

import type { CtcPosteriors } from './align';
import { ctcAlign } from './ctc-beam';
import type { DecoderKind } from './decoding';
import type { TokenTable } from './tokens';

// Attention rescoring's tokens carry CTC's aligned probabilities (ctc-beam.ts ctcAlignedDecode), so it takes CTC's
// weight and threshold: not yet measured on its own.
/** Weight of the CTC witness per decoder (docs/editing.md: chosen on so762-dev150). */
export const CTC_CONFIDENCE_WEIGHT: Readonly<Record<DecoderKind, number>> = { at: 0, nat: 0, ctc: 0, rescore: 0 };
/** Words below this confidence are marked unsure, per decoder (docs/editing.md: best F1 on so762-dev150). */
export const UNSURE_BELOW: Readonly<Record<DecoderKind, number>> = { at: 0.825, nat: 0.9, ctc: 0.9, rescore: 0.9 };

export interface WordWitnesses {
  /** Mean decoder probability of the word's tokens. */
  decoder: number;
  /** Mean CTC probability of the word's tokens over their aligned frames; undefined when the tokens do not fit the frames. */
  ctc: number | undefined;
}

/**
 * Per word of `ids` (runs of text tokens between space tokens, as timing.ts wordTimings groups them), the two
 * witnesses. `probabilities`: the decoder's probability of each id.
 */
export function wordWitnesses(ids: readonly number[], probabilities: readonly number[], posteriors: CtcPosteriors, tokens: TokenTable): WordWitnesses[] {
  const text = ids.map((id, i) => ({ id, i })).filter(({ id }) => id === tokens.space || tokens.piece(id) !== '');
  const spans = ctcAlign(posteriors.logProbs, posteriors.frames, posteriors.vocabulary, tokens.blank, text.map((t) => t.id));
  const ctcProbability = (k: number) => {
    const { first, last } = spans![k]!;
    const id = text[k]!.id;
    let best = 0;
    for (let f = first; f <= last; f++) best = Math.max(best, Math.exp(posteriors.logProbs[f * posteriors.vocabulary + id]!));
    return best;
  };
  const words: WordWitnesses[] = [];
  let current: { decoder: number[]; ctc: number[] } | undefined;
  const close = () => {
    if (current && current.decoder.length > 0) words.push({ decoder: mean(current.decoder), ctc: spans ? mean(current.ctc) : undefined });
    current = undefined;
  };
  text.forEach(({ id, i }, k) => {
    if (id === tokens.space) return close();
    current ??= { decoder: [], ctc: [] };
    current.decoder.push(probabilities[i] ?? 0);
    if (spans) current.ctc.push(ctcProbability(k));
  });
  close();
  return words;
}

/** The word's confidence: decoder^(1 - w) · ctc^w (the decoder's alone when there is no CTC witness). */
export function combineWitnesses(w: WordWitnesses, ctcWeight: number): number {
  if (w.ctc === undefined || ctcWeight === 0) return w.decoder;
  return w.decoder ** (1 - ctcWeight) * w.ctc ** ctcWeight;
}

/** Confidences of the words `ids` spell. */
export function wordConfidences(ids: readonly number[], probabilities: readonly number[], posteriors: CtcPosteriors, tokens: TokenTable, ctcWeight: number): number[] {
  return wordWitnesses(ids, probabilities, posteriors, tokens).map((w) => combineWitnesses(w, ctcWeight));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
