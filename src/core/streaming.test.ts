// The streaming encoder gives exactly the full-context result with the same window, whatever the
// chunking, and its cache stays bounded.
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { encodedFrameCount, featureSpan } from './encoder';
import { Recogniser } from './recogniser';
import type { EncodedChunk } from './streaming';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const REFERENCE = path.join(HERE, 'fixtures/tiny-reference');
let recogniser: Recogniser;
let features: Float32Array;
const N_MELS = 80;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  recogniser = await Recogniser.load(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')), { backend: 'wasm' });
  features = await readFloat32File(path.join(REFERENCE, 'espeak-1.features.f32'));
});

async function stream(window: { left: number; right: number }, chunkSizes: number[]) {
  const encoder = recogniser.streamingEncoder(window);
  const chunks: EncodedChunk[] = [];
  const nFrames = features.length / N_MELS;
  let maxCache = 0;
  for (let start = 0, i = 0; start < nFrames; i++) {
    const size = Math.min(chunkSizes[i % chunkSizes.length]!, nFrames - start);
    const chunk = await encoder.push(features.subarray(start * N_MELS, (start + size) * N_MELS));
    if (chunk) chunks.push(chunk);
    maxCache = Math.max(maxCache, encoder.cachedFeatureFrames);
    start += size;
  }
  const last = await encoder.flush();
  if (last) chunks.push(last);
  return { chunks, maxCache };
}

function concatenate(chunks: EncodedChunk[], key: 'encoded' | 'ctcLogProbs'): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c[key].length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c[key], at);
    at += c[key].length;
  }
  return out;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('geometry', () => {
  it('counts encoder frames as floor((T - 7) / 4) + 1 and maps them back to feature spans', () => {
    expect([0, 6, 7, 10, 11, 341].map(encodedFrameCount)).toEqual([0, 0, 1, 1, 2, 84]);
    expect(featureSpan(0, 84)).toEqual({ start: 0, end: 339 });
    expect(featureSpan(10, 12)).toEqual({ start: 40, end: 51 });
  });
});

describe('streaming encoder', () => {
  it.each([
    { window: { left: 16, right: 2 }, chunks: [10] },
    { window: { left: 16, right: 2 }, chunks: [1, 7, 33, 4] },
    { window: { left: 4, right: 0 }, chunks: [16] },
    { window: { left: 2, right: 3 }, chunks: [5, 50] },
  ])('equals full context for window $window.left/$window.right in chunks of $chunks', async ({ window, chunks: sizes }) => {
    const full = await recogniser.encode(features, features.length / N_MELS, window);
    const { chunks } = await stream(window, sizes);
    expect(chunks.map((c) => c.firstFrame)).toEqual(chunks.map((_, i) => chunks.slice(0, i).reduce((n, c) => n + c.frames, 0)));
    expect(maxAbsDifference(concatenate(chunks, 'encoded'), full.encoded)).toBeLessThan(1e-4);
    expect(maxAbsDifference(concatenate(chunks, 'ctcLogProbs'), full.ctcLogProbs)).toBeLessThan(1e-4);
  });

  it("matches the recipe's 16/2 reference", async () => {
    const { chunks } = await stream({ left: 16, right: 2 }, [12]);
    const reference = await readFloat32File(path.join(REFERENCE, 'espeak-1.16-2.encoded.f32'));
    expect(maxAbsDifference(concatenate(chunks, 'encoded'), reference)).toBeLessThan(1e-3);
  });

  it('keeps a bounded cache: the window, not the stream', async () => {
    const window = { left: 2, right: 1 };
    const layers = recogniser.config.architecture.encoderLayers;
    const { maxCache } = await stream(window, [8]);
    // left context + look-ahead (encoder frames) in feature frames, plus one chunk and the receptive field.
    const bound = 4 * (window.left * layers + window.right * layers) + 8 + 7 + 4;
    expect(maxCache).toBeLessThanOrEqual(bound);
    expect(maxCache).toBeLessThan(features.length / N_MELS / 4);
  });

  it('emits frames only once their look-ahead has arrived, and the rest on flush', async () => {
    const window = { left: 16, right: 2 };
    const encoder = recogniser.streamingEncoder(window);
    const first = await encoder.push(features.subarray(0, 40 * N_MELS));
    // 40 feature frames = 9 encoder frames; 2 layers × 2 frames of look-ahead hold back 4.
    expect(first?.frames).toBe(9 - 4);
    expect(await encoder.push(features.subarray(40 * N_MELS, 41 * N_MELS))).toBeUndefined();
    const rest = await encoder.flush();
    expect(rest?.firstFrame).toBe(5);
    expect(rest?.frames).toBe(4);
    await expect(encoder.push(features.subarray(0, N_MELS))).rejects.toThrow(/flushed/);
  });
});

describe('provisional frames', () => {
  it('are what the encoder gives for those frames if the stream ends there', async () => {
    const window = { left: 4, right: 1 };
    const cut = 120; // feature frames pushed before the stream "ends"
    const live = recogniser.streamingEncoder(window);
    let provisional: Float32Array | undefined;
    let emitted = 0;
    for (let start = 0; start < cut; start += 20) {
      const chunk = await live.push(features.subarray(start * N_MELS, (start + 20) * N_MELS));
      if (chunk) {
        provisional = chunk.provisionalCtcLogProbs;
        emitted = chunk.firstFrame + chunk.frames;
      }
    }
    const whole = await recogniser.encode(features.subarray(0, cut * N_MELS), cut, window);
    const V = whole.vocabulary;
    expect(provisional!.length).toBe((whole.frames - emitted) * V);
    expect(provisional!.length).toBeGreaterThan(0);
    expect(maxAbsDifference(provisional!, whole.ctcLogProbs.slice(emitted * V))).toBeLessThan(1e-4);
  });
});
