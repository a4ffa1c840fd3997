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

  it('rescoring takes the CTC beam as its n-best size', () => {
    const settings = { ...DEFAULT_SETTINGS, decoder: 'rescore' as const, ctcBeam: 24, beam: 3 };
    expect(decodeOptions(settings).beam).toBe(24);
  });
});
