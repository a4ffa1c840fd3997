// The TypeScript audio front end feeds the core what the recipe fed PyTorch: features of the committed
// fixture audio within 1e-4 of training/features.py's, and the same decoded tokens end to end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { configureOnnxRuntime } from '../core/backend';
import { Recogniser } from '../core/recogniser';
import { decodeFile, extractFeatures } from '../audio';
import { folderBundleReader, readFloat32File } from './folder-bundle-reader';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const CORE = path.join(import.meta.dirname, '../core');
const REFERENCE = path.join(CORE, 'fixtures/tiny-reference');
const fixtures = JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8')) as {
  name: string;
  audio: string;
  nFrames: number;
  windows: { left: number; right: number; tag: string; tokens: Record<string, number[]> }[];
}[];
let recogniser: Recogniser;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  recogniser = await Recogniser.load(folderBundleReader(path.join(CORE, 'fixtures/tiny-bundle')), { backend: 'wasm' });
});

describe.each(fixtures)('$audio', (fixture) => {
  it('front-end features equal the recipe features within 1e-4', async () => {
    const audio = await decodeFile(path.join(CORE, 'fixtures/audio', fixture.audio));
    const features = extractFeatures(audio.samples);
    const reference = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
    expect(features.nFrames).toBe(fixture.nFrames);
    let worst = 0;
    for (let i = 0; i < reference.length; i++) worst = Math.max(worst, Math.abs(features.frames[i]! - reference[i]!));
    expect(worst).toBeLessThanOrEqual(1e-4);
  });

  it('decodes from the front end to the reference tokens', async () => {
    const audio = await decodeFile(path.join(CORE, 'fixtures/audio', fixture.audio));
    const features = extractFeatures(audio.samples);
    for (const window of fixture.windows) {
      const encoded = await recogniser.encode(features.frames, features.nFrames, { left: window.left, right: window.right });
      expect((await recogniser.decode(encoded, { decoder: 'ctc' })).tokens).toEqual(window.tokens['ctc']);
      expect((await recogniser.decode(encoded, { decoder: 'at' })).tokens).toEqual(window.tokens['atGreedy']);
      expect((await recogniser.decode(encoded, { decoder: 'nat', iterations: 2 })).tokens).toEqual(window.tokens['nat2']);
    }
  });
});
