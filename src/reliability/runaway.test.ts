// Runaway guards (issue 9, item 4): AT decoding of silence or noise ends in bounded time with no
// repetition loop.
// - At the decoder: the tiny bundle on a maximal (20 s) segment of noise and of silence, greedy and
//   beam 4: steps never exceed the length cap, no pattern repeats more than the guard allows; and a
//   step part that never ends and never repeats is stopped by the length cap, exactly.
// - Through segmentation: 30 minutes of silence streamed from a file (no decoder runs at all; bounded
//   memory too) and 30 s of noise through the real front end, in bounded time.
// - Extrapolation: 30 minutes is at most 90 segments of at most 20 s, and each segment's AT decode is
//   at most cap + 1 steps; the decoder-level tests print the resulting worst case for this machine.
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader } from '../cli/folder-bundle-reader';
import { atBeamSearch } from '../core/at';
import { configureOnnxRuntime, type PartSession } from '../core/backend';
import { transcribe } from '../core/pipeline';
import { Recogniser } from '../core/recogniser';
import { maxTokens, repeatsTooMuch } from '../core/search';
import { extractFeatures } from '../audio';
import { measureLongFile } from './tools/long-file-memory';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TINY = path.resolve(import.meta.dirname, '../core/fixtures/tiny-bundle');
const RATE = 16000;
let recogniser: Recogniser;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  recogniser = await Recogniser.load(folderBundleReader(TINY), { backend: 'wasm' });
});

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The longest run of one pattern (1..8 tokens) repeated back to back anywhere in `tokens`. */
function longestRepeat(tokens: readonly number[]): number {
  let longest = 1;
  for (let end = 1; end <= tokens.length; end++) {
    for (let times = longest + 1; times <= 64 && repeatsTooMuch(tokens.slice(0, end), 8, times); times++) longest = times;
  }
  return longest;
}

describe('AT on a 20 s segment of noise or silence (the longest segment the pipeline makes)', () => {
  const nFrames = 2000; // 20 s of 10 ms feature frames
  const noise = (() => {
    const next = random(9);
    return Float32Array.from({ length: nFrames * 80 }, () => Math.log1p(next() * 50));
  })();
  const silence = new Float32Array(nFrames * 80); // ln(1 + 0): digital silence

  it.each([
    { kind: 'noise', features: noise, beam: 1 },
    { kind: 'noise', features: noise, beam: 4 },
    { kind: 'silence', features: silence, beam: 1 },
    { kind: 'silence', features: silence, beam: 4 },
  ])('$kind, beam $beam: ends within the length cap, with no runaway repetition', async ({ kind, features, beam }) => {
    const started = performance.now();
    const { decoded, encoder, stats } = await recogniser.recognise(features, nFrames, { decoder: 'at', beam });
    const ms = performance.now() - started;
    const cap = maxTokens(encoder.frames, 25);
    expect(decoded.steps).toBeLessThanOrEqual(cap + 1);
    expect(decoded.tokens.length).toBeLessThanOrEqual(cap);
    // the guard ends a hypothesis on the 4th repeat of a pattern: never 5
    expect(longestRepeat(decoded.tokens)).toBeLessThanOrEqual(4);
    expect(ms).toBeLessThan(30_000);
    const perStep = stats.decoderMs / decoded.steps;
    console.info(
      `runaway: AT beam ${beam} on 20 s of ${kind}: ${decoded.steps} steps (cap ${cap + 1}), ${decoded.tokens.length} tokens, ${ms.toFixed(0)} ms ` +
        `(decoder ${stats.decoderMs.toFixed(0)} ms, ${perStep.toFixed(1)} ms a step; were the cap reached: ≤ ${((ms - stats.decoderMs + perStep * (cap + 1)) / 1000).toFixed(1)} s a segment, ≤ ${((90 * (ms - stats.decoderMs + perStep * (cap + 1))) / 60_000).toFixed(1)} min for 30 min of audio)`,
    );
  });

  it('a step part that never ends and never repeats is stopped by the length cap, exactly', async () => {
    const { config, tokens } = recogniser;
    const { atLayers: L, heads: H, dModel } = config.architecture;
    const dk = dModel / H;
    const V = tokens.size;
    const S = 50;
    const names = config.files.atStep;
    let calls = 0;
    // Each step prefers a token from a never-repeating sequence (the binary digits of the step number,
    // offset so EOS never wins); EOS always scores lowest.
    const step: Pick<PartSession, 'run'> = {
      run: async (feeds) => {
        calls++;
        const n = Number(feeds[names.inputs.token]!.dims[0]);
        const capacity = Number(feeds[names.inputs.selfKeys]!.dims[3]);
        const position = Number((feeds[names.inputs.position]!.data as BigInt64Array)[0]);
        const logProbs = new Float32Array(n * V).fill(-10);
        for (let b = 0; b < n; b++) {
          const id = 1 + ((position * 7 + (position >> 3) * 13 + b) % (V - 2));
          logProbs[b * V + (id === tokens.sosEos ? id + 1 : id)] = -0.01;
          logProbs[b * V + tokens.sosEos] = -50;
        }
        const kv = () => new ort.Tensor('float32', new Float32Array(L * n * H * capacity * dk), [L, n, H, capacity, dk]);
        return {
          [names.outputs.logProbs]: new ort.Tensor('float32', logProbs, [n, V]),
          [names.outputs.selfKeys]: kv(),
          [names.outputs.selfValues]: kv(),
          [names.outputs.crossAttention]: new ort.Tensor('float32', new Float32Array(L * n * H * S).fill(1 / S), [L, n, H, S]),
        };
      },
    };
    const memoryNames = config.files.atMemory;
    const memory: Pick<PartSession, 'run'> = {
      run: async () => ({
        [memoryNames.outputs.crossKeys]: new ort.Tensor('float32', new Float32Array(L * H * S * dk), [L, 1, H, S, dk]),
        [memoryNames.outputs.crossValues]: new ort.Tensor('float32', new Float32Array(L * H * S * dk), [L, 1, H, S, dk]),
      }),
    };
    const encoder = { encoded: new Float32Array(S * dModel), frames: S } as Parameters<typeof atBeamSearch>[3];
    const decoded = await atBeamSearch({ memory: memory as PartSession, step: step as PartSession }, config, tokens, encoder, 1);
    const cap = maxTokens(S, config.decoding.maxTokensPerSecond, config.architecture.frameMs / 1000);
    expect(longestRepeat(decoded.tokens)).toBeLessThan(4); // the repetition guard never fired
    expect(decoded.steps).toBe(cap + 1);
    expect(calls).toBe(cap + 1);
    expect(decoded.tokens.length).toBe(cap + 1);
  });
});

