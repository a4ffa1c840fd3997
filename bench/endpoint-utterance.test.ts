import { describe, expect, it } from 'vitest';
import { decisionAfter } from './endpoint-utterance';

describe('decisionAfter', () => {
  it('takes the first end at or after the speech end, ignoring ends between words', () => {
    expect(decisionAfter([1.2, 2.9, 3.4], 2.75)).toBe(2.9);
    expect(decisionAfter([1.2], 2.75)).toBeUndefined();
  });
});
