// A stretch of a file read again: the samples of feature frames [firstFrame, firstFrame + nFrames) and those
// frames. The app keeps only an overview of a long file (src/renderer/state/audio-overview.ts) and asks for the
// exact audio of a time range when it needs it (a segment traced or its attention recomputed, a stretch played).
// The file is decoded from its start (the decoders cannot seek; the resampler's output depends only on its input,
// so the samples are the whole-file ones), samples before the range are dropped without computing features, and
// the frames are computed from sample firstFrame · hop on: frame t covers samples [hop·t, hop·t + frameSize) and
// nothing else, so they equal the whole file's frames firstFrame… exactly (feature-range.test.ts).

import { FEATURE_PARAMETERS } from './feature-parameters';
import { frameStart } from './feature-framing';
import { FileStream } from './file-stream';
import { SampleAccumulator } from './sample-accumulator';
import { StreamingFeatureExtractor } from './streaming-feature-extractor';

export interface FeatureRange {
  /** The first frame read (as asked) and its first sample: firstFrame · hop. */
  firstFrame: number;
  firstSample: number;
  /** 16 kHz samples [firstSample, firstSample + (nFrames − 1) · hop + frameSize), fewer where the file ends. */
  samples: Float32Array;
  /** Row-major nFrames × nMels, equal to the whole file's frames from firstFrame on. */
  frames: Float32Array;
  /** Frames read: as asked, fewer where the file ends. */
  nFrames: number;
}

/** Reads frames [firstFrame, firstFrame + nFrames) of `path` and their samples; rejects with the file's AudioError. */
export async function readFeatureRange(path: string, firstFrame: number, nFrames: number): Promise<FeatureRange> {
  const { frameSize, hopSize, nMels } = FEATURE_PARAMETERS;
  const firstSample = frameStart(firstFrame);
  const endSample = nFrames > 0 ? firstSample + (nFrames - 1) * hopSize + frameSize : firstSample;
  const stream = await FileStream.open(path);
  const samples = new SampleAccumulator();
  const features = new StreamingFeatureExtractor();
  const frames = new SampleAccumulator();
  let position = 0;
  try {
    // Each chunk is one turn of the caller's event loop (as the block reader's): features of the range are
    // computed chunk by chunk, never in one long call.
    while (position < endSample) {
      const chunk = await stream.next();
      if (!chunk) break;
      const from = Math.max(0, firstSample - position);
      const to = Math.min(chunk.length, endSample - position);
      position += chunk.length;
      if (to <= from) continue;
      const inRange = chunk.subarray(from, to);
      samples.append(inRange.slice());
      const block = features.push(inRange);
      if (block.nFrames > 0) frames.append(block.frames);
    }
  } finally {
    await stream.close();
  }
  const frameValues = frames.finish();
  return { firstFrame, firstSample, samples: samples.finish(), frames: frameValues, nFrames: frameValues.length / nMels };
}
