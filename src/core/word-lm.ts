// The bundle's word language model (`files.wordLm`, words.bin, written by training/word_lm.py; layout in
// docs/bundle.md "Word language model"). A backoff n-gram model (Kneser-Ney, pruned) stored as a sorted trie:
// the arrays are typed-array views straight over the file, so loading is a header read and lookups are binary
// searches among an n-gram's continuations. Twin of training/word_lm.py `WordLM`: the same arithmetic in the same
// order, so the two give identical scores.

export const WORD_LM_MAGIC = 'WLM1';
/** Word ids of the special tokens; vocabulary words follow, in ascending byte order. */
export const UNK = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIALS = 3;
const LEVELS = 256;

/**
 * What a search carries per hypothesis: the last (order - 1) word ids, oldest first, shortened to the longest
 * suffix the model can extend (exact: a longer history could not change any later score). Hypotheses whose
 * states are equal element by element score every continuation alike.
 */
export type WordState = readonly number[];

export interface WordScore {
  /** ln p(word | state) */
  logProb: number;
  next: WordState;
}

const pad4 = (n: number) => (n + 3) & ~3;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class WordLanguageModel {
  readonly order: number;
  /** Vocabulary words, not counting <unk>, <s>, </s>. */
  readonly vocabulary: number;
  readonly ids: number;
  /** Entries per order (order 1: every id). */
  readonly counts: readonly number[];
  readonly bytes: number;
  private readonly offsets: Uint32Array;
  private readonly blob: Uint8Array;
  private readonly probLevels: Float32Array[] = [];
  private readonly backoffLevels: Float32Array[] = [];
  private readonly words: Uint16Array[] = []; // per order from 2: each entry's last word
  private readonly probs: Uint8Array[] = [];
  private readonly backoffs: Uint8Array[] = [];
  private readonly children: Uint32Array[] = []; // below the top order: entry i's continuations are [c[i], c[i + 1])
  private readonly encoder = new TextEncoder();

  /** Views over words.bin (copied once only when the bytes are not 4-byte aligned); throws naming `where`. */
  constructor(data: ArrayBuffer | Uint8Array, where = 'words.bin') {
    if (!littleEndian) throw new Error(`${where}: the word language model needs a little-endian platform`);
    let bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    const { buffer, byteOffset, byteLength } = bytes;
    if (byteLength < 16) throw new Error(`${where}: ${byteLength} bytes, too short for a header`);
    const magic = String.fromCharCode(...bytes.subarray(0, 4));
    if (magic !== WORD_LM_MAGIC) throw new Error(`${where}: not a word language model (magic "${magic}")`);
    const view = new DataView(buffer, byteOffset, byteLength);
    this.order = view.getUint32(4, true);
    this.vocabulary = view.getUint32(8, true);
    this.ids = this.vocabulary + SPECIALS;
    const blobBytes = view.getUint32(12, true);
    if (this.order < 1 || this.order > 6) throw new Error(`${where}: order ${this.order}, expected 1 to 6`);
    if (byteLength < 16 + 4 * this.order) throw new Error(`${where}: ${byteLength} bytes, too short for a header`);
    this.counts = Array.from({ length: this.order }, (_, n) => view.getUint32(16 + 4 * n, true));
    if (this.counts[0] !== this.ids) throw new Error(`${where}: ${this.counts[0]} unigrams for ${this.ids} word ids`);
    if (this.ids > 1 << 16) throw new Error(`${where}: ${this.ids} word ids do not fit 16 bits`);
    // The sections in file order, each on a 4-byte boundary (docs/bundle.md); sizes come from the header alone.
    let at = 16 + 4 * this.order;
    const expected = this.layoutBytes(at, blobBytes);
    if (byteLength !== expected) throw new Error(`${where}: ${byteLength} bytes, but the header's counts need ${expected}`);
    const take = <T>(make: (offset: number, length: number) => T, length: number, size: number): T => {
      const out = make(byteOffset + at, length);
      at += pad4(length * size);
      return out;
    };
    const u8 = (o: number, l: number) => new Uint8Array(buffer, o, l);
    this.offsets = take((o, l) => new Uint32Array(buffer, o, l), this.ids + 1, 4);
    this.blob = take(u8, blobBytes, 1);
    for (let n = 1; n <= this.order; n++) {
      this.probLevels.push(take((o, l) => new Float32Array(buffer, o, l), LEVELS, 4));
      if (n < this.order) this.backoffLevels.push(take((o, l) => new Float32Array(buffer, o, l), LEVELS, 4));
    }
    for (let n = 1; n <= this.order; n++) {
      const count = this.counts[n - 1]!;
      if (n > 1) this.words.push(take((o, l) => new Uint16Array(buffer, o, l), count, 2));
      this.probs.push(take(u8, count, 1));
      if (n < this.order) {
        this.backoffs.push(take(u8, count, 1));
        const child = take((o, l) => new Uint32Array(buffer, o, l), count + 1, 4);
        if (child[0] !== 0 || child[count] !== this.counts[n]) {
          throw new Error(`${where}: order ${n}'s continuations do not cover the ${this.counts[n]} entries of order ${n + 1}`);
        }
        this.children.push(child);
      }
    }
    if (this.offsets[this.ids] !== blobBytes) throw new Error(`${where}: the vocabulary offsets do not end at the blob's end`);
    this.bytes = byteLength;
  }

  private layoutBytes(header: number, blobBytes: number): number {
    let total = header + pad4(4 * (this.ids + 1)) + pad4(blobBytes) + (2 * this.order - 1) * 4 * LEVELS;
    for (let n = 1; n <= this.order; n++) {
      const count = this.counts[n - 1]!;
      total += (n > 1 ? pad4(2 * count) : 0) + pad4(count) + (n < this.order ? pad4(count) + 4 * (count + 1) : 0);
    }
    return total;
  }

  /** The word's id, or UNK when it is not in the vocabulary (the specials' names are not words). */
  wordId(word: string): number {
    const key = this.encoder.encode(word);
    let low = SPECIALS;
    let high = this.ids - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = this.compare(mid, key);
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return UNK;
  }

  isKnown(word: string): boolean {
    return this.wordId(word) !== UNK;
  }

  /** The string of an id (<unk>, <s>, </s> for the specials). */
  word(id: number): string {
    return new TextDecoder().decode(this.blob.subarray(this.offsets[id]!, this.offsets[id + 1]!));
  }

  /** The state at a sentence start (after <s>). */
  start(): WordState {
    return this.nextState([], BOS);
  }

  /** ln p(word | state) (backing off as ARPA models do) and the state after the word. */
  score(state: WordState, wordId: number): WordScore {
    if (!(wordId >= 0 && wordId < this.ids) || wordId === BOS) throw new RangeError(`word id ${wordId} cannot be predicted`);
    if (state.length >= this.order) throw new RangeError(`a state holds at most ${this.order - 1} word ids, not ${state.length}`);
    let total = 0;
    for (let length = state.length; length >= 1; length--) {
      const context = this.entry(state, state.length - length, length);
      if (context < 0) continue;
      const child = this.children[length - 1]!;
      const found = this.find(length + 1, child[context]!, child[context + 1]!, wordId);
      if (found >= 0) return { logProb: total + this.probLevels[length]![this.probs[length]![found]!]!, next: this.nextState(state, wordId) };
      total += this.backoffLevels[length - 1]![this.backoffs[length - 1]![context]!]!;
    }
    return { logProb: total + this.probLevels[0]![this.probs[0]![wordId]!]!, next: this.nextState(state, wordId) };
  }

  /** ln p(</s> | state): the sentence ends here. */
  endScore(state: WordState): number {
    return this.score(state, EOS).logProb;
  }

  private nextState(state: WordState, wordId: number): WordState {
    if (this.order === 1) return [];
    const history = [...state, wordId];
    const from = Math.max(0, history.length - (this.order - 1));
    for (let length = history.length - from; length >= 1; length--) {
      const at = history.length - length;
      const entry = this.entry(history, at, length);
      const child = this.children[length - 1]!;
      if (entry >= 0 && child[entry + 1]! > child[entry]!) return history.slice(at);
    }
    return [];
  }

  /** Index among the entries of order `length` of the n-gram ids[from .. from + length), or -1. */
  private entry(ids: readonly number[], from: number, length: number): number {
    let at = ids[from]!;
    for (let n = 2; n <= length; n++) {
      const child = this.children[n - 2]!;
      at = this.find(n, child[at]!, child[at + 1]!, ids[from + n - 1]!);
      if (at < 0) return -1;
    }
    return at;
  }

  /** The entry of order n in [low, high) whose word is `wordId`, or -1 (siblings are sorted by word id). */
  private find(n: number, low: number, high: number, wordId: number): number {
    const words = this.words[n - 2]!;
    let lo = low;
    let hi = high - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = words[mid]!;
      if (value === wordId) return mid;
      if (value < wordId) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Byte order of vocabulary word `id` against `key`. */
  private compare(id: number, key: Uint8Array): number {
    const start = this.offsets[id]!;
    const length = this.offsets[id + 1]! - start;
    const common = Math.min(length, key.length);
    for (let i = 0; i < common; i++) {
      const d = this.blob[start + i]! - key[i]!;
      if (d !== 0) return d;
    }
    return length - key.length;
  }
}
