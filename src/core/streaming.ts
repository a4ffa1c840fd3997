// Streaming encoder: feature chunks in, encoder frames out as soon as their look-ahead has arrived.
//
// The encoder is translation-invariant and every layer sees frames [i - left, i + right], so encoder
// frames [a, b) computed from the features of frames [a - left·layers, b + right·layers) equal the
// full-utterance result with the same window (docs/bundle.md). The cache is that input window: the
// features of the last left·layers emitted frames plus those not yet emitted. It never grows, so each
// chunk costs the same however long the stream runs.

import type { AttentionWindow, ModelConfig } from './bundle';
import type { PartSession } from './backend';
import { encodedFrameCount, featureSpan, runEncoder, ENCODER_STRIDE } from './encoder';
import { FrameStore } from './frame-store';

export interface EncodedChunk {
  /** Index of the first encoder frame in this chunk, counted from the start of the stream. */
  firstFrame: number;
  frames: number;
  /** Row-major frames × dModel. */
  encoded: Float32Array;
  /** Row-major frames × V. */
  ctcLogProbs: Float32Array;
  /**
   * The CTC log-probabilities (row-major × V) of the frames after these that the same run computed before
   * their look-ahead arrived: what those frames would be if the stream ended now (flush() gives exactly
   * this). They change as audio arrives, so they are not emitted, but they say sooner that speech has ended.
   */
  provisionalCtcLogProbs: Float32Array;
}

export interface StreamingEncoderOptions {
  /** Emit only when at least this many encoder frames are ready (fewer calls, same result); default 1. */
  minChunkFrames?: number;
}

export class StreamingEncoder {
  private readonly nMels: number;
  private readonly leftContext: number;
  private readonly lookAhead: number;
  private readonly minChunk: number;
  /** Features of the frames a future chunk's context can still reach, up to the newest received. */
  private readonly features: FrameStore;
  private emitted = 0;
  private finished = false;

  constructor(
    private readonly run: (features: Float32Array, nFrames: number, window: AttentionWindow) => ReturnType<typeof runEncoder>,
    config: ModelConfig,
    readonly window: AttentionWindow,
    options: StreamingEncoderOptions = {},
  ) {
    this.nMels = config.features.nMels;
    const layers = config.architecture.encoderLayers;
    this.leftContext = window.left * layers;
    this.lookAhead = window.right * layers;
    this.minChunk = Math.max(1, options.minChunkFrames ?? 1);
    this.features = new FrameStore(this.nMels);
  }

  static forSession(session: PartSession, config: ModelConfig, window: AttentionWindow, options?: StreamingEncoderOptions): StreamingEncoder {
    return new StreamingEncoder((f, n, w) => runEncoder(session, config, f, n, w), config, window, options);
  }

  /** Encoder frames emitted so far. */
  get framesEmitted(): number {
    return this.emitted;
  }

  /** Feature frames held in the cache (bounded by the window, not by the stream's length). */
  get cachedFeatureFrames(): number {
    return this.features.held;
  }

  /** Adds `nFrames` feature frames (row-major nFrames × nMels); returns the encoder frames now final. */
  async push(features: Float32Array, nFrames = features.length / this.nMels): Promise<EncodedChunk | undefined> {
    if (this.finished) throw new Error('the stream has been flushed; start a new StreamingEncoder');
    if (!Number.isInteger(nFrames) || features.length < nFrames * this.nMels) throw new Error('a feature chunk must hold whole frames');
    this.features.append(features, nFrames);
    const available = encodedFrameCount(this.features.end);
    const ready = available - this.lookAhead;
    if (ready - this.emitted < this.minChunk) return undefined;
    return this.emit(ready, available);
  }

  /**
   * End of stream: emits the frames that were waiting for look-ahead that will never come, after adding
   * `features` (e.g. the silent tail) if given: one encoder run where a push and then a flush would take two.
   */
  async flush(features?: Float32Array, nFrames = features ? features.length / this.nMels : 0): Promise<EncodedChunk | undefined> {
    if (features && nFrames > 0) {
      if (this.finished) throw new Error('the stream has been flushed; start a new StreamingEncoder');
      if (!Number.isInteger(nFrames) || features.length < nFrames * this.nMels) throw new Error('a feature chunk must hold whole frames');
      this.features.append(features, nFrames);
    }
    this.finished = true;
    const available = encodedFrameCount(this.features.end);
    if (available <= this.emitted) return undefined;
    return this.emit(available, available);
  }

  private async emit(last: number, available: number): Promise<EncodedChunk> {
    const first = this.emitted;
    const contextStart = Math.max(0, first - this.leftContext);
    const contextEnd = Math.min(available, last + this.lookAhead);
    const span = featureSpan(contextStart, contextEnd);
    const slice = this.features.view(span.start, span.end - span.start);
    const out = await this.run(slice, span.end - span.start, this.window);
    const skip = first - contextStart;
    const frames = last - first;
    const chunk: EncodedChunk = {
      firstFrame: first,
      frames,
      encoded: out.encoded.slice(skip * out.dModel, (skip + frames) * out.dModel),
      ctcLogProbs: out.ctcLogProbs.slice(skip * out.vocabulary, (skip + frames) * out.vocabulary),
      provisionalCtcLogProbs: out.ctcLogProbs.slice((skip + frames) * out.vocabulary),
    };
    this.emitted = last;
    this.features.dropBefore(ENCODER_STRIDE * Math.max(0, last - this.leftContext));
    return chunk;
  }

}
