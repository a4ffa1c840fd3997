// Long audio is recognised in bounded pieces: the encoder's attention is quadratic in length and the
// model was trained on utterances of a few seconds. The renderer already holds the whole file's
// features (one contract call), so it cuts them at the quietest stretch (lowest mean log-mel
// energy) between minS and maxS after the previous cut, with the core's quietestCuts (which
// segmentAtPauses uses on sample energies).

import { movingAverage, quietestCuts } from '../../core/segment';

export interface FeatureSegment {
  /** Feature frames [start, end). */
  start: number;
  end: number;
}

export interface SegmentGeometry {
  /** Seconds per feature frame (hop / sample rate). */
  frameS: number;
  maxS?: number;
  minS?: number;
}

export function segmentFeatures(frames: Float32Array, nFrames: number, nMels: number, geometry: SegmentGeometry): FeatureSegment[] {
  const maxFrames = Math.max(1, Math.floor((geometry.maxS ?? 20) / geometry.frameS));
  const minFrames = Math.max(1, Math.floor((geometry.minS ?? 8) / geometry.frameS));
  const energy = new Float32Array(nFrames);
  for (let f = 0; f < nFrames; f++) {
    let sum = 0;
    for (let m = 0; m < nMels; m++) sum += frames[f * nMels + m]!;
    energy[f] = sum / nMels;
  }
  // Smoothed over ~0.3 s so a cut lands in a pause, not between two phones.
  const width = 2 * Math.max(1, Math.round(0.15 / geometry.frameS)) + 1;
  const cuts = quietestCuts(movingAverage(energy, width), minFrames, maxFrames);
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? nFrames })).filter((segment) => segment.end > segment.start);
}
