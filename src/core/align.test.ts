// Forced alignment against known audio: the shipped model's CTC log-posteriors for the espeak fixtures
// (src/core/fixtures/default-reference, the recipe's PyTorch encoder output, which parity.test.ts holds
// the ONNX encoder to within 1e-3). Aligning the decoder's own transcript must give the decoder's own word
// times (CTC spikes, timing.ts) within two frames; changing one word must leave the others' times alone.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFloat32File } from '../cli/folder-bundle-reader';
import { alignText, spellWord, textWords, type CtcPosteriors } from './align';
import { ctcDecode } from './ctc';
import type { EncoderOutput } from './encoder';
import { tokenTimes, wordTimings } from './timing';
import { TokenTable } from './tokens';

const HERE = import.meta.dirname;
const MODEL = path.join(HERE, '../../models/default/model.json');
const REFERENCE = path.join(HERE, 'fixtures/default-reference');
const present = existsSync(MODEL) && existsSync(path.join(REFERENCE, 'espeak-1.full.ctc.f32'));

describe('spellWord', () => {
  const vocabulary = { list: ['<blank>', ' ', "'", ...'abcdefghijklmnopqrstuvwxyz'], blank: 0, space: 1 };
  it('spells as the recipe normalises: case, accents, curly apostrophes, punctuation', () => {
    const spelled = (w: string) => {
      const s = spellWord(w, vocabulary);
      return 'ids' in s ? s.ids.map((id) => vocabulary.list[id]).join('') : s.problem;
    };
    expect(spelled('Café,')).toBe('cafe');
    expect(spelled('Don’t')).toBe("don't");
    expect(spelled('rock&roll')).toBe('rock and roll');
  });
  it('names digits and symbol-only words', () => {
    expect(spellWord('42', vocabulary)).toEqual({ problem: expect.stringContaining('"42" has digits') });
    expect(spellWord('#', vocabulary)).toEqual({ problem: expect.stringContaining('"#" has no letters') });
  });
});

describe.skipIf(!present)('alignText on the shipped model\'s CTC posteriors (espeak fixtures)', () => {
  const FRAME_S = 0.04;
  let tokens: TokenTable;
  beforeAll(() => {
    tokens = new TokenTable((JSON.parse(readFileSync(MODEL, 'utf8')) as { tokens: ConstructorParameters<typeof TokenTable>[0] }).tokens);
  });
  const posteriorsOf = async (name: string): Promise<CtcPosteriors> => {
    const logProbs = await readFloat32File(path.join(REFERENCE, `${name}.full.ctc.f32`));
    return { logProbs, vocabulary: tokens.size, frames: logProbs.length / tokens.size };
  };
  const decoderWords = (posteriors: CtcPosteriors) => {
    const encoder = { frames: posteriors.frames, vocabulary: posteriors.vocabulary, ctcLogProbs: posteriors.logProbs } as EncoderOutput;
    const decoded = ctcDecode(encoder, tokens);
    return { text: decoded.text, words: wordTimings(decoded.tokens, tokenTimes(decoded, FRAME_S), decoded.confidences, tokens) };
  };

  it.each(['espeak-1', 'espeak-2'])('%s: the CTC decoder\'s transcript aligns to its own word times within two frames', async (name) => {
    const posteriors = await posteriorsOf(name);
    const own = decoderWords(posteriors);
    expect(own.words.length).toBeGreaterThan(2);
    const aligned = alignText(own.text, posteriors, tokens, { frameSeconds: FRAME_S });
    expect(aligned.problems).toEqual([]);
    expect(aligned.words.map((w) => w.word)).toEqual(own.words.map((w) => w.word));
    aligned.words.forEach((w, i) => {
      expect(Math.abs(w.start - own.words[i]!.start), `${w.word} start`).toBeLessThanOrEqual(2 * FRAME_S + 1e-9);
      expect(Math.abs(w.end - own.words[i]!.end), `${w.word} end`).toBeLessThanOrEqual(2 * FRAME_S + 1e-9);
    });
  });

  it('one word changed: the other words keep their times (within a frame), the changed one stays between its neighbours', async () => {
    const posteriors = await posteriorsOf('espeak-1');
    const own = decoderWords(posteriors);
    const words = textWords(own.text);
    const changed = 2;
    const edited = [...words.slice(0, changed), 'brown', ...words.slice(changed + 1)].join(' ');
    expect(edited).not.toBe(words.join(' '));
    const before = alignText(own.text, posteriors, tokens, { frameSeconds: FRAME_S }).words;
    const after = alignText(edited, posteriors, tokens, { frameSeconds: FRAME_S }).words;
    after.forEach((w, i) => {
      if (i === changed) return;
      expect(Math.abs(w.start - before[i]!.start), `${w.word} start`).toBeLessThanOrEqual(FRAME_S + 1e-9);
      expect(Math.abs(w.end - before[i]!.end), `${w.word} end`).toBeLessThanOrEqual(FRAME_S + 1e-9);
    });
    expect(after[changed]!.word).toBe('brown');
    expect(after[changed]!.start).toBeGreaterThanOrEqual(after[changed - 1]!.end);
    expect(after[changed]!.end).toBeLessThanOrEqual(after[changed + 1]!.start);
  });

  it('a word with digits gets a message naming it and a time between its neighbours', async () => {
    const posteriors = await posteriorsOf('espeak-2');
    const own = decoderWords(posteriors);
    const words = textWords(own.text);
    const edited = [words[0], '5', ...words.slice(1)].join(' ');
    const aligned = alignText(edited, posteriors, tokens, { frameSeconds: FRAME_S, endSeconds: posteriors.frames * FRAME_S });
    expect(aligned.problems).toHaveLength(1);
    expect(aligned.problems[0]).toMatchObject({ index: 1, word: '5' });
    expect(aligned.problems[0]!.message).toContain('"5" has digits');
    const [first, digit, next] = aligned.words;
    expect(digit).toMatchObject({ word: '5', aligned: false, start: first!.end, end: next!.start });
    expect(aligned.words.filter((w) => w.aligned)).toHaveLength(words.length);
  });

  it('more characters than frames: every word interpolated, with a message', async () => {
    const posteriors = await posteriorsOf('espeak-2');
    const long = Array.from({ length: 40 }, () => 'abcdefgh').join(' ');
    const aligned = alignText(long, posteriors, tokens, { frameSeconds: FRAME_S });
    expect(aligned.problems.at(-1)!.message).toContain('do not fit');
    expect(aligned.words.every((w) => !w.aligned)).toBe(true);
    expect(aligned.words.at(-1)!.end).toBeCloseTo(posteriors.frames * FRAME_S, 6);
  });
});
