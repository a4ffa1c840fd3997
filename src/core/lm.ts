// The character language model of a bundle (lm.bin, written by training/lm.py) for shallow fusion in AT beam
// search. The file stores, for every context the training text had often enough, the whole next-token
// distribution quantised to a byte per token; a lookup takes the longest stored suffix of the history and
// reads its row, so there is no backoff arithmetic here and every row is a proper distribution.
//
// Layout, little-endian: uint32 order, uint32 context count, the context codes (uint32, ascending), then one
// row of `BASE` bytes per context (level q is log-probability -q · STEP). A code is the context's token ids in
// base 32, most recent lowest; the sentence start is <sos/eos>.

export const BASE = 32;

/** Shallow fusion: a search adds `weight` · the language model's log-probability of each token it picks. */
export interface LmFusion {
  lm: CharacterLM;
  weight: number;
}

export const STEP = 0.05;

export class CharacterLM {
  readonly order: number;
  readonly contexts: number;
  private readonly codes: Uint32Array;
  private readonly rows: Uint8Array;
  private readonly sosEos: number;

  /** Parses lm.bin; throws naming `where` and what is wrong. */
  constructor(bytes: Uint8Array, sosEos: number, vocabulary: number, where = 'lm.bin') {
    if (vocabulary > BASE) throw new Error(`${where}: the model has ${vocabulary} tokens; the language model codes at most ${BASE}`);
    if (bytes.byteLength < 8) throw new Error(`${where}: ${bytes.byteLength} bytes, too short for a header`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.order = view.getUint32(0, true);
    this.contexts = view.getUint32(4, true);
    if (this.order < 1 || this.order > 7) throw new Error(`${where}: order ${this.order}, expected 1 to 7`);
    const expected = 8 + this.contexts * (4 + BASE);
    if (bytes.byteLength !== expected) {
      throw new Error(`${where}: ${bytes.byteLength} bytes, but ${this.contexts} contexts need ${expected}`);
    }
    // Copies, so the codes are 4-byte aligned whatever the offset of the bytes we were given.
    this.codes = new Uint32Array(this.contexts);
    for (let i = 0; i < this.contexts; i++) this.codes[i] = view.getUint32(8 + 4 * i, true);
    this.rows = bytes.subarray(8 + 4 * this.contexts);
    if (this.contexts === 0 || this.codes[0] !== 0) throw new Error(`${where}: no row for the empty context`);
    this.sosEos = sosEos;
  }

  /** Next-token log-probabilities (one per token id, `BASE` of them) after <sos> and `history`. */
  logProbs(history: readonly number[]): Float64Array {
    // The last order - 1 tokens of <sos> + history, without copying a long history at every step.
    const want = this.order - 1;
    const tail = history.slice(Math.max(0, history.length - want));
    const context = tail.length < want ? [this.sosEos, ...tail] : tail;
    for (let length = context.length; length >= 0; length--) {
      let code = 0;
      for (let i = context.length - length; i < context.length; i++) code = code * BASE + context[i]!;
      const row = this.find(code);
      if (row >= 0) {
        const out = new Float64Array(BASE);
        for (let k = 0; k < BASE; k++) out[k] = -STEP * this.rows[row * BASE + k]!;
        return out;
      }
    }
    throw new Error('unreachable: the empty context is stored'); // checked in the constructor
  }

  private find(code: number): number {
    let low = 0;
    let high = this.contexts - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const value = this.codes[mid]!;
      if (value === code) return mid;
      if (value < code) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }
}
