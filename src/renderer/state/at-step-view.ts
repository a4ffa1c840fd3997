// What the explorer shows at AT step t (core's AtTrace, trace.ts): the decoder's input so far, its likeliest next
// tokens with their probabilities, how the hypothesis' score splits into the AT, CTC, LM and word-LM terms, the stop
// token's probability, and the beam at that step with each hypothesis' score and whether it survived. The step
// follows the hypothesis the result extends; after the result ended, the best one still in the beam.
import type { TokenSpecials } from '../engine/trace-segment';
import { decoderInput, type AtTrace, type ScoreParts } from '../../core/trace';
import { tokenLabel } from './token-label';

export interface NextTokenBar {
  token: string;
  p: number;
  /** What choosing it adds to the joint score; null where the search could not choose it. */
  gain: number | null;
  /** The token the followed hypothesis went on with (⟨eos⟩ where it ended here). */
  chosen: boolean;
}

export interface ScorePartBar {
  name: 'AT' | 'CTC' | 'LM' | 'word LM';
  value: number;
  /** The term's weight in the search (1 − CTC weight for AT); 0: the model took no part. */
  weight: number;
}

export interface BeamRow {
  index: number;
  /** Its decoder input after ⟨sos⟩, as text. */
  text: string;
  score: number;
  /** An extension of it is in the next step's beam. */
  kept: boolean;
  /** It ended here (⟨eos⟩, the length cap or the repetition guard) as one of the n-best kept. */
  ended: boolean;
  /** The one the result extends. */
  best: boolean;
}

export interface AtStepView {
  step: number;
  /** Steps in the trace (the slider's range is 0..count − 1). */
  count: number;
  /** Which hypothesis the step shows, and whether it is the one the result extends. */
  hypothesis: number;
  onResultPath: boolean;
  /** ⟨sos⟩ and the tokens after it: what the decoder is fed at this step. */
  input: string[];
  next: NextTokenBar[];
  parts: ScorePartBar[];
  score: number;
  stop: number;
  beam: BeamRow[];
  /** Row of the result's cross-attention belonging to this step, or -1 (after the result ended). */
  attentionRow: number;
}

export function atStepView(trace: AtTrace, step: number, vocabulary: readonly string[], special: TokenSpecials): AtStepView {
  const count = trace.steps.length;
  if (count === 0) throw new Error('the AT trace has no steps');
  const t = Math.max(0, Math.min(count - 1, step));
  const at = trace.steps[t]!;
  const onResultPath = at.best >= 0;
  const index = onResultPath ? at.best : 0;
  const h = at.hypotheses[index]!;
  const label = (id: number, where: 'input' | 'output' = 'output') => tokenLabel(id, vocabulary, special, where);
  const followed = followedToken(trace, t, index, special.sosEos);
  return {
    step: t,
    count,
    hypothesis: index,
    onResultPath,
    input: [label(special.sosEos, 'input'), ...decoderInput(trace, t, index).map((id) => label(id))],
    next: h.next.map((n) => ({ token: label(n.token), p: n.p, gain: n.gain, chosen: n.token === followed })),
    parts: scoreParts(h.parts, trace.weights),
    score: h.score,
    stop: h.stop,
    beam: at.hypotheses.map((b, i) => ({
      index: i,
      text: decoderInput(trace, t, i)
        .map((id) => vocabulary[id] ?? '')
        .join(''),
      score: b.score,
      kept: b.kept,
      ended: trace.nBest.some((f) => f.step === t && f.from === i),
      best: i === at.best,
    })),
    attentionRow: onResultPath ? t : -1,
  };
}

/** The four terms of an AT hypothesis' score, each with its weight (their sum is the score). */
export function scoreParts(parts: ScoreParts, weights: AtTrace['weights']): ScorePartBar[] {
  return [
    { name: 'AT', value: parts.at ?? 0, weight: 1 - weights.ctc },
    { name: 'CTC', value: parts.ctc ?? 0, weight: weights.ctc },
    { name: 'LM', value: parts.lm ?? 0, weight: weights.lm },
    { name: 'word LM', value: parts.wordLm ?? 0, weight: weights.wordLm },
  ];
}

/**
 * The token hypothesis `index` of step `t` went on with: on the result's path, the next step's hypothesis on it, or
 * ⟨eos⟩ where the result ended here; off it, its best child in the next step; -1 where it went no further.
 */
function followedToken(trace: AtTrace, t: number, index: number, eos: number): number {
  const next = trace.steps[t + 1];
  const onPath = next && next.best >= 0 ? next.hypotheses[next.best] : undefined;
  if (onPath && onPath.parent === index) return onPath.token;
  const result = trace.nBest[0];
  if (trace.steps[t]!.best === index && result && result.step === t && result.from === index) return result.end === 'eos' ? eos : (result.tokens[t] ?? -1);
  return next?.hypotheses.find((c) => c.parent === index)?.token ?? -1;
}
