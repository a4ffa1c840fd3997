// The word language model's vocabulary as a prefix tree over the model's tokens (twin of training/lexicon.py).
//
// Word-aware search (ctc-beam.ts, at.ts) spells a word token by token; the lexicon says whether the letters so
// far begin some vocabulary word, and whether they are one. No tree is stored: the words' token spellings are
// sorted, so the words that begin with a given spelling are one contiguous range, and a node is that range with
// its depth. Extending a node by a token is two binary searches inside its range on the token at `depth`. A word
// with a character that is not a token can never be spelled and is left out.

import type { TokenTable } from './tokens';
import type { WordLanguageModel } from './word-lm';

/** Entries [first, end) begin with the node's spelling of `depth` tokens. */
export interface LexiconNode {
  readonly first: number;
  readonly end: number;
  readonly depth: number;
}

const FIRST_WORD = 3; // word ids below are <unk>, <s>, </s>

export class Lexicon {
  private readonly spellings: Uint8Array[];
  private readonly wordIds: Int32Array;

  /** `words` by id (ids below `firstWord` are specials); `tokenOf`: a character's token id. */
  constructor(words: readonly string[], firstWord: number, tokenOf: ReadonlyMap<string, number>) {
    const entries: { spelling: Uint8Array; id: number }[] = [];
    for (let i = firstWord; i < words.length; i++) {
      const chars = [...words[i]!];
      const spelling = chars.map((c) => tokenOf.get(c));
      if (spelling.length > 0 && spelling.every((k) => k !== undefined)) entries.push({ spelling: Uint8Array.from(spelling as number[]), id: i });
    }
    entries.sort((a, b) => compareSpellings(a.spelling, b.spelling) || a.id - b.id); // a spelling before its extensions
    this.spellings = entries.map((e) => e.spelling);
    this.wordIds = Int32Array.from(entries.map((e) => e.id));
  }

  /** The vocabulary of a word language model spelled with the model's tokens (one character each; not the space). */
  static forTokens(lm: WordLanguageModel, tokens: TokenTable): Lexicon {
    const tokenOf = new Map<string, number>();
    tokens.list.forEach((t, i) => {
      if ([...t].length === 1 && i !== tokens.space && !tokens.isSpecial(i)) tokenOf.set(t, i);
    });
    const words = Array.from({ length: lm.ids }, (_, id) => (id < FIRST_WORD ? '' : lm.word(id)));
    return new Lexicon(words, FIRST_WORD, tokenOf);
  }

  get size(): number {
    return this.spellings.length;
  }

  root(): LexiconNode {
    return { first: 0, end: this.spellings.length, depth: 0 };
  }

  /** The node after one more token, or undefined when no vocabulary word begins so. */
  extend(node: LexiconNode, token: number): LexiconNode | undefined {
    const low = this.firstAtLeast(node.first, node.end, node.depth, token);
    const high = this.firstAtLeast(low, node.end, node.depth, token + 1);
    return low < high ? { first: low, end: high, depth: node.depth + 1 } : undefined;
  }

  /** The word id the node spells, when it spells a whole vocabulary word. */
  word(node: LexiconNode): number | undefined {
    return node.first < node.end && this.spellings[node.first]!.length === node.depth ? this.wordIds[node.first]! : undefined;
  }

  private tokenAt(i: number, depth: number): number {
    const spelling = this.spellings[i]!;
    return depth < spelling.length ? spelling[depth]! : -1;
  }

  /** The first entry in [first, end) whose token at `depth` is >= token (a spelling that ends there: -1). */
  private firstAtLeast(first: number, end: number, depth: number, token: number): number {
    let low = first;
    let high = end;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.tokenAt(mid, depth) < token) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function compareSpellings(a: Uint8Array, b: Uint8Array): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
