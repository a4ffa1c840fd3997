// The word language model against the recipe's own reading of the same file (training/word_lm.py WordLM;
// fixture and scores written by training/word_lm_fixture.py), and words.bin's validation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOS, EOS, UNK, WordLanguageModel, type WordState } from './word-lm';

const HERE = path.join(import.meta.dirname, 'fixtures/word-lm');
const FILE = readFileSync(path.join(HERE, 'words.bin'));
const SCORES = JSON.parse(readFileSync(path.join(HERE, 'scores.json'), 'utf8')) as {
  order: number;
  ids: number;
  distributions: { history: string[]; logProbs: (number | null)[] }[];
  cases: { history: string[]; word: string; logProb: number; match: number }[];
  sentences: { words: string[]; logProb: number }[];
  states: { history: string[]; state: number[] }[];
};

const lm = new WordLanguageModel(FILE.buffer.slice(FILE.byteOffset, FILE.byteOffset + FILE.byteLength));
const idOf = (word: string) => (word === '</s>' ? EOS : lm.wordId(word));
function stateAfter(history: string[]): WordState {
  let state = lm.start();
  for (const word of history) state = lm.score(state, lm.wordId(word)).next;
  return state;
}

describe('word-lm fixture: the same scores as training/word_lm.py', () => {
  it('reads the header', () => {
    expect(lm.order).toBe(SCORES.order);
    expect(lm.ids).toBe(SCORES.ids);
    expect(lm.vocabulary).toBe(SCORES.ids - 3);
  });

  it.each(SCORES.distributions)('whole distribution after $history', ({ history, logProbs }) => {
    const state = stateAfter(history);
    let total = 0;
    logProbs.forEach((expected, id) => {
      if (expected === null) return expect(id).toBe(BOS);
      const { logProb } = lm.score(state, id);
      expect(Math.abs(logProb - expected)).toBeLessThan(1e-6);
      total += Math.exp(logProb);
    });
    expect(Math.abs(total - 1)).toBeLessThan(0.02); // a distribution up to the 8-bit levels
  });

  it('single cases: trigram and bigram hits, backed-off unigrams, unknown words, sentence ends', () => {
    expect(new Set(SCORES.cases.map((c) => c.match))).toEqual(new Set([0, 1, 2, 3]));
    expect(SCORES.cases.some((c) => !lm.isKnown(c.word) && c.word !== '</s>')).toBe(true);
    for (const { history, word, logProb } of SCORES.cases) {
      const state = stateAfter(history);
      const got = word === '</s>' ? lm.endScore(state) : lm.score(state, idOf(word)).logProb;
      expect(Math.abs(got - logProb), `${history.join(' ')} | ${word}`).toBeLessThan(1e-6);
    }
  });

  it('sentence totals, </s> included', () => {
    for (const { words, logProb } of SCORES.sentences) {
      let state = lm.start();
      let total = 0;
      for (const word of words) {
        const step = lm.score(state, lm.wordId(word));
        total += step.logProb;
        state = step.next;
      }
      total += lm.endScore(state);
      expect(Math.abs(total - logProb), words.join(' ')).toBeLessThan(1e-6);
    }
  });

  it('states: the same minimised ids as Python, at most order - 1 of them', () => {
    for (const { history, state } of SCORES.states) expect([...stateAfter(history)]).toEqual(state);
    expect(lm.start()).toEqual([BOS]);
  });
});

describe('WordLanguageModel words, states and validation', () => {
  it('maps words to ids by their bytes; specials are not words', () => {
    expect(lm.wordId('the')).toBeGreaterThan(EOS);
    expect(lm.word(lm.wordId('the'))).toBe('the');
    expect(lm.isKnown('the')).toBe(true);
    for (const word of ['zebra', '', '<s>', '</s>', '<unk>', 'thé', 'the ']) expect(lm.wordId(word)).toBe(UNK);
    const words = Array.from({ length: lm.vocabulary }, (_, i) => lm.word(i + 3));
    for (const word of words) expect(lm.wordId(word)).toBe(words.indexOf(word) + 3);
    expect([lm.word(UNK), lm.word(BOS), lm.word(EOS)]).toEqual(['<unk>', '<s>', '</s>']);
  });

  it('a state is a suffix of the history, so a longer history with the same tail scores alike', () => {
    const short = stateAfter(['the', 'baker']);
    const long = stateAfter(['yes', 'please', 'the', 'baker']);
    expect(long).toEqual(short);
    expect(lm.score(long, lm.wordId('sold')).logProb).toBe(lm.score(short, lm.wordId('sold')).logProb);
    expect(lm.endScore(short)).toBe(lm.score(short, EOS).logProb);
  });

  it('refuses to predict <s> or an id out of range, or a state longer than order - 1', () => {
    expect(() => lm.score(lm.start(), BOS)).toThrow(/cannot be predicted/);
    expect(() => lm.score(lm.start(), lm.ids)).toThrow(/cannot be predicted/);
    expect(() => lm.score([BOS, 3, 4], 3)).toThrow(/at most 2/);
  });

  it('reads from a Uint8Array at an unaligned offset', () => {
    const shifted = new Uint8Array(FILE.byteLength + 1);
    shifted.set(FILE, 1);
    const copy = new WordLanguageModel(shifted.subarray(1));
    expect(copy.score(copy.start(), copy.wordId('the')).logProb).toBe(lm.score(lm.start(), lm.wordId('the')).logProb);
  });

  it('names the file and the problem for a broken words.bin', () => {
    const bytes = new Uint8Array(FILE);
    expect(() => new WordLanguageModel(bytes.subarray(0, 8), 'x/words.bin')).toThrow(/x\/words\.bin: 8 bytes, too short/);
    expect(() => new WordLanguageModel(bytes.slice(0, bytes.length - 4))).toThrow(/but the header's counts need/);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0x58;
    expect(() => new WordLanguageModel(wrongMagic)).toThrow(/not a word language model/);
    const wrongOrder = bytes.slice();
    new DataView(wrongOrder.buffer).setUint32(4, 9, true);
    expect(() => new WordLanguageModel(wrongOrder)).toThrow(/order 9/);
  });
});
