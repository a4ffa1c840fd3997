// Word-aware CTC prefix beam search: on the recipe's fixture (training/word_search_fixture.py) the n-best tokens and
// scores training/word_search.py found; without a word model the same tokens as ctc-beam.ts; the word model turns
// a near-miss into a vocabulary word, and the escape lets an unknown word through at a small penalty, vocabulary words only at a large one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ctcBeamSearch } from './ctc-beam';
import { Lexicon } from './lexicon';
import { CharacterLM } from './lm';
import { TokenTable } from './tokens';
import { WordFusion } from './word-fusion';
import { WordLanguageModel } from './word-lm';
import { wordBeamSearch } from './word-search';

const HERE = path.join(import.meta.dirname, 'fixtures');
const TOKENS = new TokenTable({
  list: ['<blank>', '<unk>', '<sos/eos>', '<mask>', ' ', "'", ...'abcdefghijklmnopqrstuvwxyz'],
  blank: 0,
  unk: 1,
  sosEos: 2,
  mask: 3,
  space: 4,
});
const V = TOKENS.size;
const encode = (text: string) => [...text].map((c) => TOKENS.list.indexOf(c));
const bytes = (file: string) => new Uint8Array(readFileSync(file));
const wordLm = new WordLanguageModel(bytes(path.join(HERE, 'word-lm/words.bin')));
const charLm = new CharacterLM(bytes(path.join(HERE, 'word-search/lm.bin')), TOKENS.sosEos, V);
const lexicon = Lexicon.forTokens(wordLm, TOKENS);

interface Setting {
  name: string;
  lmWeight: number;
  lengthBonus: number;
  wordLmWeight?: number;
  oovPenalty?: number;
  wordBonus?: number;
}
const EXPECTED = JSON.parse(readFileSync(path.join(HERE, 'word-search/expected.json'), 'utf8')) as {
  beam: number;
  vocabulary: number;
  frames: number[];
  settings: Setting[];
  results: { text: string; setting: string; nBest: { tokens: number[]; score: number; ctc: number }[] }[];
};

function options(setting: Setting, beam: number) {
  return {
    beam,
    lengthBonus: setting.lengthBonus,
    ...(setting.lmWeight > 0 ? { fusion: { lm: charLm, weight: setting.lmWeight } } : {}),
    ...(setting.wordLmWeight === undefined
      ? {}
      : { words: WordFusion.forTokens(wordLm, TOKENS, { weight: setting.wordLmWeight, oovPenalty: setting.oovPenalty!, wordBonus: setting.wordBonus ?? 0 }, lexicon) }),
  };
}

/**
 * Frames that spell `text` (each character twice then a blank), `noise` · a seeded normal on every logit; the
 * characters at the positions of `second` also give that token `gap` less than the spoken one.
 */
function spoken(text: string, noise: number, seed: number, raise = 4, second: Record<number, string> = {}, gap = 1): Float32Array {
  let state = seed;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const rows: number[][] = [];
  for (const [i, c] of encode(text).entries()) {
    const other = second[i] === undefined ? -1 : encode(second[i])[0]!;
    for (const token of [c, c, TOKENS.blank]) {
      rows.push(Array.from({ length: V }, (_, k) => noise * normal() + (k === token ? raise : token !== TOKENS.blank && k === other ? raise - gap : 0)));
    }
  }
  return Float32Array.from(
    rows.flatMap((r) => {
      const m = Math.max(...r);
      const z = Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
      return r.map((v) => v - z);
    }),
  );
}

describe('word-aware CTC beam search on the recipe fixture', () => {
  const all = new Float32Array(readFileSync(path.join(HERE, 'word-search/ctc.f32')).buffer.slice(0));
  expect(EXPECTED.vocabulary).toBe(V);
  let offset = 0;
  const utterances = EXPECTED.frames.map((frames) => {
    const x = all.subarray(offset * V, (offset + frames) * V);
    offset += frames;
    return x;
  });
  const texts = [...new Set(EXPECTED.results.map((r) => r.text))];
  for (const result of EXPECTED.results) {
    it(`${result.text} / ${result.setting}: Python's n-best, tokens and scores`, () => {
      const x = utterances[texts.indexOf(result.text)]!;
      const setting = EXPECTED.settings.find((s) => s.name === result.setting)!;
      const got = wordBeamSearch(x, x.length / V, V, TOKENS.blank, TOKENS.sosEos, options(setting, EXPECTED.beam));
      expect(got.map((h) => h.tokens)).toEqual(result.nBest.map((h) => h.tokens));
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(result.nBest[i]!.score, 4);
        expect(h.ctc).toBeCloseTo(result.nBest[i]!.ctc, 4);
      });
    });
  }
  it('covers word models that change the best hypothesis', () => {
    // the fixture is only a check if the word model matters on it
    const best = (text: string, setting: string) => EXPECTED.results.find((r) => r.text === text && r.setting === setting)!.nBest[0]!.tokens.join(',');
    expect(texts.some((t) => best(t, 'characters only') !== best(t, 'words, escape at 20'))).toBe(true);
  });
});

