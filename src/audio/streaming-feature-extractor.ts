// Incremental log-mel extraction: push samples as they arrive, get the frames that became complete.
// The concatenated output equals extractFeatures() on the concatenated input, frame for frame,
// because each frame is computed from exactly the same 512 samples by the same code.

import { FEATURE_PARAMETERS } from './feature-parameters';
import { frameCount } from './feature-framing';
import { writeMelBandFrames } from './meyda-mel-bands';

const { hopSize, nMels } = FEATURE_PARAMETERS;

export interface FeatureFrameBlock {
  /** Index of the first frame in this block, counted from the first sample ever pushed. */
  startFrame: number;
  /** Row-major nFrames × nMels. */
  frames: Float32Array;
  nFrames: number;
}

export class StreamingFeatureExtractor {
  /** Samples not yet consumed: they start at the first frame not yet produced. */
  private pending = new Float32Array(0);
  private nextFrame = 0;

  push(samples: Float32Array): FeatureFrameBlock {
    const available = concat(this.pending, samples);
    const nFrames = frameCount(available.length);
    const frames = new Float32Array(nFrames * nMels);
    writeMelBandFrames(available, 0, nFrames, hopSize, frames, 0);
    // Keep everything from the start of the next frame on; frames overlap, so that is more than a hop.
    this.pending = available.slice(nFrames * hopSize);
    const block = { startFrame: this.nextFrame, frames, nFrames };
    this.nextFrame += nFrames;
    return block;
  }

  /** Forgets all samples: the next push starts frame 0 again. */
  reset(): void {
    this.pending = new Float32Array(0);
    this.nextFrame = 0;
  }

  /** Frames produced so far. */
  get framesProduced(): number {
    return this.nextFrame;
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length === 0) return b;
  const out = new Float32Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
