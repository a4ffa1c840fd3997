import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';
import { parseModelConfig } from '../src/core';
import { AT_GREEDY, DECODERS, decodersFor } from './decoders';
import { nonWordShare } from './eval-report';

// The default AT beam is written twice: the app's settings (src/shared/default-settings.ts) and the recipe that
// measured it (training/decode.py AT_BEAM, whose rows the committed model card prints). These keep them together.
describe('decoder configurations', () => {
  it('names every configuration once, the AT greedy baseline among them', () => {
    const names = DECODERS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(AT_GREEDY);
    expect(names).toContain(`AT beam ${DEFAULT_SETTINGS.beam} + LM`);
  });

  it("uses the recipe's AT beam as the app's default", () => {
    const recipe = readFileSync(new URL('../training/decode.py', import.meta.url), 'utf8');
    const atBeam = /^AT_BEAM = (\d+)$/m.exec(recipe);
    expect(atBeam, 'training/decode.py defines AT_BEAM').not.toBeNull();
    expect(DEFAULT_SETTINGS.beam).toBe(Number(atBeam![1]));
  });

  it("matches the committed model card's beam rows: any AT beam it measured is the app's", () => {
    // (a CPU release may leave the AT beam rows out: 3.5 s an utterance in the recipe; the card then says so)
    const card = readFileSync(new URL('../models/default/MODEL_CARD.md', import.meta.url), 'utf8');
    const beams = [...card.matchAll(/\| at\+ctc(?:\+lm)?(?:\+wlm)? beam(\d+) \|/g)].map((m) => Number(m[1]));
    expect(beams.every((beam) => beam === DEFAULT_SETTINGS.beam)).toBe(true);
    if (beams.length === 0) expect(card).toMatch(/AT beam rows (were )?not (re-)?measured/);
  });
});

describe('rows for a bundle with a word language model', () => {
  const config = (decoding: Record<string, number>, wordLm = true) => {
    const json = JSON.parse(readFileSync(new URL('../src/core/fixtures/tiny-bundle/model.json', import.meta.url), 'utf8'));
    json.files.lm = { path: 'lm.bin' };
    if (wordLm) json.files.wordLm = { path: 'words.bin' };
    Object.assign(json.decoding, decoding);
    return parseModelConfig(json);
  };

  it('adds the word-aware beams and word-aware rescoring at the bundle\'s weights, and runs the other rows without the word model', () => {
    expect(decodersFor(config({}, false))).toBe(DECODERS);
    const rows = decodersFor(config({ ctcWordLmWeight: 0.7, wordLmWeight: 0.6 }));
    expect(rows.map((r) => r.name).slice(DECODERS.length)).toEqual(['CTC beam 16 + LM + word LM', `AT beam ${DEFAULT_SETTINGS.beam} + LM + word LM`, 'AT rescoring of CTC beam + LM + word LM']);
    expect(rows.slice(0, DECODERS.length).every((r) => r.options.wordLmWeight === 0)).toBe(true);
    expect(decodersFor(config({ ctcWordLmWeight: 0.7 })).map((r) => r.name)).not.toContain(`AT beam ${DEFAULT_SETTINGS.beam} + LM + word LM`);
  });

  it('counts non-words over every hypothesis', () => {
    const known = new Set(['the', 'cat']);
    expect(nonWordShare(['the cat', 'the  dgo', ''], (w) => known.has(w))).toBeCloseTo(25);
    expect(nonWordShare([''], () => false)).toBe(0);
  });
});