describe('word-aware CTC beam search', () => {
  it('without a word model, finds what ctc-beam.ts finds', () => {
    for (const [seed, noise] of [[1, 1.6], [2, 2.0], [3, 2.4]] as const) {
      const x = spoken('the baker sold a red boat', noise, seed);
      for (const fusion of [undefined, { lm: charLm, weight: 0.6 }]) {
        const plain = ctcBeamSearch(x, x.length / V, V, TOKENS.blank, TOKENS.sosEos, { beam: 6, lengthBonus: 1, ...(fusion ? { fusion } : {}) });
        const words = wordBeamSearch(x, x.length / V, V, TOKENS.blank, TOKENS.sosEos, { beam: 6, lengthBonus: 1, ...(fusion ? { fusion } : {}) });
        expect(words[0]!.tokens).toEqual(plain);
      }
    }
  });

  it('turns a near-miss into the vocabulary word, and lets an unknown word through only at a small penalty', () => {
    const text = (ids: number[]) => TOKENS.decode(ids);
    const search = (x: Float32Array, weight: number, oovPenalty: number, characters: boolean) =>
      text(
        wordBeamSearch(x, x.length / V, V, TOKENS.blank, TOKENS.sosEos, {
          beam: 16,
          ...(characters ? { fusion: { lm: charLm, weight: 0.5 } } : {}),
          words: WordFusion.forTokens(wordLm, TOKENS, { weight, oovPenalty }, lexicon),
        })[0]!.tokens,
      );
    // "boad", "t" a little less likely: acoustics alone keep "boad"; the word model knows "boat" only
    const near = spoken('the red boad', 0.3, 5, 3, { 11: 't' });
    expect(search(near, 0, 0, false)).toBe('the red boad');
    expect(search(near, 1, 30, false)).toBe('the red boat');
    // an unknown word spoken clearly ("bast", "o" less likely than "a"): through at a small penalty, vocabulary words only at a large one
    const unknown = spoken('the red bast', 0.3, 6, 4, { 9: 'o' }, 2);
    expect(wordLm.isKnown('bast')).toBe(false);
    expect(search(unknown, 1, 2, true)).toBe('the red bast');
    const strict = search(unknown, 1, 30, true).split(' ').filter((w) => w !== '');
    expect(strict.length).toBeGreaterThanOrEqual(3);
    expect(strict.filter((w) => !wordLm.isKnown(w))).toEqual([]);
  });

  it('rejects a negative penalty', () => {
    expect(() => WordFusion.forTokens(wordLm, TOKENS, { weight: 1, oovPenalty: -1 }, lexicon)).toThrow(/out-of-vocabulary penalty must be a number >= 0, got -1/);
  });
});

describe('lexicon', () => {
  const tokenOf = new Map(TOKENS.list.map((t, i) => [t, i] as const).filter(([t, i]) => t.length === 1 && i !== TOKENS.space));
  const words = ['<unk>', '<s>', '</s>', 'at', 'ate', 'bat', 'a', 'café', 'atom'];
  const small = new Lexicon(words, 3, tokenOf);
  const walk = (spelling: string) => [...spelling].reduce<ReturnType<typeof small.extend>>((node, c) => node && small.extend(node, tokenOf.get(c)!), small.root());

  it('knows the words and the prefixes of words, in any order of ids', () => {
    expect(small.size).toBe(5); // café has a character that is not a token
    expect(small.word(walk('a')!)).toBe(6);
    expect(small.word(walk('at')!)).toBe(3);
    expect(small.word(walk('ate')!)).toBe(4);
    expect(small.word(walk('atom')!)).toBe(8);
    expect(walk('ato')).toBeDefined();
    expect(small.word(walk('ato')!)).toBeUndefined();
    expect(walk('atx')).toBeUndefined();
    expect(walk('c')).toBeUndefined();
    expect(small.word(small.root())).toBeUndefined();
  });
});
