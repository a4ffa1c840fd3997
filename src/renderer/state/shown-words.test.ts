import { describe, expect, it } from 'vitest';
import type { StoredSegment } from '../../shared/contract';
import { isUnsure, nextUnsure, shownText, shownWords, withWordReplaced } from './shown-words';

const w = (word: string, start: number, confidence: number) => ({ word, start, end: start + 0.2, confidence });
const segments: StoredSegment[] = [
  { start: 0, end: 1, text: 'one two three', words: [w('one', 0, 0.9), w('two', 0.3, 0.4), w('three', 0.6, 0.95)] },
  {
    start: 1,
    end: 2,
    text: 'for five',
    words: [w('for', 1, 0.3), w('five', 1.4, 0.45)],
    edit: { text: 'four five six', words: [{ word: 'four', start: 1, end: 1.2, aligned: true }, { word: 'five', start: 1.4, end: 1.6, aligned: true }, { word: 'six', start: 1.7, end: 1.9, aligned: true }], editedAt: '2026-12-07T00:00:00Z' },
  },
  { start: 2, end: 3, text: 'seven', words: [w('seven', 2.1, 0.2)] },
];

describe('shownWords', () => {
  it('shows an edited segment\'s words (the user\'s without confidences, those left as decoded with theirs) and the decoder\'s elsewhere', () => {
    const words = shownWords(segments);
    expect(words.map((x) => x.word)).toEqual(['one', 'two', 'three', 'four', 'five', 'six', 'seven']);
    expect(words.map((x) => [x.segment, x.index])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0]]);
    expect(words[3]).toMatchObject({ edited: true, start: 1, end: 1.2 });
    expect(words[3]!.confidence).toBeUndefined();
    expect(words[4]).toMatchObject({ word: 'five', edited: false, confidence: 0.45 }); // left as decoded, at its place
    expect(words[5]).toMatchObject({ edited: true });
    expect(words[6]).toMatchObject({ edited: false, confidence: 0.2 });
    expect(segments.map(shownText)).toEqual(['one two three', 'four five six', 'seven']);
  });

  it('marks unsure only the decoder\'s words below the threshold', () => {
    const words = shownWords(segments);
    expect(words.filter((x) => isUnsure(x, 0.5)).map((x) => x.word)).toEqual(['two', 'five', 'seven']);
    // "for" (0.3) was the decoder's and is edited away: the user's "four" is not unsure
    expect(words.filter((x) => isUnsure(x, 0.92)).map((x) => x.word)).toEqual(['one', 'two', 'five', 'seven']);
  });

  it('steps to the next and previous unsure word, wrapping, from the word chosen last', () => {
    const words = shownWords(segments);
    expect(nextUnsure(words, -1, 1, 0.5)).toBe(1);
    expect(nextUnsure(words, 1, 1, 0.5)).toBe(4);
    expect(nextUnsure(words, 4, 1, 0.5)).toBe(6);
    expect(nextUnsure(words, 6, 1, 0.5)).toBe(1); // wraps
    expect(nextUnsure(words, -1, -1, 0.5)).toBe(6);
    expect(nextUnsure(words, 1, -1, 0.5)).toBe(6); // wraps backwards
    expect(nextUnsure(words, 4, -1, 0.5)).toBe(1);
    expect(nextUnsure(words, 40, 1, 0.5)).toBe(1); // a stale choice starts again from the beginning
    expect(nextUnsure(words, 0, 1, 0.1)).toBe(-1); // none
    expect(nextUnsure(shownWords([segments[0]!]), 1, 1, 0.5)).toBe(1); // the only one, found again
    expect(nextUnsure([], -1, 1, 0.5)).toBe(-1);
  });

  it('replaces one word of a segment by what was typed: a word, several, or none', () => {
    expect(withWordReplaced(segments, 0, 1, 'too')).toBe('one too three');
    expect(withWordReplaced(segments, 0, 1, '  to  be ')).toBe('one to be three');
    expect(withWordReplaced(segments, 0, 1, '')).toBe('one three');
    expect(withWordReplaced(segments, 1, 2, 'sex')).toBe('four five sex'); // an edited segment: its edit's words
  });
});
