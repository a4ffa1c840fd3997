// A file as blocks of samples with the log-mel frames they complete: what the app's main process
// sends the renderer one block per call and what the CLI feeds the core, so both transcribe the same
// frames. A block is about two seconds: one read costs a few milliseconds of decoding and features,
// so the Electron main thread answers other calls in between, and memory holds one block.

import { FEATURE_PARAMETERS } from './feature-parameters';
import type { FileStream } from './file-stream';
import { SampleAccumulator } from './sample-accumulator';
import { StreamingFeatureExtractor } from './streaming-feature-extractor';

/** Samples per block by default: 2 s at 16 kHz. */
export const BLOCK_SAMPLES = 2 * FEATURE_PARAMETERS.sampleRate;

export interface FeatureBlock {
  /** 16 kHz mono samples, continuing the previous block's. */
  samples: Float32Array;
  /** The feature frames these samples completed (row-major nFrames × nMels), continuing the previous block's. */
  frames: Float32Array;
  nFrames: number;
  /** Milliseconds spent computing `frames`. */
  featureMs: number;
}

export class FeatureBlockReader implements AsyncIterable<FeatureBlock> {
  private readonly features = new StreamingFeatureExtractor();

  constructor(
    readonly stream: FileStream,
    private readonly blockSamples = BLOCK_SAMPLES,
  ) {}

  /** The next block, or undefined after the last one (rejects with the stream's AudioError). */
  async read(): Promise<FeatureBlock | undefined> {
    const samples = new SampleAccumulator();
    while (samples.size < this.blockSamples) {
      const chunk = await this.stream.next();
      if (!chunk) break;
      samples.append(chunk);
    }
    if (samples.size === 0) return undefined;
    const all = samples.finish();
    const started = performance.now();
    const { frames, nFrames } = this.features.push(all);
    return { samples: all, frames, nFrames, featureMs: performance.now() - started };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<FeatureBlock> {
    for (let block = await this.read(); block !== undefined; block = await this.read()) yield block;
  }
}
