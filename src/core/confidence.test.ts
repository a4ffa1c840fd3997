// Word confidence's two witnesses on the shipped model's CTC posteriors for the espeak-1 fixture: the
// decoder's is its mean token probability (what timing.ts wordTimings gives), the CTC one is high for the
// words the CTC head heard and low for a word it did not; the combination weighs them geometrically.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFloat32File } from '../cli/folder-bundle-reader';
import type { CtcPosteriors } from './align';
import { combineWitnesses, CTC_CONFIDENCE_WEIGHT, UNSURE_BELOW, wordConfidences, wordWitnesses } from './confidence';
import { ctcDecode } from './ctc';
import type { EncoderOutput } from './encoder';
import { tokenTimes, wordTimings } from './timing';
import { TokenTable } from './tokens';

const HERE = import.meta.dirname;
const MODEL = path.join(HERE, '../../models/default/model.json');
const CTC = path.join(HERE, 'fixtures/default-reference/espeak-1.full.ctc.f32');
const present = existsSync(MODEL) && existsSync(CTC);

describe('combineWitnesses', () => {
  it('is the weighted geometric mean, the decoder alone at weight 0 or without a CTC witness', () => {
    expect(combineWitnesses({ decoder: 0.81, ctc: 0.01 }, 0.5)).toBeCloseTo(0.09, 10);
    expect(combineWitnesses({ decoder: 0.81, ctc: 0.01 }, 0)).toBe(0.81);
    expect(combineWitnesses({ decoder: 0.81, ctc: undefined }, 0.5)).toBe(0.81);
    expect(combineWitnesses({ decoder: 0.81, ctc: 0.01 }, 1)).toBeCloseTo(0.01, 10);
  });
  it('has a weight and a threshold in [0, 1] for every decoder', () => {
    for (const kind of ['at', 'nat', 'ctc'] as const) {
      expect(CTC_CONFIDENCE_WEIGHT[kind]).toBeGreaterThanOrEqual(0);
      expect(CTC_CONFIDENCE_WEIGHT[kind]).toBeLessThanOrEqual(1);
      expect(UNSURE_BELOW[kind]).toBeGreaterThan(0);
      expect(UNSURE_BELOW[kind]).toBeLessThan(1);
    }
  });
});

describe.skipIf(!present)('wordWitnesses on the shipped model\'s posteriors (espeak-1)', () => {
  let tokens: TokenTable;
  let posteriors: CtcPosteriors;
  beforeAll(async () => {
    tokens = new TokenTable((JSON.parse(readFileSync(MODEL, 'utf8')) as { tokens: ConstructorParameters<typeof TokenTable>[0] }).tokens);
    const logProbs = await readFloat32File(CTC);
    posteriors = { logProbs, vocabulary: tokens.size, frames: logProbs.length / tokens.size };
  });

  it('one witness pair per word wordTimings gives; the decoder witness is its confidence', () => {
    const decoded = ctcDecode({ frames: posteriors.frames, vocabulary: posteriors.vocabulary, ctcLogProbs: posteriors.logProbs } as EncoderOutput, tokens);
    const words = wordTimings(decoded.tokens, tokenTimes(decoded, 0.04), decoded.confidences, tokens);
    const witnesses = wordWitnesses(decoded.tokens, decoded.confidences, posteriors, tokens);
    expect(witnesses).toHaveLength(words.length);
    witnesses.forEach((w, i) => expect(w.decoder).toBeCloseTo(words[i]!.confidence, 10));
    expect(wordConfidences(decoded.tokens, decoded.confidences, posteriors, tokens, 0)).toEqual(witnesses.map((w) => w.decoder));
  });

  it('a word the CTC head did not hear gets a low CTC witness, however sure the decoder was', () => {
    const spell = (text: string) => Array.from(text, (c) => (c === ' ' ? tokens.space : tokens.list.indexOf(c)));
    // espeak-1 says "the quick brown fox jumps over the lazy dog"; the third word is replaced by one never said.
    const ids = spell('the quick zzzzz fox jumps over the lazy dog');
    const witnesses = wordWitnesses(ids, ids.map(() => 0.99), posteriors, tokens);
    expect(witnesses).toHaveLength(9);
    expect(witnesses[2]!.ctc!).toBeLessThan(0.01);
    expect(Math.min(...witnesses.map((w) => w.ctc!))).toBe(witnesses[2]!.ctc);
    // (the model heard "the wae droune foct s jump sover the laste no": "the", "jumps", "over" are its words)
    for (const i of [0, 4, 5, 6]) expect(witnesses[i]!.ctc!, `word ${i}`).toBeGreaterThan(0.5);
    expect(combineWitnesses(witnesses[2]!, 0.5)).toBeLessThan(combineWitnesses(witnesses[3]!, 0.5));
  });

  it('no CTC witness when the words cannot fit the frames', () => {
    const ids = Array.from({ length: posteriors.frames + 5 }, (_, i) => (i % 2 ? tokens.space : tokens.list.indexOf('a')));
    expect(wordWitnesses(ids, ids.map(() => 0.5), posteriors, tokens).every((w) => w.ctc === undefined && w.decoder === 0.5)).toBe(true);
  });
});
