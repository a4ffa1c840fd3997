// CTC prefix beam search with the character language model and, optionally, the word language model (training/ctc_beam.py,
// step for step), and the forced alignment that gives its tokens their frames (for word times and the posterior view).
//
// Frame by frame, every kept prefix is extended by the likely tokens of that frame. A prefix's acoustic score
// is the probability of all paths that collapse to it, split into paths ending in blank and in its last
// character (a repeated character needs a blank between). Each character adds weight · its language-model
// log-probability and a length bonus (without it, fusion prefers to drop characters); the end adds the
// language model's end-of-sentence log-probability. With word fusion (word-fusion.ts) every prefix also carries a
// word cursor: each token adds its word term, the end adds the last word and </s>, so that hypotheses are words of
// the word model's vocabulary, with an escape at a penalty for the rest. Without it the word terms are nothing and
// the arithmetic is the character-only search's. Ties and order are fixed as in Python (candidates by
// log-probability then id; a stable sort of prefixes in the order they were first reached).

import type { Decoded, DecoderKind } from './decoding';
import type { EncoderOutput } from './encoder';
import type { LmFusion } from './lm';
import { ctcBeamTrace } from './n-best-trace';
import { logAddExp } from './search';
import type { TokenTable } from './tokens';
import type { TraceSettings } from './trace';
import type { WordCursor, WordFusion } from './word-fusion';

/** Per frame, only tokens at least this likely, and at most this many, extend a prefix (ctc_beam.py). */
const CANDIDATES = 8;
const CANDIDATE_FLOOR = -12;

/**
 * One entry of an n-best (training/ctc_beam.py Hypothesis): its tokens, its CTC score (the log-probability of all
 * its paths) and the search's language-model, word and bonus score, end of the utterance included.
 */
export interface Hypothesis {
  tokens: number[];
  ctc: number;
  fusion: number;
}

/** An entry as the search ranked it (training/ctc_beam.py ScoredHypothesis). */
export interface ScoredHypothesis extends Hypothesis {
  /** ctc + fusion, added up in the search's order (the parity fixtures hold the exact sums). */
  score: number;
}

export interface CtcBeamOptions {
  beam: number;
  fusion?: LmFusion;
  /** Added per character (with the language model; it offsets the probability each character costs). */
  lengthBonus?: number;
  /** The word language model's fusion; without it the search knows characters only. */
  words?: WordFusion;
}

/**
 * A prefix is a node of a trie: its tokens are the path from the root, so extending one is a map lookup and
 * costs no copy of the tokens (a long utterance's prefixes are hundreds of characters).
 */
class Prefix {
  /** Made when first extended: most prefixes never are. */
  private children: Map<number, Prefix> | undefined;
  blank = -Infinity;
  last = -Infinity;
  /** The frame whose scores `blank` and `last` hold. */
  frame = -1;
  private lmRow: Float64Array | undefined;

  constructor(
    readonly parent: Prefix | undefined,
    readonly token: number,
    /** Both language models', bonuses' and penalties' score of the prefix's tokens. */
    readonly fusion: number,
    /** Where the prefix stands in the word model and the lexicon (undefined without word fusion). */
    readonly cursor: WordCursor | undefined,
  ) {}

  /** The prefix extended by `token` (the same node every time); `make` scores it when it is new. */
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

  /** The last `count` tokens (fewer near the root), oldest first. */
  tail(count: number): number[] {
    const out: number[] = [];
    for (let p: Prefix | undefined = this; p?.parent && out.length < count; p = p.parent) out.push(p.token);
    return out.reverse();
  }

  score(): number {
    return logAddExp(this.blank, this.last) + this.fusion;
  }

  lmLogProbs(fusion: LmFusion): Float64Array {
    // The language model reads only the last order - 1 tokens.
    return (this.lmRow ??= fusion.lm.logProbs(this.tail(fusion.lm.order - 1)));
  }
}

/**
 * Frame-synchronous, so it runs incrementally: push CTC log-probability rows as they come (live partials) and
 * ask for the best prefix at any time; pushing everything at once is ctcBeamSearch.
 */
