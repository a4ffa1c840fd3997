// Collects chunks into one Float32Array without holding two copies of a long file at once when the
// final length is known in advance (WAV); otherwise keeps the chunks and joins them at the end.

export class SampleAccumulator {
  private buffer: Float32Array | undefined;
  private chunks: Float32Array[] = [];
  private length = 0;

  /** `expectedLength`, when given, is allocated up front; more than that still works (by growing). */
  constructor(expectedLength?: number) {
    if (expectedLength !== undefined && expectedLength > 0) this.buffer = new Float32Array(expectedLength);
  }

  append(chunk: Float32Array): void {
    if (this.buffer === undefined) {
      this.chunks.push(chunk);
    } else {
      if (this.length + chunk.length > this.buffer.length) {
        const grown = new Float32Array(Math.max(this.length + chunk.length, Math.ceil(this.buffer.length * 1.25)));
        grown.set(this.buffer.subarray(0, this.length));
        this.buffer = grown;
      }
      this.buffer.set(chunk, this.length);
    }
    this.length += chunk.length;
  }

  get size(): number {
    return this.length;
  }

  /** All samples, in an array of exactly that length. */
  finish(): Float32Array {
    if (this.buffer !== undefined) {
      // Only a mis-declared header leaves slack; copying then is the price of an exact-length array.
      return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
    }
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Float32Array(this.length);
    let offset = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      out.set(this.chunks[i]!, offset);
      offset += this.chunks[i]!.length;
    }
    this.chunks = [];
    return out;
  }
}
