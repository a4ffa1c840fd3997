// The overview of a long file keeps a fixed size whatever the length (buckets merge in pairs when full), and is the
// whole audio's min/max per bucket and mean per filterbank column however the audio arrived in blocks.
import { describe, expect, it } from 'vitest';
import { OverviewBuilder, overviewOf } from './audio-overview';

function signal(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37) * Math.cos(i / 1000));
}

function frames(nFrames: number, nMels: number): Float32Array {
  return Float32Array.from({ length: nFrames * nMels }, (_, i) => ((i * 7919) % 101) / 10);
}

describe('OverviewBuilder', () => {
  it('holds at most its capacity, and at least half of it once filled, for any length', () => {
    for (const scale of [1, 3, 10, 100]) {
      const builder = new OverviewBuilder(64, 32);
      const samples = signal(1000 * scale);
      // in uneven blocks, as a stream delivers them
      for (let at = 0; at < samples.length; at += 777) builder.addSamples(samples.subarray(at, at + 777));
      builder.addFrames(frames(100 * scale, 4), 100 * scale, 4);
      const overview = builder.finish();
      expect(overview.peakMax.length).toBeLessThanOrEqual(64);
      expect(overview.peakMax.length).toBeGreaterThan(32);
      expect(overview.columns).toBeLessThanOrEqual(32);
      expect(overview.columns).toBeGreaterThan(16);
      expect(overview.filterbank.length).toBe(overview.columns * 4);
    }
  });

  it('is the min/max of each bucket and the mean of each column, the last ones partial', () => {
    const samples = signal(5000);
    const nFrames = 301;
    const values = frames(nFrames, 3);
    const builder = new OverviewBuilder(16, 8);
    builder.addSamples(samples.subarray(0, 1234));
    builder.addSamples(samples.subarray(1234));
    builder.addFrames(values.subarray(0, 100 * 3), 100, 3);
    builder.addFrames(values.subarray(100 * 3), nFrames - 100, 3);
    const overview = builder.finish();
    const step = overview.samplesPerPeak;
    for (let b = 0; b < overview.peakMax.length; b++) {
      const bucket = samples.subarray(b * step, (b + 1) * step);
      expect(overview.peakMax[b]).toBe(Math.max(...bucket));
      expect(overview.peakMin[b]).toBe(Math.min(...bucket));
    }
    const per = overview.framesPerColumn;
    for (let c = 0; c < overview.columns; c++) {
      const last = Math.min(nFrames, (c + 1) * per);
      for (let m = 0; m < 3; m++) {
        let sum = 0;
        for (let f = c * per; f < last; f++) sum += values[f * 3 + m]!;
        expect(overview.filterbank[c * 3 + m]).toBeCloseTo(sum / (last - c * per), 4);
      }
    }
    // the same audio given at once gives the same overview
    const once = new OverviewBuilder(16, 8);
    once.addSamples(samples);
    once.addFrames(values, nFrames, 3);
    expect(once.finish()).toEqual(overview);
  });

  it('draws short audio at full resolution (one frame a column)', () => {
    const overview = overviewOf(signal(16_000), frames(98, 80), 98, 80);
    expect(overview).toMatchObject({ framesPerColumn: 1, columns: 98, samplesPerPeak: 1 });
    expect(overview.peakMax.length).toBe(16_000);
  });
});
