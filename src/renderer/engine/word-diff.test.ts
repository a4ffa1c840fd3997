import { describe, expect, it } from 'vitest';
import { segmentFeatures } from './feature-segments';
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

describe('segmentFeatures', () => {
  it('leaves short audio whole and cuts long audio at the quietest frames', () => {
    const nMels = 2;
    const nFrames = 3000; // 30 s at 10 ms
    const frames = new Float32Array(nFrames * nMels).fill(5);
    for (let f = 1500; f < 1530; f++) frames.fill(0, f * nMels, (f + 1) * nMels);
    expect(segmentFeatures(frames, 500, nMels, { frameS: 0.01 })).toEqual([{ start: 0, end: 500 }]);
    const segments = segmentFeatures(frames, nFrames, nMels, { frameS: 0.01 });
    expect(segments).toHaveLength(2);
    expect(segments[0]!.end).toBeGreaterThanOrEqual(1500);
    expect(segments[0]!.end).toBeLessThan(1530);
    expect(segments[1]).toEqual({ start: segments[0]!.end, end: nFrames });
  });
});
