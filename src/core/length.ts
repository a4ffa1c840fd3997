// NAT target length and initial hypothesis from the CTC greedy output (training/length.py, Mask-CTC).
// Its own file because it is the piece an explicit length predictor would replace.

/** The CTC greedy ids with those below `threshold` probability replaced by `mask`. */
export function initialHypothesis(ctcIds: readonly number[], ctcConfidences: readonly number[], threshold: number, mask: number): number[] {
  return ctcIds.map((id, i) => (ctcConfidences[i]! >= threshold ? id : mask));
}
