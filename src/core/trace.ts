// What a decoder did, step by step, for the decoding explorer (issue 26): plain JSON-serialisable data (numbers,
// strings, arrays, objects; no typed arrays, no class instances), so it crosses the worker boundary and the
// renderer contract as it is and the CLI prints it with JSON.stringify. Recorded only when DecodeOptions.trace asks
// for it: without it the decoders take their untraced path and allocate nothing for it.
//
// Scores are natural-log scores as the search added them. Every `parts` holds the weighted terms of its `score`
// (weight · the model's own log-probability), so they add up to it; a part is 0 where its model did not take part.
//
// Bounded: a trace is per segment (segments are at most 20 s, segment.ts), top-k lists hold at most MAX_TOP_K
// tokens, an AT step at most MAX_TRACE_HYPOTHESES hypotheses (a wider beam is not traced), an n-best at most MAX_TRACE_N_BEST entries. Measured bytes
// per second of audio: docs/benchmarks.md ("Decoding traces").

/** How much a trace keeps. `true` in DecodeOptions.trace means the defaults. */
export interface TraceOptions {
  /** Next-token candidates kept per hypothesis and step (default TRACE_TOP_K, at most MAX_TOP_K). */
  topK?: number;
  /** Entries kept of an n-best (default and at most MAX_TRACE_N_BEST). */
  nBest?: number;
}

export const TRACE_TOP_K = 5;
export const MAX_TOP_K = 10;
/** The widest AT beam a trace records (the app's largest AT beam): a step keeps every hypothesis, so the cap is on the beam. */
export const MAX_TRACE_HYPOTHESES = 16;
export const MAX_TRACE_N_BEST = 16;

/** TraceOptions with the defaults filled in and the caps applied. */
export interface TraceSettings {
  topK: number;
  nBest: number;
  hypotheses: number;
}

/** The settings `trace` asks for, or undefined for no trace (absent or false). */
export function traceSettings(trace: boolean | TraceOptions | undefined): TraceSettings | undefined {
  if (!trace) return undefined;
  const options = trace === true ? {} : trace;
  const capped = (value: number | undefined, fallback: number, cap: number, name: string) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new Error(`trace.${name} must be a whole number >= 1, got ${value}`);
    return Math.min(value ?? fallback, cap);
  };
  return { topK: capped(options.topK, TRACE_TOP_K, MAX_TOP_K, 'topK'), nBest: capped(options.nBest, MAX_TRACE_N_BEST, MAX_TRACE_N_BEST, 'nBest'), hypotheses: MAX_TRACE_HYPOTHESES };
}

/**
 * The weighted terms of a score. AT: `at` (1 − ctcWeight) · the AT decoder's log-probability (all of it without
 * CTC), `ctc` ctcWeight · the CTC prefix score, `lm` lmWeight · the character language model's, `wordLm` the word
 * language model's word terms (weight · log-probability, word bonus, out-of-vocabulary penalty). CTC beam search:
 * `ctc` the CTC log-probability of all the entry's paths, `fusion` its language models' terms and length bonus as
 * the search keeps them, as one sum. Rescoring: `ctc` (its weight · the CTC score), `at` ((1 − its weight) · the AT
 * decoder's), `fusion` (rescoreLmWeight · the beam's fusion) and `lengthBonus`, as rescore.ts combines them.
 */
export interface ScoreParts {
  at?: number;
  ctc?: number;
  lm?: number;
  wordLm?: number;
  fusion?: number;
  lengthBonus?: number;
}

/** A candidate next token: its AT decoder probability, and the joint score it would add (every model's terms). */
export interface NextToken {
  token: number;
  /** The AT decoder's probability, 0..1. */
  p: number;
  /**
   * What choosing it adds to the hypothesis' score (equal to ln p without CTC or language models); null where the
   * search cannot choose it (−∞: CTC or the word model rules it out), so that the trace stays JSON.
   */
  gain: number | null;
}

/** One hypothesis in the beam at one AT step: the decoder input is <sos> and its tokens so far. */
export interface AtStepHypothesis {
  /** Its index in the previous step's hypotheses (-1 at step 0); its tokens are that one's and `token`. */
  parent: number;
  /** The last token of its decoder input (<sos> at step 0). */
  token: number;
  /** The joint score of its tokens (unnormalised: the final choice divides by the length + 1). */
  score: number;
  parts: ScoreParts;
  /** The likeliest next tokens by the AT decoder, best first (at most TraceSettings.topK). */
  next: NextToken[];
  /** The AT decoder's probability of ending here (<eos>). */
  stop: number;
  /** Whether an extension of it is among the next step's hypotheses. */
  kept: boolean;
}

