// Long audio is recognised in bounded pieces: the encoder's attention is quadratic in length and the
// model was trained on utterances of a few seconds. The renderer already holds the whole file's
// features (one contract call), so it cuts them at the quietest stretch (lowest mean log-mel
// energy) between minS and maxS after the previous cut, like the core's segmentAtPauses does on
// samples.

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
  // Smooth over ~0.3 s so a cut lands in a pause, not between two phones.
  const half = Math.max(1, Math.round(0.15 / geometry.frameS));
  const smooth = (f: number) => {
    let sum = 0;
    let n = 0;
    for (let k = Math.max(0, f - half); k <= Math.min(nFrames - 1, f + half); k++, n++) sum += energy[k]!;
    return sum / Math.max(1, n);
  };
  const segments: FeatureSegment[] = [];
  let cursor = 0;
  while (nFrames - cursor > maxFrames) {
    let best = cursor + minFrames;
    let bestEnergy = smooth(best);
    for (let f = best + 1; f <= cursor + maxFrames; f++) {
      const e = smooth(f);
      if (e < bestEnergy) [best, bestEnergy] = [f, e];
    }
    segments.push({ start: cursor, end: best });
    cursor = best;
  }
  if (nFrames > cursor) segments.push({ start: cursor, end: nFrames });
  return segments;
}
