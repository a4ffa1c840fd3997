import { describe, expect, it } from 'vitest';
import { wordDiff, words } from './word-diff';

describe('wordDiff', () => {
  it('keeps common words and marks each side', () => {
    expect(wordDiff(words('the cat sat down'), words('the bat sat'))).toEqual([
      { kind: 'same', word: 'the' },
      { kind: 'left', word: 'cat' },
      { kind: 'right', word: 'bat' },
      { kind: 'same', word: 'sat' },
      { kind: 'left', word: 'down' },
    ]);
  });
  it('handles empty sides', () => {
    expect(wordDiff([], ['a'])).toEqual([{ kind: 'right', word: 'a' }]);
    expect(wordDiff([], [])).toEqual([]);
  });
});
