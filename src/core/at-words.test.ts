// AT beam search with the word language model against the recipe's (training/decode.py at_beam with a
// WordFusion; fixture written by `training.word_search_fixture --at-checkpoint`): on the default bundle's reference
// encoder outputs, its ONNX AT parts, its character language model and the small fixture word model, the same
// tokens. Runs where models/default is present.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { atBeamSearch } from './at';
import { configureOnnxRuntime } from './backend';
import { Recogniser } from './recogniser';
import { WordFusion } from './word-fusion';
import { WordLanguageModel } from './word-lm';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const BUNDLE = path.join(HERE, '../../models/default');
const REFERENCE = path.join(HERE, 'fixtures/default-reference');
const AT = path.join(HERE, 'fixtures/word-search/at.json');

interface AtFixture {
  beam: number;
  ctcWeight: number;
  lmWeight: number;
  settings: { name: string; wordLmWeight: number; oovPenalty: number; wordBonus?: number }[];
  results: { name: string; setting: string; tokens: number[]; text: string; withoutWords: string | null }[];
}

describe.runIf(existsSync(path.join(BUNDLE, 'lm.bin')) && existsSync(AT))('AT beam search with the word model: the recipe\'s tokens', () => {
  const fixture = existsSync(AT) ? (JSON.parse(readFileSync(AT, 'utf8')) as AtFixture) : undefined;
  const words = new WordLanguageModel(new Uint8Array(readFileSync(path.join(HERE, 'fixtures/word-lm/words.bin'))));
  const references = existsSync(path.join(REFERENCE, 'fixtures.json'))
    ? (JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8')) as { name: string; windows: { tag: string; encodedFrames: number; dModel: number }[] }[])
    : [];
  let recogniser: Recogniser;

  beforeAll(async () => {
    configureOnnxRuntime({ numThreads: 1 });
    recogniser = await Recogniser.load(folderBundleReader(BUNDLE), { backend: 'wasm' });
  });

  it('the fixture moves the search: some result differs from AT beam search without the word model', () => {
    expect(fixture!.results.some((r) => r.withoutWords !== null && r.text !== r.withoutWords)).toBe(true);
  });

  for (const result of fixture?.results ?? []) {
    it(`${result.name} / ${result.setting}`, async () => {
      const window = references.find((r) => r.name === result.name)!.windows.find((w) => w.tag === 'full')!;
      const setting = fixture!.settings.find((s) => s.name === result.setting)!;
      const encoded = await readFloat32File(path.join(REFERENCE, `${result.name}.full.encoded.f32`));
      const ctcLogProbs = await readFloat32File(path.join(REFERENCE, `${result.name}.full.ctc.f32`));
      const encoder = {
        frames: window.encodedFrames,
        dModel: window.dModel,
        vocabulary: recogniser.tokens.size,
        encoded,
        ctcLogProbs,
        window: recogniser.fullContext,
      };
      const fusion = WordFusion.forTokens(words, recogniser.tokens, { weight: setting.wordLmWeight, oovPenalty: setting.oovPenalty, wordBonus: setting.wordBonus ?? 0 });
      const decoded = await atBeamSearch(
        { memory: recogniser.runtime.session('atMemory'), step: recogniser.runtime.session('atStep') },
        recogniser.config,
        recogniser.tokens,
        encoder,
        fixture!.beam,
        fixture!.ctcWeight,
        { lm: recogniser.lm!, weight: fixture!.lmWeight },
        fusion,
      );
      expect(decoded.text).toBe(result.text);
      expect(decoded.tokens).toEqual(result.tokens);
    });
  }
});
