// A bundle with a word language model (files.wordLm): model.json's word fields are checked, a missing or broken
// words.bin is named, the recogniser decodes CTC and AT beam search with the word model at the bundle's weights
// (and says so in what it ran), the options can turn it off, and a bundle without one runs as before.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { BundleError, parseModelConfig } from './bundle';
import { ctcBeamDecode } from './ctc-beam';
import { Recogniser } from './recogniser';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const TINY = path.join(FIXTURES, 'tiny-bundle');
const REFERENCE = path.join(FIXTURES, 'tiny-reference');
const modelJson = () => JSON.parse(readFileSync(path.join(TINY, 'model.json'), 'utf8')) as Record<string, any>;
const scratch: string[] = [];

function bundleWith(edit: (json: Record<string, any>) => void, files: Record<string, string | Uint8Array> = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'core-words-'));
  scratch.push(folder);
  cpSync(TINY, folder, { recursive: true });
  const json = modelJson();
  edit(json);
  writeFileSync(path.join(folder, 'model.json'), JSON.stringify(json));
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string') copyFileSync(content, path.join(folder, name));
    else writeFileSync(path.join(folder, name), content);
  }
  return folder;
}
const WORDS = { 'words.bin': path.join(FIXTURES, 'word-lm/words.bin'), 'lm.bin': path.join(FIXTURES, 'word-search/lm.bin') };
const withWords = (decoding: Record<string, number>) => (j: Record<string, any>) => {
  j.files.lm = { path: 'lm.bin' };
  j.files.wordLm = { path: 'words.bin' };
  Object.assign(j.decoding, { ctcLmWeight: 0.5, ctcLengthBonus: 1, lmWeight: 0.3 }, decoding);
};

beforeAll(() => configureOnnxRuntime({ numThreads: 1 }));
afterAll(() => {
  while (scratch.length) rmSync(scratch.pop()!, { recursive: true, force: true });
});

describe('model.json word fields', () => {
  it('reads them, 0 when absent', () => {
    const plain = parseModelConfig(modelJson());
    expect([plain.decoding.ctcWordLmWeight, plain.decoding.wordLmWeight, plain.decoding.ctcOovPenalty, plain.files.wordLm]).toEqual([0, 0, 0, undefined]);
    const json = modelJson();
    withWords({ ctcWordLmWeight: 0.7, ctcOovPenalty: 14, ctcWordBonus: 1, wordLmWeight: 0.6, oovPenalty: 12 })(json);
    const config = parseModelConfig(json);
    expect(config.files.wordLm).toEqual({ path: 'words.bin' });
    expect(config.decoding).toMatchObject({ ctcWordLmWeight: 0.7, ctcOovPenalty: 14, ctcWordBonus: 1, wordLmWeight: 0.6, oovPenalty: 12, wordBonus: 0 });
  });

  it.each([
    ['a CTC word weight without a word model', (j: any) => (j.decoding.ctcWordLmWeight = 0.7), /decoding\.ctcWordLmWeight is 0\.7, but files\.wordLm names no word language model/],
    ['an AT word weight without a word model', (j: any) => (j.decoding.wordLmWeight = 0.6), /decoding\.wordLmWeight is 0\.6, but files\.wordLm names no word language model/],
    ['a negative penalty', (j: any) => ((j.files.wordLm = { path: 'words.bin' }), (j.decoding.ctcOovPenalty = -1)), /decoding\.ctcOovPenalty is -1/],
    ['a word model leaving the folder', (j: any) => (j.files.wordLm = { path: '../words.bin' }), /files\.wordLm\.path \("\.\.\/words\.bin"\) must stay inside/],
  ])('rejects %s', (_, edit, message) => {
    const json = modelJson();
    edit(json);
    expect(() => parseModelConfig(json)).toThrow(message);
  });
});

