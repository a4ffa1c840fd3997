// Live features: log-mel frames from an AudioSource as its chunks arrive.

import type { AudioSource } from './audio-source';
import { StreamingFeatureExtractor, type FeatureFrameBlock } from './streaming-feature-extractor';

/** Calls `onFrames` with every non-empty block of new frames; returns a function that detaches. */
export function attachFeatureExtractor(source: AudioSource, onFrames: (block: FeatureFrameBlock) => void): () => void {
  const extractor = new StreamingFeatureExtractor();
  return source.on('chunk', (samples) => {
    const block = extractor.push(samples);
    if (block.nFrames > 0) onFrames(block);
  });
}
