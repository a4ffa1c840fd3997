// Word-aware CTC prefix beam search (twin of training/word_search.py): ctc-beam.ts's search with the word language
// model's fusion (word-fusion.ts), so that hypotheses are words of its vocabulary, with an escape at a penalty for
// the rest. The search itself is ctc-beam.ts's CtcBeamDecoder; this is its n-best for one whole utterance.

import { CtcBeamDecoder, type CtcBeamOptions, type ScoredHypothesis } from './ctc-beam';

/** The n-best for one utterance's CTC log-probabilities (frames × vocabulary), best first by the search's final score. */
export function wordBeamSearch(logProbs: Float32Array, frames: number, vocabulary: number, blank: number, eos: number, options: CtcBeamOptions): ScoredHypothesis[] {
  return new CtcBeamDecoder(vocabulary, blank, eos, options).push(logProbs, frames).nBest();
}
