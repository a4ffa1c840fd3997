// The fast front end against its definition: Meyda.extract('melBands') on each 512-sample frame,
// the first nMels bands stored as float32 (what writeMelBandFrames did with Meyda's output before).
import { describe, expect, it } from 'vitest';
import { decodeFile } from './decode-file';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { frameCount } from './feature-framing';
import { fixture } from './fixtures/fixture-path';
import { maxAbsDiff } from './fixtures/signal-compare';
import { meydaForTests, writeMelBandFrames } from './meyda-mel-bands';

const { sampleRate, nMels, frameSize, hopSize, window, numberOfMFCCCoefficients } = FEATURE_PARAMETERS;
const TOLERANCE = 1e-5; // absolute, on ln(1 + mel power)

/** Per-frame Meyda, configured afresh with the filterbank Meyda builds itself (not the one we install). */
function meydaReference(samples: Float32Array): Float32Array {
  const Meyda = meydaForTests;
  Object.assign(Meyda, { bufferSize: frameSize, sampleRate, melBands: nMels, numberOfMFCCCoefficients, windowingFunction: window });
  Meyda.melFilterBank = undefined;
  const nFrames = frameCount(samples.length);
  const out = new Float32Array(nFrames * nMels);
  for (let t = 0; t < nFrames; t++) {
    const bands = Meyda.extract('melBands', samples.slice(t * hopSize, t * hopSize + frameSize));
    for (let m = 0; m < nMels; m++) out[t * nMels + m] = bands[m]!;
  }
  return out;
}

function fast(samples: Float32Array): Float32Array {
  const nFrames = frameCount(samples.length);
  const out = new Float32Array(nFrames * nMels);
  writeMelBandFrames(samples, 0, nFrames, hopSize, out, 0);
  return out;
}

function uniformNoise(length: number, amplitude: number, seed: number): Float32Array {
  let state = seed;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (2 * (state / 2 ** 32) - 1) * amplitude;
  }
  return out;
}

function sine(length: number, frequency: number, amplitude = 1): Float32Array {
  return Float32Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
}

describe('writeMelBandFrames equals per-frame Meyda.extract("melBands")', () => {
  it.each([
    ['quiet noise (−80 dBFS)', uniformNoise(4000, 1e-4, 1)],
    ['noise at −26 dBFS', uniformNoise(4000, 0.05, 2)],
    ['full-scale noise', uniformNoise(4000, 1, 3)],
    ['noise on a DC offset', uniformNoise(4000, 0.1, 4).map((v) => v + 0.5)],
  ])('on %s', (_name, samples) => {
    const reference = meydaReference(samples);
    expect(reference.some((v) => v > 0)).toBe(true);
    expect(maxAbsDiff(fast(samples), reference)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('on full-scale sines: low, mid, between bins and near Nyquist', () => {
    for (const frequency of [50, 440, 1000, 3031.25, 7900]) {
      const samples = sine(3000, frequency);
      expect(maxAbsDiff(fast(samples), meydaReference(samples))).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('on silence: exactly 0 everywhere, as Meyda gives', () => {
    const samples = new Float32Array(2000);
    expect(meydaReference(samples).every((v) => v === 0)).toBe(true);
    expect(fast(samples).every((v) => v === 0)).toBe(true);
  });

  it('on the golden speech fixture and formats/speech.flac, every frame', async () => {
    for (const file of ['golden/utterance.wav', 'formats/speech.flac']) {
      const { samples } = await decodeFile(fixture(file));
      expect(maxAbsDiff(fast(samples), meydaReference(samples)), file).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('writeMelBandFrames', () => {
  const samples = uniformNoise(3000, 0.3, 9);
  const all = fast(samples);

  it('starts at any sample and row, with any hop', () => {
    const out = new Float32Array(5 * nMels).fill(-1);
    writeMelBandFrames(samples, 3 * hopSize, 2, hopSize, out, 2);
    expect(out.subarray(0, 2 * nMels).every((v) => v === -1)).toBe(true);
    expect(out.subarray(2 * nMels, 4 * nMels)).toEqual(all.subarray(3 * nMels, 5 * nMels));
    expect(out.subarray(4 * nMels).every((v) => v === -1)).toBe(true);

    const everyOther = new Float32Array(3 * nMels);
    writeMelBandFrames(samples, 0, 3, 2 * hopSize, everyOther, 0);
    expect(everyOther.subarray(2 * nMels)).toEqual(all.subarray(4 * nMels, 5 * nMels));
  });

  it('refuses frames that run past the samples or rows past the output', () => {
    const nFrames = frameCount(samples.length);
    expect(() => writeMelBandFrames(samples, 0, nFrames + 1, hopSize, new Float32Array((nFrames + 1) * nMels), 0)).toThrow(RangeError);
    expect(() => writeMelBandFrames(samples, 0, 2, hopSize, new Float32Array(nMels), 0)).toThrow(RangeError);
    expect(() => writeMelBandFrames(samples, 0, 0, hopSize, new Float32Array(0), 0)).not.toThrow();
  });
});
