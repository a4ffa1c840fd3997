// The silent tail (model.json decoding.tailFrames): every decode of an utterance sees its features followed by
// that many zero frames, whether it is recognised at once or streamed live, and no timestamp passes the audio.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { loadBundle } from './bundle';
import { LiveTranscriber } from './live';
import { Recogniser } from './recogniser';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const REFERENCE = path.join(HERE, 'fixtures/tiny-reference');
const fixture = (JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8')) as { name: string }[])[0]!;
const TAIL = 8;
let plain: Recogniser;
let tailed: Recogniser;
let features: Float32Array;
let nFrames: number;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  const bundle = await loadBundle(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')));
  plain = await Recogniser.fromBundle(bundle, { backend: 'wasm' });
  tailed = await Recogniser.fromBundle({ ...bundle, config: { ...bundle.config, decoding: { ...bundle.config.decoding, tailFrames: TAIL } } }, { backend: 'wasm' });
  features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
  nFrames = features.length / 80;
});

describe('silent tail', () => {
  it('withTail appends zero frames and leaves the features alone; 0 frames is the identity', () => {
    const padded = tailed.withTail(features, nFrames);
    expect(padded.nFrames).toBe(nFrames + TAIL);
    expect(Array.from(padded.features.subarray(0, features.length))).toEqual(Array.from(features));
    expect(padded.features.subarray(features.length).every((v) => v === 0)).toBe(true);
    expect(plain.withTail(features, nFrames).features).toBe(features);
  });

  it('recognise encodes the padded features; statistics count only the audio, and timestamps stop at its end', async () => {
    const window = { left: 16, right: 2 };
    const result = await tailed.recognise(features, nFrames, { decoder: 'ctc', window });
    const padded = tailed.withTail(features, nFrames);
    const direct = await tailed.decode(await tailed.encode(padded.features, padded.nFrames, window), { decoder: 'ctc' });
    expect((await tailed.encodeUtterance(features, nFrames, window)).frames).toBe(result.encoder.frames);
    expect(result.encoder.frames).toBe((await plain.encode(features, nFrames, window)).frames + TAIL / 4);
    expect(result.decoded.tokens).toEqual(direct.tokens);
    expect(result.stats.audioS).toBeCloseTo(plain.featureSeconds(nFrames), 6);
    const end = plain.featureSeconds(nFrames) + 3;
    const offset = await tailed.recognise(features, nFrames, { decoder: 'at', window, offsetSeconds: 3 });
    for (const t of [...offset.tokenTimes, ...offset.words]) expect(t.end).toBeLessThanOrEqual(end + 1e-9);
  });

  it('a live utterance ends with the same tail: its final decode equals recognise over the whole features', async () => {
    const window = { left: 16, right: 2 };
    for (const options of [{ decoder: 'ctc' as const }, { decoder: 'at' as const }, { decoder: 'nat' as const, iterations: 1 }]) {
      const live = new LiveTranscriber(tailed, window);
      for (let start = 0; start < nFrames; start += 20) await live.push(features.subarray(start * 80, Math.min(nFrames, start + 20) * 80));
      const streamed = await live.finish(options);
      const whole = await tailed.recognise(features, nFrames, { ...options, window });
      expect({ frames: streamed.encoder.frames, tokens: streamed.decoded.tokens }).toEqual({ frames: whole.encoder.frames, tokens: whole.decoded.tokens });
      expect(streamed.stats.audioS).toBeCloseTo(whole.stats.audioS, 6);
    }
  });
});