export interface AtTraceStep {
  /** The decoder position: every hypothesis here has `step` tokens after <sos>. */
  step: number;
  /** The beam at this step, best first (at most the beam, and tracing takes beams up to MAX_TRACE_HYPOTHESES). */
  hypotheses: AtStepHypothesis[];
  /**
   * Index into `hypotheses` of the one the result extends (its decoder input is the result's first `step` tokens),
   * -1 after the result ended. Its cross-attention is row `step` of the result's attention (Decoded.attention).
   */
  best: number;
}

/** An entry of an n-best list: a whole hypothesis with the score its search ranked it by. */
export interface NBestEntry {
  tokens: number[];
  text: string;
  score: number;
  parts: ScoreParts;
}

/** An AT hypothesis that ended: by <eos>, at the length cap, or by the repetition guard. */
export interface AtFinished extends NBestEntry {
  /** The step it ended at and its index in that step's hypotheses (the one it extends). */
  step: number;
  from: number;
  end: 'eos' | 'limit' | 'repeat';
  /** score / (tokens + 1): what the final choice compares. */
  normalised: number;
}

export interface AtTrace {
  kind: 'at';
  beam: number;
  /** The weights the parts were weighted by. */
  weights: { ctc: number; lm: number; wordLm: number };
  steps: AtTraceStep[];
  /** The ended hypotheses, best first by `normalised` (the first is the result), at most TraceSettings.nBest. */
  nBest: AtFinished[];
}

/** One mask-predict pass: the positions it predicted, what it put there and how sure it was. */
export interface NatIteration {
  positions: number[];
  tokens: number[];
  /** The NAT decoder's probability of each predicted token. */
  confidences: number[];
}

export interface NatTrace {
  kind: 'nat';
  /** CTC characters below this probability were masked. */
  threshold: number;
  /** The CTC greedy characters the hypothesis starts from, with their probabilities. */
  seed: { tokens: number[]; confidences: number[] };
  /** The length CTC predicts (the seed's length), and the output's. */
  predictedLength: number;
  finalLength: number;
  /** Positions masked in the seed (below the threshold). */
  masked: number[];
  /** Each pass in order: the first fills every masked position, later ones re-predict the least confident. */
  iterations: NatIteration[];
  tokens: number[];
}

/** A search that ends in an n-best: CTC prefix beam search, or attention rescoring of its n-best. */
export interface NBestTrace {
  kind: 'ctc-beam' | 'rescore';
  beam: number;
  /** Best first by `score`; the first is the result. At most TraceSettings.nBest. */
  nBest: NBestEntry[];
}

/** What a decoder recorded (Decoded.trace). CTC greedy searches nothing and records nothing. */
export type DecoderTrace = AtTrace | NatTrace | NBestTrace;

/**
 * The CTC evidence lane: per encoder frame, the blank's probability and the likeliest other token with its
 * probability (ctc-lane.ts, from the same posteriors stored results keep).
 */
export interface CtcLane {
  /** Seconds per frame. */
  frameS: number;
  blank: number[];
  token: number[];
  p: number[];
}

/** One segment's trace as the pipeline hands it out (TranscriptSegment.trace, the CLI's --trace). */
export interface SegmentTrace {
  decoder?: DecoderTrace;
  ctc?: CtcLane;
  /** The model's tokens (model.json tokens.list), so that the ids above read as text without the bundle. */
  vocabulary?: string[];
}

/** The decoder input (tokens after <sos>) of hypothesis `index` at AT step `step`, by its parents. */
export function decoderInput(trace: AtTrace, step: number, index: number): number[] {
  const tokens: number[] = [];
  for (let t = step; t > 0; t--) {
    const h = trace.steps[t]!.hypotheses[index]!;
    tokens.push(h.token);
    index = h.parent;
  }
  return tokens.reverse();
}

/**
 * A copy of `trace` with every fractional number rounded to `digits` decimals (the CLI's JSON: scores and
 * probabilities to 1e-4 are what a reader compares; more digits only make the file longer).
 */
export function roundTrace<T extends SegmentTrace | DecoderTrace>(trace: T, digits = 4): T {
  return JSON.parse(JSON.stringify(trace, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(digits)) : value))) as T;
}

/** The sum of a score's parts (what its score should be, to rounding). */
export function sumParts(parts: ScoreParts): number {
  return (parts.at ?? 0) + (parts.ctc ?? 0) + (parts.lm ?? 0) + (parts.wordLm ?? 0) + (parts.fusion ?? 0) + (parts.lengthBonus ?? 0);
}
