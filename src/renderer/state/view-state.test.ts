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
});
