import { describe, expect, it } from 'vitest';
import { activeWord, SEEK_INTO_WORD_S } from './view-state';

describe('activeWord', () => {
  const words = [
    { start: 0.2, end: 0.62 },
    { start: 0.6, end: 0.9 }, // overlaps the first
    { start: 1.0, end: 1.0 }, // no length
    { start: 1.0, end: 1.0 }, // and another at the same time
  ];
  it('the latest started word wins where neighbours overlap', () => {
    expect(activeWord(words, 0.3)).toBe(0);
    expect(activeWord(words, 0.6 + SEEK_INTO_WORD_S)).toBe(1);
  });
  it('a word with no length is still found where a click seeks to; gaps give -1', () => {
    expect(activeWord(words, 1.0 + SEEK_INTO_WORD_S)).toBe(2); // the first of the two
    expect(activeWord(words, 0.95)).toBe(-1);
    expect(activeWord(words, 0.1)).toBe(-1);
  });
  it('the clicked word wins among words playing at once, and only while it plays', () => {
    const t = 1.0 + SEEK_INTO_WORD_S;
    expect(activeWord(words, t, 3)).toBe(3); // the second of two words starting together, clicked
    expect(activeWord(words, 0.6 + SEEK_INTO_WORD_S, 0)).toBe(0); // overlap: the clicked earlier word
    expect(activeWord(words, 0.7, 3)).toBe(1); // the clicked word is not playing: the usual rule
    expect(activeWord(words, t, 99)).toBe(2); // out of range: ignored
  });
});
