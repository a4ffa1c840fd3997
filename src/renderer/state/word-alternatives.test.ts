// Alternatives for a transcript word from the traced segment's n-best, and the segment text an alternative makes.
import { describe, expect, it } from 'vitest';
import type { StoredSegment } from '../../shared/contract';
import { alternativesFor, textWithAlternative } from './word-alternatives';

const word = (w: string, start: number) => ({ word: w, start, end: start + 0.3, confidence: 0.9 });
const segments: StoredSegment[] = [
  { start: 0, end: 1, text: 'hello there', words: [word('hello', 0), word('there', 0.4)] },
  { start: 1, end: 3, text: 'the cat sat', words: [word('the', 1), word('cat', 1.4), word('sat', 1.8)] },
];
const nBest = [{ text: 'the cat sat' }, { text: 'the hat sat' }, { text: 'a cat sat' }, { text: 'the sat' }];

describe('alternativesFor', () => {
  it('lists what the other entries held at the chosen word of the traced segment', () => {
    // shown word 3 is segment 1's "cat"
    expect(alternativesFor(segments, 3, 1, nBest)).toEqual({
      segment: 1,
      index: 1,
      word: 'cat',
      alternatives: [
        { word: 'hat', entries: [1] },
        { word: '', entries: [3] },
      ],
    });
    expect(alternativesFor(segments, 2, 1, nBest)?.alternatives).toEqual([{ word: 'a', entries: [2] }]);
  });

  it('has none for a word outside the traced segment or without a trace', () => {
    expect(alternativesFor(segments, 0, 1, nBest)).toBeUndefined();
    expect(alternativesFor(segments, 3, 1, [])).toBeUndefined();
    expect(alternativesFor(segments, 99, 1, nBest)).toBeUndefined();
  });

  it('finds the place in an edited segment, and offers the decoder’s own word back', () => {
    const edited: StoredSegment[] = [segments[0]!, { ...segments[1]!, edit: { text: 'the hat sat', words: [word('the', 1), word('hat', 1.4), word('sat', 1.8)].map((w) => ({ ...w, aligned: true })), editedAt: '2026-12-07T00:00:00Z' } }];
    const chosen = alternativesFor(edited, 3, 1, nBest)!;
    expect(chosen.word).toBe('hat');
    expect(chosen.alternatives).toEqual([
      { word: 'cat', entries: [0] },
      { word: '', entries: [3] },
    ]);
  });

  it('puts the alternative in its place (or leaves the word out) in the segment’s text', () => {
    const chosen = alternativesFor(segments, 3, 1, nBest)!;
    expect(textWithAlternative(segments, chosen, 'hat')).toBe('the hat sat');
    expect(textWithAlternative(segments, chosen, '')).toBe('the sat');
  });
});
