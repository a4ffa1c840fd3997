import { describe, expect, it } from 'vitest';
import { captionCues, captions, clock } from './captions';

const words = (list: [string, number, number][]) => list.map(([word, start, end]) => ({ word, start, end, confidence: 1 }));

describe('captions', () => {
  const segments = [
    { words: words([['hello', 0.5, 0.9], ['there', 1.0, 1.4], ['after', 3.0, 3.4], ['a', 3.5, 3.6], ['pause', 3.7, 4.1]]) },
    { words: words([['next', 20.2, 20.6], ['segment', 20.7, 21.3]]) },
  ];
  it('groups words into cues, split at pauses and segment boundaries', () => {
    expect(captionCues(segments).map((c) => c.text)).toEqual(['hello there', 'after a pause', 'next segment']);
    expect(captionCues(segments, { maxChars: 8 }).map((c) => c.text)).toEqual(['hello', 'there', 'after a', 'pause', 'next', 'segment']);
  });
  it('writes SubRip and WebVTT', () => {
    expect(captions(segments, 'srt').split('\n').slice(0, 4)).toEqual(['1', '00:00:00,500 --> 00:00:01,400', 'hello there', '']);
    expect(captions(segments, 'vtt').split('\n').slice(0, 4)).toEqual(['WEBVTT', '', '00:00:00.500 --> 00:00:01.400', 'hello there']);
    expect(clock(3725.0456, ',')).toBe('01:02:05,046');
  });
});
