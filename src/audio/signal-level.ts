// The level of a block of samples, for meters.

export interface SignalLevel {
  /** Root mean square, linear (0..1 for in-range audio). */
  rms: number;
  /** Largest magnitude, linear. */
  peak: number;
}

export function measureLevel(samples: Float32Array): SignalLevel {
  let sumSquares = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    sumSquares += x * x;
    const magnitude = Math.abs(x);
    if (magnitude > peak) peak = magnitude;
  }
  return { rms: samples.length === 0 ? 0 : Math.sqrt(sumSquares / samples.length), peak };
}
