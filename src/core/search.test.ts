import { describe, expect, it } from 'vitest';
import { argmax, maxTokens, repeatsTooMuch, topK } from './search';

describe('maxTokens (decode.py max_tokens)', () => {
  it('allows frames · 0.04 s · tokens per second + 10', () => {
    expect(maxTokens(84, 25)).toBe(94); // 84 · 0.04 · 25 = 84.00000000000001 in floating point, truncated
    expect(maxTokens(50, 25)).toBe(60);
    expect(maxTokens(0, 25)).toBe(10);
    expect(maxTokens(7, 25)).toBe(17);
  });
});

describe('repeatsTooMuch (decode.py repeats_too_much)', () => {
  it('catches a short pattern repeated four times at the tail', () => {
    expect(repeatsTooMuch([5, 5, 5, 5])).toBe(true);
    expect(repeatsTooMuch([9, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3])).toBe(true);
    expect(repeatsTooMuch([1, 2, 3, 4, 5, 6, 7, 8].flatMap((x) => [x]).concat(...Array(3).fill([1, 2, 3, 4, 5, 6, 7, 8])))).toBe(true);
  });
  it('lets ordinary text through', () => {
    expect(repeatsTooMuch([5, 5, 5])).toBe(false);
    expect(repeatsTooMuch([1, 2, 1, 2, 1, 2, 1])).toBe(false);
    expect(repeatsTooMuch([1, 2, 3, 1, 2, 3, 1, 2, 3, 4])).toBe(false);
    // a 9-token pattern is longer than the guard's span
    expect(repeatsTooMuch(Array(4).fill([1, 2, 3, 4, 5, 6, 7, 8, 9]).flat())).toBe(false);
  });
});

describe('topK / argmax', () => {
  const row = Float32Array.from([0.1, 0.7, 0.7, -1, 0.5, 2, 0, 0.3]);
  it('returns the k largest, largest first, lower id first on ties', () => {
    expect(topK(row, 0, 4, 3).map((s) => s.id)).toEqual([1, 2, 0]);
    expect(topK(row, 1, 4, 2).map((s) => s.id)).toEqual([1, 0]);
    expect(topK(row, 0, 8, 8).map((s) => s.id)).toEqual([5, 1, 2, 4, 7, 0, 6, 3]);
  });
  it('argmax takes the first of equal maxima', () => {
    expect(argmax(row, 0, 4)).toEqual({ id: 1, value: row[1] });
    expect(argmax(row, 1, 4).id).toBe(1);
  });
});
