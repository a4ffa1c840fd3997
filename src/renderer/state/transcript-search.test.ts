import { describe, expect, it } from 'vitest';
import type { StoredSegment } from '../../shared/contract';
import { matchWords, searchTranscripts } from './transcript-search';

const seg = (start: number, text: string, edit?: string): StoredSegment => {
  const words = text.split(' ').map((word, i) => ({ word, start: start + i, end: start + i + 0.5, confidence: 0.9 }));
  return {
    start,
    end: start + 10,
    text,
    words,
    ...(edit ? { edit: { text: edit, words: edit.split(' ').map((word, i) => ({ word, start: start + i + 0.25, end: start + i + 0.75, aligned: true })), editedAt: '' } } : {}),
  };
};

describe('matchWords', () => {
  const words = ['The', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog'].map((word) => ({ word }));
  it('finds a query anywhere in the words, case-insensitively, across word boundaries', () => {
    expect(matchWords(words, 'the')).toEqual([{ first: 0, last: 0 }, { first: 6, last: 6 }]);
    expect(matchWords(words, 'FOX jum')).toEqual([{ first: 3, last: 4 }]);
    expect(matchWords(words, 'own f')).toEqual([{ first: 2, last: 3 }]);
    expect(matchWords(words, '  lazy   dog ')).toEqual([{ first: 7, last: 8 }]);
    expect(matchWords(words, 'o').map((m) => m.first)).toEqual([2, 3, 5, 8]); // brown fox over dog: one per occurrence
  });
  it('matches nothing for an empty query or absent text', () => {
    expect(matchWords(words, '')).toEqual([]);
    expect(matchWords(words, '   ')).toEqual([]);
    expect(matchWords(words, 'cat')).toEqual([]);
    expect(matchWords(words, 'dogs')).toEqual([]);
    expect(matchWords([], 'x')).toEqual([]);
  });
});

describe('searchTranscripts', () => {
  const sources = [
    { resultId: 'r1', name: 'one.wav', segments: [seg(0, 'the quick brown fox'), seg(20, 'jumps over the lazy dog')] },
    { itemId: 'item-7', name: 'two.wav', segments: [seg(5, 'three five seven nine', 'three five eleven nine')] },
  ];
  it('lists every hit with its result\'s name, the time of the word it starts in, and the words around it', () => {
    const hits = searchTranscripts('the', sources);
    expect(hits.map((h) => [h.resultId, h.name, h.word, h.time])).toEqual([
      ['r1', 'one.wav', 0, 0],
      ['r1', 'one.wav', 6, 22],
    ]);
    expect(hits[1]!.context).toBe('fox jumps over the lazy dog');
  });
  it('searches an edited segment\'s text, at the edit\'s times, not the decoder\'s', () => {
    expect(searchTranscripts('seven', sources)).toEqual([]);
    expect(searchTranscripts('eleven', sources)).toEqual([{ itemId: 'item-7', name: 'two.wav', word: 2, lastWord: 2, time: 7.25, context: 'three five eleven nine' }]);
  });
  it('finds hits in every transcript, and stops at the limit', () => {
    expect(new Set(searchTranscripts('e', sources).map((h) => h.name))).toEqual(new Set(['one.wav', 'two.wav']));
    expect(searchTranscripts('e', sources, 3)).toHaveLength(3);
  });
});