describe('a bundle with words.bin', () => {
  it('names a missing or broken word model', async () => {
    const load = async (folder: string) => {
      try {
        await (await Recogniser.load(folderBundleReader(folder), { backend: 'wasm' })).release();
      } catch (error) {
        expect(error).toBeInstanceOf(BundleError);
        return error as BundleError;
      }
      throw new Error('the bundle loaded');
    };
    const missing = await load(bundleWith((j) => (j.files.wordLm = { path: 'words.bin' })));
    expect([missing.code, missing.file]).toEqual(['missing-file', 'words.bin']);
    const broken = await load(bundleWith((j) => (j.files.wordLm = { path: 'words.bin' }), { 'words.bin': new Uint8Array(12) }));
    expect([broken.code, broken.file]).toEqual(['corrupt', 'words.bin']);
    expect(broken.message).toMatch(/words\.bin: 12 bytes, too short for a header/);
  });

  it('searches with the word model at the bundle\'s weights, says so, and turns it off when asked', async () => {
    const folder = bundleWith(withWords({ ctcWordLmWeight: 1, ctcOovPenalty: 1000, wordLmWeight: 1, oovPenalty: 1000 }), WORDS);
    const recogniser = await Recogniser.load(folderBundleReader(folder), { backend: 'wasm' });
    const reference = JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8'))[0];
    const features = new Float32Array(readFileSync(path.join(REFERENCE, `${reference.name}.features.f32`)).buffer.slice(0));
    const encoder = await recogniser.encodeUtterance(features, reference.nFrames);
    try {
      const ran = recogniser.runSettings({ decoder: 'ctc', beam: 8 }, encoder.window);
      expect(ran).toMatchObject({ lmWeight: 0.5, lengthBonus: 1, wordLmWeight: 1, oovPenalty: 1000, wordBonus: 0 });
      const off = recogniser.runSettings({ decoder: 'ctc', beam: 8, wordLmWeight: 0 }, encoder.window);
      expect(Object.keys(off)).not.toContain('wordLmWeight');
      expect(recogniser.runSettings({ decoder: 'at', beam: 4, oovPenalty: 5 }, encoder.window)).toMatchObject({ wordLmWeight: 1, oovPenalty: 5 });
      expect(Object.keys(recogniser.runSettings({ decoder: 'at', beam: 1 }, encoder.window))).not.toContain('wordLmWeight');

      // an almost closed vocabulary (penalty 1000): every word the random tiny model's beams put out is a fixture word
      const known = (text: string) => text.split(' ').filter((w) => w !== '').every((w) => recogniser.wordLm!.isKnown(w));
      for (const options of [{ decoder: 'ctc', beam: 8 }, { decoder: 'at', beam: 4 }] as const) {
        const decoded = await recogniser.decode(encoder, options);
        expect({ options, known: known(decoded.text), empty: decoded.text.trim() === '' }).toEqual({ options, known: true, empty: false });
      }
      // off: CTC beam search exactly as without the word model
      const plain = await recogniser.decode(encoder, { decoder: 'ctc', beam: 8, wordLmWeight: 0 });
      expect(plain.tokens).toEqual(ctcBeamDecode(encoder, recogniser.tokens, recogniser.ctcBeamOptions({ beam: 8 })).tokens);
    } finally {
      await recogniser.release();
    }
  });

  it('a bundle without one asks for none and refuses a word weight', async () => {
    const recogniser = await Recogniser.load(folderBundleReader(TINY), { backend: 'wasm' });
    try {
      expect(recogniser.wordLm).toBeUndefined();
      const window = recogniser.fullContext;
      expect(Object.keys(recogniser.runSettings({ decoder: 'ctc', beam: 8 }, window)).filter((k) => /word|oov/i.test(k))).toEqual([]);
      expect(() => recogniser.runSettings({ decoder: 'ctc', beam: 8, wordLmWeight: 0.5 }, window)).toThrow(/no word language model \(files\.wordLm\)/);
    } finally {
      await recogniser.release();
    }
  });
});