describe('through segmentation', () => {
  it('30 minutes of silence, streamed from a file: every segment skipped, in bounded time and memory', async () => {
    // The CLI's path (DecodedStream → transcribeStream) on a sparse 30-minute WAV that is never held
    // in memory: decoded whole it would be 110 MiB of float32. 3 hours: src/reliability/tools/long-file-memory.ts.
    const measured = await measureLongFile(0.5);
    expect(measured.audioS).toBe(1800);
    expect(measured.segments).toBe(0); // silence never reaches the decoder
    expect(measured.seconds).toBeLessThan(45);
    // Samples live in typed arrays (outside the JS heap): both stay far below the 110 MiB of the whole.
    // (Peaks include garbage not yet collected; RSS is process-wide and too noisy to assert, so only printed.)
    expect(measured.peakArrayBuffersGrowthMiB).toBeLessThan(80);
    expect(measured.peakHeapGrowthMiB).toBeLessThan(30);
    console.info(
      `runaway: 30 min of silence streamed through decode + segmentation: ${measured.seconds.toFixed(1)} s, peak growth: typed arrays +${measured.peakArrayBuffersGrowthMiB.toFixed(1)} MiB, ` +
        `heap +${measured.peakHeapGrowthMiB.toFixed(1)} MiB, RSS +${measured.peakRssGrowthMiB.toFixed(1)} MiB`,
    );
  });

  it('30 s of noise through the real front end: bounded segments, each decode within the cap', async () => {
    const next = random(5);
    const samples = Float32Array.from({ length: 30 * RATE }, () => (next() * 2 - 1) * 0.3);
    const perSegment: { ms: number; steps: number; cap: number }[] = [];
    let last = performance.now();
    const started = last;
    const transcript = await transcribe(recogniser, samples, {
      decoder: 'at',
      extractFeatures,
      segmentation: { maxSegmentS: 10 },
      onSegment: (recognition) => {
        const now = performance.now();
        perSegment.push({ ms: now - last, steps: recognition.decoded.steps, cap: maxTokens(recognition.encoder.frames, 25) + 1 });
        last = now;
      },
    });
    const ms = performance.now() - started;
    expect(transcript.segments.length).toBeGreaterThanOrEqual(3);
    for (const segment of transcript.segments) {
      expect(segment.end - segment.start).toBeLessThanOrEqual(10.001);
      expect(longestRepeat(segment.tokens)).toBeLessThanOrEqual(4);
    }
    for (const s of perSegment) expect(s.steps).toBeLessThanOrEqual(s.cap);
    expect(ms).toBeLessThan(60_000);
    const worst = Math.max(...perSegment.map((s) => s.ms));
    console.info(
      `runaway: 30 s of noise, ${perSegment.length} segments of ≤ 10 s in ${ms.toFixed(0)} ms (features + encoder + AT); worst segment ${worst.toFixed(0)} ms ` +
        `at ${Math.max(...perSegment.map((s) => s.steps))} steps (cap ${Math.max(...perSegment.map((s) => s.cap))})`,
    );
  });
});
