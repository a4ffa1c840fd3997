import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/default-settings';
import { decodeOptions } from './transcription';

describe('decodeOptions', () => {
  it('with the language model off asks for neither the character nor the word model', () => {
    const options = decodeOptions({ ...DEFAULT_SETTINGS, languageModel: false });
    expect(options.lmWeight).toBe(0);
    expect(options.wordLmWeight).toBe(0);
  });

  it('with it on leaves both to the bundle', () => {
    const options = decodeOptions({ ...DEFAULT_SETTINGS, languageModel: true });
    expect('lmWeight' in options).toBe(false);
    expect('wordLmWeight' in options).toBe(false);
  });

  it('rescoring leaves its n-best size to the bundle; CTC and AT take their beams', () => {
    const settings = { ...DEFAULT_SETTINGS, ctcBeam: 12, beam: 3 };
    expect('beam' in decodeOptions({ ...settings, decoder: 'rescore' })).toBe(false);
    expect(decodeOptions({ ...settings, decoder: 'ctc' }).beam).toBe(12);
    expect(decodeOptions({ ...settings, decoder: 'at' }).beam).toBe(3);
  });
});
