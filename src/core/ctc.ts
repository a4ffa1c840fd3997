// CTC greedy decoding (training/ctc.py): the best path, collapsed. Each token's confidence is the
// highest probability over its run of frames; its frames are that run. Incremental, so live partials
// cost only the new frames.

import type { Decoded } from './decoding';
import type { EncoderOutput } from './encoder';
import { argmax, logAddExp } from './search';
import type { TokenTable } from './tokens';

export interface CtcToken {
  id: number;
  /** Probability, max over the token's frames. */
  confidence: number;
  /** First and last encoder frame of the token's run (inclusive). */
  firstFrame: number;
  lastFrame: number;
}

export class CtcGreedyDecoder {
  readonly tokens: CtcToken[] = [];
  private previous: number;
  private frame = 0;

  constructor(
    private readonly blank: number,
    private readonly vocabulary: number,
  ) {
    this.previous = blank;
  }

  /** Frames consumed so far. */
  get frames(): number {
    return this.frame;
  }

  /** Consumes `frames` rows of log-probabilities (row-major frames × V). */
  push(logProbs: Float32Array, frames = logProbs.length / this.vocabulary): this {
    for (let t = 0; t < frames; t++) {
      const { id: best, value } = argmax(logProbs, t, this.vocabulary);
      const p = Math.exp(value);
      const last = this.tokens[this.tokens.length - 1];
      if (best !== this.blank && best !== this.previous) {
        this.tokens.push({ id: best, confidence: p, firstFrame: this.frame, lastFrame: this.frame });
      } else if (best !== this.blank && last) {
        last.confidence = Math.max(last.confidence, p);
        last.lastFrame = this.frame;
      }
      this.previous = best;
      this.frame++;
    }
    return this;
  }
}

/** Greedy decoding of a whole utterance's CTC log-probabilities. */
export function ctcGreedy(logProbs: Float32Array, frames: number, vocabulary: number, blank: number): CtcToken[] {
  return new CtcGreedyDecoder(blank, vocabulary).push(logProbs, frames).tokens;
}

/**
 * The CTC decoder's result. Its alignment view is the posterior of each output token over the frames
 * (one layer, one head): CTC has no cross-attention, and its spikes are what it aligns by.
 */
export function ctcDecode(encoder: EncoderOutput, tokens: TokenTable): Decoded {
  const S = encoder.frames;
  const V = encoder.vocabulary;
  const found = ctcGreedy(encoder.ctcLogProbs, S, V, tokens.blank);
  const ids = found.map((t) => t.id);
  const data = new Float32Array(found.length * S);
  found.forEach((t, row) => {
    for (let s = 0; s < S; s++) data[row * S + s] = Math.exp(encoder.ctcLogProbs[s * V + t.id]!);
  });
  return {
    decoder: 'ctc',
    tokens: ids,
    text: tokens.decode(ids),
    confidences: found.map((t) => t.confidence),
    attention: { source: 'ctc-posterior', layers: 1, heads: 1, rows: found.length, frames: S, data },
    frameSpans: found.map((t) => ({ first: t.firstFrame, last: t.lastFrame })),
    steps: 0,
  };
}

/**
 * A prefix's CTC state (training/ctc.py PrefixScorer): log-probabilities, per frame t, that the prefix has
 * been emitted by t ending in its last character (rN) or in blank (rB); psi is the prefix's own score.
 */
export interface CtcPrefixState {
  rN: Float64Array;
  rB: Float64Array;
  psi: number;
}

/**
 * The CTC probability of a prefix (every path whose labelling starts with it), for joint CTC/attention
 * decoding (Watanabe et al., 2017): the AT decoder proposes, CTC vetoes characters the audio does not hold
 * and ends where the audio ends.
 */
export class CtcPrefixScorer {
  constructor(
    private readonly logProbs: Float32Array,
    private readonly frames: number,
    private readonly vocabulary: number,
    private readonly blank: number,
    private readonly eos: number,
  ) {}

  initial(): CtcPrefixState {
    const T = this.frames;
    const rN = new Float64Array(T).fill(-Infinity);
    const rB = new Float64Array(T);
    let sum = 0;
    for (let t = 0; t < T; t++) rB[t] = sum += this.logProbs[t * this.vocabulary + this.blank]!;
    return { rN, rB, psi: 0 };
  }

  /**
   * psi(prefix + c) for every token c (eos scores the whole prefix, blank is never a character) and the
   * state of prefix + c for each character c (undefined for blank and eos).
   */
  extend(state: CtcPrefixState, last: number | undefined): { scores: Float64Array; states: (CtcPrefixState | undefined)[] } {
    const scores = new Float64Array(this.vocabulary);
    const states: (CtcPrefixState | undefined)[] = new Array(this.vocabulary).fill(undefined);
    for (let c = 0; c < this.vocabulary; c++) {
      if (c === this.blank) scores[c] = -Infinity;
      else if (c === this.eos) scores[c] = this.frames === 0 ? 0 : logAddExp(state.rN[this.frames - 1]!, state.rB[this.frames - 1]!);
      else {
        states[c] = this.run(state, last, c);
        scores[c] = states[c]!.psi;
      }
    }
    return { scores, states };
  }

  private run(g: CtcPrefixState, last: number | undefined, c: number): CtcPrefixState {
    const T = this.frames;
    const V = this.vocabulary;
    const x = this.logProbs;
    const rN = new Float64Array(T).fill(-Infinity);
    const rB = new Float64Array(T).fill(-Infinity);
    if (T === 0) return { rN, rB, psi: -Infinity };
    // phi(t): the prefix's probability by frame t that a new c may follow (a repeat needs a blank between)
    const phi = (t: number) => (c === last ? g.rB[t]! : logAddExp(g.rN[t]!, g.rB[t]!));
    if (last === undefined) rN[0] = x[c]!;
    let psi = rN[0]!;
    for (let t = 1; t < T; t++) {
      const xc = x[t * V + c]!;
      rN[t] = logAddExp(rN[t - 1]!, phi(t - 1)) + xc;
      rB[t] = logAddExp(rB[t - 1]!, rN[t - 1]!) + x[t * V + this.blank]!;
      psi = logAddExp(psi, phi(t - 1) + xc);
    }
    return { rN, rB, psi };
  }
}
