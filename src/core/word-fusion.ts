// Word fusion: what word-aware search adds per token (twin of training/word_fusion.py), for the CTC prefix beam
// (ctc-beam.ts) and AT beam search (at.ts).
//
// A hypothesis carries a cursor: the word language model's state before the word being spelled, and that word's
// node in the lexicon (lexicon.ts; undefined once its spelling has left the lexicon). Per token:
// - a space that ends a word: weight · ln p(word | state) + wordBonus; a word outside the vocabulary scores as
//   <unk> and pays oovPenalty, unless it paid already;
// - a character that leaves the lexicon (no vocabulary word begins so): −oovPenalty, once per word, as soon as it
//   happens, so that the beam sees the cost before the word ends;
// - the end of the utterance: the last word, as a space would, then weight · ln p(</s> | state).
// Without the escape (an infinite penalty) only vocabulary words come out; with it names and rare words still
// can. The same arithmetic in the same order as the Python.

import { Lexicon, type LexiconNode } from './lexicon';
import type { TokenTable } from './tokens';
import { EOS, UNK, type WordLanguageModel, type WordState } from './word-lm';

export interface WordCursor {
  readonly state: WordState;
  /** The word being spelled; undefined once it left the lexicon. */
  readonly node: LexiconNode | undefined;
}

export interface WordFusionOptions {
  /** Weight of ln p(word | previous words) at each completed word. */
  weight: number;
  /** Subtracted once per word outside the vocabulary (Infinity: vocabulary words only). */
  oovPenalty: number;
  /** Added per completed word (offsets what each word costs under the word model). Default 0. */
  wordBonus?: number;
}

export class WordFusion {
  readonly weight: number;
  readonly oovPenalty: number;
  readonly wordBonus: number;
  private readonly scores = new Map<string, { logProb: number; next: WordState }>();

  constructor(
    readonly lm: WordLanguageModel,
    readonly lexicon: Lexicon,
    private readonly space: number,
    options: WordFusionOptions,
  ) {
    if (!(options.weight >= 0 && Number.isFinite(options.weight))) throw new Error(`the word language-model weight must be a number >= 0, got ${options.weight}`);
    if (!(options.oovPenalty >= 0)) throw new Error(`the out-of-vocabulary penalty must be a number >= 0, got ${options.oovPenalty}`);
    this.weight = options.weight;
    this.oovPenalty = options.oovPenalty;
    this.wordBonus = options.wordBonus ?? 0;
  }

  /** With the lexicon of `lm` spelled in `tokens` (build the lexicon once and share it where fusions differ only in weights). */
  static forTokens(lm: WordLanguageModel, tokens: TokenTable, options: WordFusionOptions, lexicon = Lexicon.forTokens(lm, tokens)): WordFusion {
    return new WordFusion(lm, lexicon, tokens.space, options);
  }

  start(): WordCursor {
    return { state: this.lm.start(), node: this.lexicon.root() };
  }

  /** Whether a word is being spelled (escaped, or at least one character into the lexicon). */
  static spelling(cursor: WordCursor): boolean {
    return cursor.node === undefined || cursor.node.depth > 0;
  }

  /** The score of ending the word being spelled, and the word state after it. */
  complete(cursor: WordCursor): { term: number; state: WordState } {
    const { state, node } = cursor;
    const word = node === undefined ? undefined : this.lexicon.word(node);
    if (word !== undefined) {
      const { logProb, next } = this.score(state, word);
      return { term: this.weight * logProb + this.wordBonus, state: next };
    }
    const { logProb, next } = this.score(state, UNK);
    return { term: this.weight * logProb + this.wordBonus - (node !== undefined ? this.oovPenalty : 0), state: next };
  }

  /** What appending `token` adds, and the cursor after it. */
  step(cursor: WordCursor, token: number): { term: number; cursor: WordCursor } {
    const { state, node } = cursor;
    if (token === this.space) {
      if (!WordFusion.spelling(cursor)) return { term: 0, cursor };
      const done = this.complete(cursor);
      return { term: done.term, cursor: { state: done.state, node: this.lexicon.root() } };
    }
    if (node === undefined) return { term: 0, cursor };
    const longer = this.lexicon.extend(node, token);
    return { term: longer === undefined ? -this.oovPenalty : 0, cursor: { state, node: longer } };
  }

  /** What ending the utterance adds: the last word, then </s>. */
  end(cursor: WordCursor): number {
    const { term, state } = WordFusion.spelling(cursor) ? this.complete(cursor) : { term: 0, state: cursor.state };
    return term + this.weight * this.score(state, EOS).logProb;
  }

  private score(state: WordState, word: number): { logProb: number; next: WordState } {
    const key = `${state.join(',')}|${word}`;
    let found = this.scores.get(key);
    if (!found) this.scores.set(key, (found = this.lm.score(state, word)));
    return found;
  }
}
