import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createResampler } from './resampler';
import { maxAbsDiff, rms } from './fixtures/signal-compare';
import { concatenateFloats } from '../shared/samples';

function sine(frequency: number, rate: number, length: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

async function resampleAll(input: Float32Array, rate: number, pieces: number[] = [input.length]): Promise<Float32Array> {
  const resampler = await createResampler(rate);
  const parts: Float32Array[] = [];
  let start = 0;
  for (const size of pieces) {
    parts.push(resampler.process(input.subarray(start, start + size)));
    start += size;
  }
  parts.push(resampler.process(input.subarray(start)));
  parts.push(resampler.finish());
  resampler.destroy();
  return concatenateFloats(parts);
}

describe('resampler', () => {
  it('removes content above the new Nyquist frequency instead of aliasing it', async () => {
    // A 12 kHz tone at 44.1 kHz: linear interpolation to 16 kHz would fold it to 4 kHz at full level.
    const out = await resampleAll(sine(12_000, 44_100, 44_100), 44_100);
    expect(rms(out, 800, out.length - 800)).toBeLessThan(1e-5); // below −90 dB (measured: −125 dB)
  });

  it('keeps the passband: 1 kHz and 6 kHz tones come through at their level', async () => {
    for (const frequency of [1000, 6000]) {
      const out = await resampleAll(sine(frequency, 48_000, 48_000), 48_000);
      expect(rms(out, 800, out.length - 800)).toBeCloseTo(0.5 / Math.SQRT2, 3);
      expect(maxAbsDiff(out, sine(frequency, 16_000, out.length), 800, out.length - 800)).toBeLessThan(2e-3);
    }
  });

  it.each([8000, 11025, 22050, 32000, 44100, 48000, 96000])('gives exactly round(n · 16000 / %i) samples', async (rate) => {
    for (const n of [1, 37, 1000, rate + 3]) {
      const out = await resampleAll(sine(300, rate, n), rate);
      expect(out.length).toBe(Math.round((n * 16000) / rate));
    }
  });

  it('does not depend on how the input is split', async () => {
    const input = sine(523, 44_100, 20_000);
    const whole = await resampleAll(input, 44_100);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 12 }), async (pieces) => {
        const split = await resampleAll(input, 44_100, pieces);
        expect(split).toEqual(whole);
      }),
      { numRuns: 15 },
    );
  });

  it('passes 16 kHz through untouched', async () => {
    const input = sine(440, 16_000, 1000);
    const resampler = await createResampler(16_000);
    expect(resampler.process(input)).toBe(input);
    expect(resampler.finish().length).toBe(0);
  });
});
