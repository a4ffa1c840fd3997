import { describe, expect, it } from 'vitest';
import { editCounts } from '../src/core';
import { hypothesisWordsRight } from './word-correctness';

const split = (s: string) => s.split(' ').filter((w) => w);

describe('hypothesisWordsRight', () => {
  it('marks substituted and inserted words wrong, matched ones right', () => {
    expect(hypothesisWordsRight(split('the cat sat on the mat'), split('the cat sad on a the mat'))).toEqual([true, true, false, true, false, true, true]);
    expect(hypothesisWordsRight(split('a b c'), split('a c'))).toEqual([true, true]);
    expect(hypothesisWordsRight([], split('x y'))).toEqual([false, false]);
    expect(hypothesisWordsRight(split('x y'), [])).toEqual([]);
  });

  it('counts as many wrong words as the scorer counts substitutions and insertions', () => {
    const pairs: [string, string][] = [
      ['it was good for me', 'it wasgid for me'],
      ['why do you have to do all that', 'whe to ha ous allot'],
      ['you polite of one', 'yo porliate of one now'],
    ];
    for (const [reference, hypothesis] of pairs) {
      const counts = editCounts(split(reference), split(hypothesis));
      expect(hypothesisWordsRight(split(reference), split(hypothesis)).filter((r) => !r).length).toBe(counts.substitutions + counts.insertions);
    }
  });
});