export class CtcBeamDecoder {
  private readonly bonus: number;
  private readonly weight: number;
  private kept: Prefix[];
  private frame = 0;

  constructor(
    private readonly vocabulary: number,
    private readonly blank: number,
    private readonly eos: number,
    private readonly options: CtcBeamOptions,
  ) {
    const { beam, fusion, words } = options;
    if (!Number.isInteger(beam) || beam < 1) throw new Error(`beam must be a whole number >= 1, got ${beam}`);
    this.bonus = options.lengthBonus ?? 0;
    this.weight = fusion && fusion.weight > 0 ? fusion.weight : 0;
    const root = new Prefix(undefined, -1, 0, words?.start());
    root.blank = 0;
    this.kept = [root];
  }

  /** Frames consumed so far. */
  get frames(): number {
    return this.frame;
  }

  /** Consumes `frames` rows of log-probabilities (row-major frames × vocabulary). */
  push(logProbs: Float32Array, frames = logProbs.length / this.vocabulary): this {
    for (let f = 0; f < frames; f++) this.step(logProbs, f * this.vocabulary);
    return this;
  }

  /**
   * The kept prefixes, best first by the search's final score (the end of the utterance included: the language
   * model's end of sentence, the word model's last word and </s>; ties keep the beam's order), at most `count`:
   * the n-best that attention rescoring (rescore.ts) reranks.
   */
  nBest(count = Infinity): ScoredHypothesis[] {
    const { fusion, words } = this.options;
    const ranked = this.kept.map((p, i) => {
      const sentence = this.weight > 0 ? this.weight * p.lmLogProbs(fusion!)[this.eos]! : 0;
      const lastWord = words ? words.end(p.cursor!) : 0;
      const hypothesis = { tokens: p.tail(Infinity), ctc: logAddExp(p.blank, p.last), fusion: p.fusion + sentence + lastWord, score: p.score() + sentence + lastWord };
      return { i, hypothesis };
    });
    ranked.sort((a, b) => b.hypothesis.score - a.hypothesis.score || a.i - b.i);
    return ranked.slice(0, count).map((r) => r.hypothesis);
  }

  /** The best prefix's token ids so far, the end of the utterance included in the ranking. */
  best(): number[] {
    return this.nBest(1)[0]!.tokens;
  }

  private step(logProbs: Float32Array, offset: number): void {
    const t = this.frame++;
    const { fusion, words } = this.options;
    const reached: Prefix[] = [];
    // A prefix's scores at frame t start from nothing the first time t reaches it.
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
    this.kept = stableSortByScore(reached).slice(0, this.options.beam);
  }
}

/** The best prefix's token ids for one utterance's CTC log-probabilities (frames × vocabulary). */
export function ctcBeamSearch(logProbs: Float32Array, frames: number, vocabulary: number, blank: number, eos: number, options: CtcBeamOptions): number[] {
  return new CtcBeamDecoder(vocabulary, blank, eos, options).push(logProbs, frames).best();
}

/**
 * Viterbi forced alignment of `tokens` to the frames (blank, t1, blank, t2, ..., blank): each token's first
 * and last frame on the best path. Undefined when the tokens cannot fit the frames.
 */
export function ctcAlign(logProbs: Float32Array, frames: number, vocabulary: number, blank: number, tokens: readonly number[]): { first: number; last: number }[] | undefined {
  if (tokens.length === 0) return [];
  const labels = [blank];
  for (const k of tokens) labels.push(k, blank);
  const n = labels.length;
  if (frames === 0) return undefined;
  let score = new Float64Array(n).fill(-Infinity);
  let next = new Float64Array(n);
  const back = new Uint8Array(frames * n); // 0 stay, 1 from s - 1, 2 from s - 2
  score[0] = logProbs[labels[0]!]!;
  score[1] = logProbs[labels[1]!]!;
  for (let t = 1; t < frames; t++) {
    for (let s = 0; s < n; s++) {
      let best = score[s]!;
      let move = 0;
      if (s >= 1 && score[s - 1]! > best) (best = score[s - 1]!), (move = 1);
      if (s >= 2 && labels[s] !== blank && labels[s] !== labels[s - 2] && score[s - 2]! > best) (best = score[s - 2]!), (move = 2);
      next[s] = best === -Infinity ? -Infinity : best + logProbs[t * vocabulary + labels[s]!]!;
      back[t * n + s] = move;
    }
    [score, next] = [next, score];
  }
  let s = score[n - 1]! >= score[n - 2]! ? n - 1 : n - 2;
  if (score[s] === -Infinity) return undefined;
  const spans: { first: number; last: number }[] = new Array(tokens.length);
  for (let t = frames - 1; t >= 0; t--) {
    if (labels[s] !== blank) {
      const i = (s - 1) >> 1;
      spans[i] = { first: t, last: spans[i]?.last ?? t };
    }
    if (t > 0) s -= back[t * n + s]!;
  }
  return spans;
}

