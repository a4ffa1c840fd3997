// The feature frames of a stream from the oldest one still needed to the newest: a file streamed as
// samples with their frames (the app's main process, the CLI's front end) is cut at pauses on its
// samples, and each segment's frames are taken from here instead of computed again (pipeline.ts); the
// streaming encoder keeps its attention context here (streaming.ts). Frames no longer needed are
// dropped, so memory holds about one segment, or one window.

export class FrameStore {
  private buffer = new Float32Array(0);
  /** Index (from the start of the stream) of the first frame held. */
  private first = 0;
  private count = 0;

  constructor(private readonly nMels: number) {}

  /** Frames received so far, from the start of the stream. */
  get end(): number {
    return this.first + this.count;
  }

  append(frames: Float32Array, nFrames: number): void {
    const need = (this.count + nFrames) * this.nMels;
    if (need > this.buffer.length) {
      const grown = new Float32Array(Math.max(need, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.count * this.nMels));
      this.buffer = grown;
    }
    this.buffer.set(frames.subarray(0, nFrames * this.nMels), this.count * this.nMels);
    this.count += nFrames;
  }

  /** Frames held now (received and not dropped). */
  get held(): number {
    return this.count;
  }

  /** Frames [start, start + nFrames), as a view that the next append or drop may change; they must be held. */
  view(start: number, nFrames: number): Float32Array {
    if (start < this.first || start + nFrames > this.end) {
      throw new RangeError(`frames ${start}..${start + nFrames} are not held (held: ${this.first}..${this.end})`);
    }
    const from = (start - this.first) * this.nMels;
    return this.buffer.subarray(from, from + nFrames * this.nMels);
  }

  /** A copy of frames [start, start + nFrames). */
  take(start: number, nFrames: number): Float32Array {
    return this.view(start, nFrames).slice();
  }

  /** Forgets the frames before `frame`. */
  dropBefore(frame: number): void {
    const drop = Math.min(this.count, Math.max(0, frame - this.first));
    if (drop === 0) return;
    this.buffer.copyWithin(0, drop * this.nMels, this.count * this.nMels);
    this.first += drop;
    this.count -= drop;
  }
}
