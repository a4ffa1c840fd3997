// The framing rule (docs/bundle.md): frame t covers samples [hop·t, hop·t + frameSize), no padding,
// so N samples give floor((N - frameSize) / hop) + 1 frames, and none when N < frameSize.

import { FEATURE_PARAMETERS } from './feature-parameters';

const { frameSize, hopSize } = FEATURE_PARAMETERS;

export function frameCount(sampleCount: number): number {
  return sampleCount < frameSize ? 0 : Math.floor((sampleCount - frameSize) / hopSize) + 1;
}

/** Index of the first sample of frame `t`. */
export function frameStart(t: number): number {
  return t * hopSize;
}
