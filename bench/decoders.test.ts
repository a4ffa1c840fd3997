import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';
import { AT_GREEDY, DECODERS } from './decoders';

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

  it("matches the committed model card's beam rows", () => {
    const card = readFileSync(new URL('../models/default/MODEL_CARD.md', import.meta.url), 'utf8');
    expect(card).toContain(`| at+ctc+lm beam${DEFAULT_SETTINGS.beam} |`);
  });
});