/** The CTC beam decoder's result, shaped like greedy CTC's (ctc.ts ctcDecode): spans from the alignment; with `trace`, its n-best. */
export function ctcBeamDecode(encoder: EncoderOutput, tokens: TokenTable, options: CtcBeamOptions, trace?: TraceSettings): Decoded {
  if (!trace) return ctcSearchResult(encoder, tokens, ctcBeamSearch(encoder.ctcLogProbs, encoder.frames, encoder.vocabulary, tokens.blank, tokens.sosEos, options));
  const nBest = new CtcBeamDecoder(encoder.vocabulary, tokens.blank, tokens.sosEos, options).push(encoder.ctcLogProbs, encoder.frames).nBest(trace.nBest);
  return { ...ctcSearchResult(encoder, tokens, nBest[0]!.tokens), trace: ctcBeamTrace(nBest, options.beam, tokens, trace) };
}

/** A CTC search's token ids as a Decoded: spans from the forced alignment, each token's posterior as its attention row. */
export function ctcSearchResult(encoder: EncoderOutput, tokens: TokenTable, ids: number[]): Decoded {
  return ctcAlignedDecode(encoder, tokens, ids, 'ctc');
}

/**
 * A result for tokens a CTC prefix beam found (its own best, or the n-best entry rescoring chose): each token's
 * frames from the forced alignment, its CTC posterior as the attention view, its best aligned probability as
 * its confidence.
 */
export function ctcAlignedDecode(encoder: EncoderOutput, tokens: TokenTable, ids: number[], decoder: DecoderKind): Decoded {
  const S = encoder.frames;
  const V = encoder.vocabulary;
  const x = encoder.ctcLogProbs;
  const spans = ctcAlign(x, S, V, tokens.blank, ids);
  if (!spans) throw new Error(`CTC beam search: its ${ids.length} tokens do not fit ${S} frames`); // the search only keeps paths that do
  const data = new Float32Array(ids.length * S);
  const confidences = ids.map((id, row) => {
    let best = 0;
    for (let s = 0; s < S; s++) {
      const p = Math.exp(x[s * V + id]!);
      data[row * S + s] = p;
      if (s >= spans[row]!.first && s <= spans[row]!.last) best = Math.max(best, p);
    }
    return best;
  });
  return {
    decoder,
    tokens: ids,
    text: tokens.decode(ids),
    confidences,
    attention: { source: 'ctc-posterior', layers: 1, heads: 1, rows: ids.length, frames: S, data },
    frameSpans: spans,
    steps: 0,
  };
}

/** The tokens that extend prefixes at one frame: at least CANDIDATE_FLOOR, at most CANDIDATES, best first (ties: lower id). */
export function candidates(logProbs: Float32Array, offset: number, vocabulary: number): number[] {
  const likely: number[] = [];
  for (let k = 0; k < vocabulary; k++) if (logProbs[offset + k]! > CANDIDATE_FLOOR) likely.push(k);
  likely.sort((a, b) => logProbs[offset + b]! - logProbs[offset + a]! || a - b);
  return likely.slice(0, CANDIDATES);
}

function stableSortByScore(prefixes: Prefix[]): Prefix[] {
  const scored = prefixes.map((p, i) => ({ p, i, score: p.score() }));
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.p);
}
