import MeydaModule from 'meyda';
import { describe, expect, it } from 'vitest';
import { extractFeatures, extractFeaturesAsync } from './extract-features';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { frameCount, frameStart } from './feature-framing';
import { meydaForTests } from './meyda-mel-bands';

const { nMels, frameSize, hopSize } = FEATURE_PARAMETERS;

function noise(length: number, seed = 1): Float32Array {
  let state = seed;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 0.5;
  }
  return out;
}

describe('framing rule', () => {
  it('N samples → floor((N − 512) / 160) + 1 frames, none below 512', () => {
    expect(frameSize).toBe(512);
    expect(hopSize).toBe(160);
    expect([0, 1, 511, 512, 671, 672, 16000].map(frameCount)).toEqual([0, 0, 0, 1, 1, 2, 97]);
    expect(frameStart(3)).toBe(480);
  });

  it('extractFeatures returns nFrames × 80, row-major', () => {
    expect(extractFeatures(new Float32Array(100))).toEqual({ frames: new Float32Array(0), nFrames: 0 });
    const { frames, nFrames } = extractFeatures(noise(16000));
    expect(nFrames).toBe(97);
    expect(frames.length).toBe(97 * nMels);
  });
});

describe('extractFeaturesAsync', () => {
  it('gives the same frames as extractFeatures, in slices, with progress', async () => {
    const samples = noise(16000 * 7, 11); // 697 frames: three slices
    const progress: number[] = [];
    const result = await extractFeaturesAsync(samples, { onProgress: (f) => progress.push(f) });
    expect(result).toEqual(extractFeatures(samples));
    expect(progress.length).toBe(3);
    expect(progress.at(-1)).toBe(1);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(extractFeaturesAsync(noise(20000), { signal: controller.signal })).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('extractFeatures is Meyda melBands on each 512-sample frame', () => {
  it('matches Meyda.extract called directly on frame t = samples[160t, 160t + 512)', () => {
    const samples = noise(4000, 7);
    const { frames, nFrames } = extractFeatures(samples);
    const Meyda = meydaForTests;
    for (const t of [0, 1, nFrames - 1]) {
      const direct = Meyda.extract('melBands', samples.slice(t * hopSize, t * hopSize + frameSize));
      expect(Array.from(frames.subarray(t * nMels, (t + 1) * nMels))).toEqual(Array.from(Float32Array.from(direct.slice(0, nMels))));
    }
  });

  it('is ln(1 + Σ mel·|X|²): silence gives exactly 0', () => {
    const { frames } = extractFeatures(new Float32Array(1000));
    expect(frames.every((v) => v === 0)).toBe(true);
  });

  it('uses the CommonJS module object whichever way it is imported', () => {
    const viaDefault = (MeydaModule as unknown as { default?: unknown }).default ?? MeydaModule;
    expect(viaDefault).toBe(meydaForTests);
  });
});

describe("Meyda's cached filterbank", () => {
  const samples = noise(3000, 3);
  const reference = extractFeatures(samples).frames;

  it('is rebuilt when someone else built an 80-filter bank for another sample rate', () => {
    // Meyda only rebuilds when melFilterBank.length != melBands: setting sampleRate back to 16 kHz
    // would keep this 44.1 kHz bank and silently give wrong features.
    const Meyda = meydaForTests;
    Meyda.sampleRate = 44100;
    Meyda.melFilterBank = undefined;
    Meyda.extract('melBands', samples.subarray(0, 512));
    const foreignBank = Meyda.melFilterBank;
    Meyda.sampleRate = 16000; // what a naive "configure" would do
    expect(Meyda.melFilterBank).toBe(foreignBank); // stale, and Meyda would keep it
    expect(extractFeatures(samples).frames).toEqual(reference);
    expect(Meyda.melFilterBank).not.toBe(foreignBank);
  });

  it('is rebuilt when someone else used other melBands, MFCC count or window', () => {
    const Meyda = meydaForTests;
    Meyda.melBands = 26;
    Meyda.numberOfMFCCCoefficients = 40;
    Meyda.windowingFunction = 'hamming';
    Meyda.extract('melBands', samples.subarray(0, 512));
    expect(extractFeatures(samples).frames).toEqual(reference);
    expect(Meyda.melFilterBank?.length).toBe(Math.max(nMels, FEATURE_PARAMETERS.numberOfMFCCCoefficients));
  });

  it('is rebuilt when someone replaced the filterbank object', () => {
    const Meyda = meydaForTests;
    Meyda.melFilterBank = Meyda.melFilterBank!.map((row) => row.map(() => 0));
    expect(extractFeatures(samples).frames).toEqual(reference);
  });
});
