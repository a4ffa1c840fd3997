// CTC greedy decoding (training/ctc.py): the best path, collapsed. Each token's confidence is the
// highest probability over its run of frames; its frames are that run. Incremental, so live partials
// cost only the new frames.

import type { Decoded } from './decoding';
import type { EncoderOutput } from './encoder';
import { argmax } from './search';
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
