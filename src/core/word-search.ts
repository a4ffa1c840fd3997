// Word-aware CTC prefix beam search (twin of training/word_search.py): ctc-beam.ts's search, whose prefixes also
// carry a word cursor (word-fusion.ts), so that hypotheses are words of the word language model's vocabulary,
// with an escape at a penalty for the rest. The character language model still scores every character (it knows
// spelling and sounds; the word model knows which words follow which). It gives the n-best (the kept prefixes,
// scored with the end of the utterance), for rescoring. The same arithmetic in the same order as the Python, so
// both give the same n-best and scores; ties and order as in ctc-beam.ts.

import { candidates, ctcSearchResult, type CtcBeamOptions } from './ctc-beam';
import type { Decoded } from './decoding';
import type { EncoderOutput } from './encoder';
import type { LmFusion } from './lm';
import { logAddExp } from './search';
import type { TokenTable } from './tokens';
import type { WordCursor, WordFusion } from './word-fusion';

export interface WordBeamOptions extends CtcBeamOptions {
  /** The word language model's fusion; without it this is ctc-beam.ts's search. */
  words?: WordFusion;
}

export interface WordHypothesis {
  tokens: number[];
  /** Everything: CTC, both language models, bonuses, the end of the utterance. */
  score: number;
  /** ln of the CTC probability of the tokens (every path that collapses to them). */
  ctc: number;
}

/** A node of the trie of prefixes (ctc-beam.ts): its tokens are the path from the root. */
class Prefix {
  private children: Map<number, Prefix> | undefined;
  blank = -Infinity;
  last = -Infinity;
  frame = -1;
  private lmRow: Float64Array | undefined;

  constructor(
    readonly parent: Prefix | undefined,
    readonly token: number,
    /** Both language models, bonuses and penalties of the prefix's tokens. */
    readonly fusion: number,
    readonly cursor: WordCursor | undefined,
  ) {}

  child(token: number, make: () => { fusion: number; cursor: WordCursor | undefined }): Prefix {
    this.children ??= new Map();
    let node = this.children.get(token);
    if (!node) {
      const { fusion, cursor } = make();
      this.children.set(token, (node = new Prefix(this, token, fusion, cursor)));
    }
    return node;
  }

  get isEmpty(): boolean {
    return this.parent === undefined;
  }

  tail(count: number): number[] {
    const out: number[] = [];
    for (let p: Prefix | undefined = this; p?.parent && out.length < count; p = p.parent) out.push(p.token);
    return out.reverse();
  }

  score(): number {
    return logAddExp(this.blank, this.last) + this.fusion;
  }

  lmLogProbs(fusion: LmFusion): Float64Array {
    return (this.lmRow ??= fusion.lm.logProbs(this.tail(fusion.lm.order - 1)));
  }
}

/** Frame-synchronous: push CTC log-probability rows as they come, ask for the n-best at any time. */
export class WordBeamDecoder {
  private readonly bonus: number;
  private readonly weight: number;
  private kept: Prefix[];
  private frame = 0;

  constructor(
    private readonly vocabulary: number,
    private readonly blank: number,
    private readonly eos: number,
    private readonly options: WordBeamOptions,
  ) {
    const { beam, fusion, words } = options;
    if (!Number.isInteger(beam) || beam < 1) throw new Error(`beam must be a whole number >= 1, got ${beam}`);
    this.bonus = options.lengthBonus ?? 0;
    this.weight = fusion && fusion.weight > 0 ? fusion.weight : 0;
    const root = new Prefix(undefined, -1, 0, words?.start());
    root.blank = 0;
    this.kept = [root];
  }

  get frames(): number {
    return this.frame;
  }

  push(logProbs: Float32Array, frames = logProbs.length / this.vocabulary): this {
    for (let f = 0; f < frames; f++) this.step(logProbs, f * this.vocabulary);
    return this;
  }

  /** The kept prefixes, best first, scored with the end of the utterance (a stable sort: ties keep the beam's order). */
  nBest(): WordHypothesis[] {
    const { fusion, words } = this.options;
    const final = (p: Prefix) => p.score() + (this.weight > 0 ? this.weight * p.lmLogProbs(fusion!)[this.eos]! : 0) + (words ? words.end(p.cursor!) : 0);
    const scored = this.kept.map((p, i) => ({ i, hypothesis: { tokens: p.tail(Infinity), score: final(p), ctc: logAddExp(p.blank, p.last) } }));
    scored.sort((a, b) => b.hypothesis.score - a.hypothesis.score || a.i - b.i);
    return scored.map((s) => s.hypothesis);
  }

  private step(logProbs: Float32Array, offset: number): void {
    const t = this.frame++;
    const { fusion, words } = this.options;
    const reached: Prefix[] = [];
    const reach = (p: Prefix) => {
      if (p.frame !== t) {
        p.frame = t;
        p.blank = -Infinity;
        p.last = -Infinity;
        reached.push(p);
      }
      return p;
    };
    const previous = this.kept.map((p) => ({ p, blank: p.blank, last: p.last }));
    const row = candidates(logProbs, offset, this.vocabulary);
    for (const { p, blank: pBlank, last: pLast } of previous) {
      const total = logAddExp(pBlank, pLast);
      for (const k of row) {
        const lp = logProbs[offset + k]!;
        if (k === this.blank) {
          const same = reach(p);
          same.blank = logAddExp(same.blank, total + lp);
          continue;
        }
        const longer = reach(
          p.child(k, () => {
            const step = words ? words.step(p.cursor!, k) : { term: 0, cursor: undefined };
            return { fusion: p.fusion + this.bonus + (this.weight > 0 ? this.weight * p.lmLogProbs(fusion!)[k]! : 0) + step.term, cursor: step.cursor };
          }),
        );
        if (!p.isEmpty && k === p.token) {
          longer.last = logAddExp(longer.last, pBlank + lp); // a repeat only after a blank
          const same = reach(p);
          same.last = logAddExp(same.last, pLast + lp); // the same character, held
        } else {
          longer.last = logAddExp(longer.last, total + lp);
        }
      }
    }
    const scored = reached.map((p, i) => ({ p, i, score: p.score() }));
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    this.kept = scored.slice(0, this.options.beam).map((s) => s.p);
  }
}

/** The n-best for one utterance's CTC log-probabilities (frames × vocabulary), best first. */
export function wordBeamSearch(logProbs: Float32Array, frames: number, vocabulary: number, blank: number, eos: number, options: WordBeamOptions): WordHypothesis[] {
  return new WordBeamDecoder(vocabulary, blank, eos, options).push(logProbs, frames).nBest();
}

/** The best hypothesis as a Decoded, shaped like greedy CTC's (spans from the forced alignment). */
export function wordBeamDecode(encoder: EncoderOutput, tokens: TokenTable, options: WordBeamOptions): Decoded {
  const best = wordBeamSearch(encoder.ctcLogProbs, encoder.frames, encoder.vocabulary, tokens.blank, tokens.sosEos, options)[0]!;
  return ctcSearchResult(encoder, tokens, best.tokens);
}
