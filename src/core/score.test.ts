import { describe, expect, it } from 'vitest';
import { characterErrorRate, editCounts, Tally, wordErrorRate } from './score';
import { normalise, spellNumber, spellOrdinal, spellYear } from './text';

describe('editCounts (score.py edit_counts)', () => {
  it('counts substitutions, deletions and insertions like the recipe', () => {
    // the cases of training/tests/test_model.py
    expect(editCounts('a b c d'.split(' '), 'a x c d e'.split(' '))).toEqual({ substitutions: 1, deletions: 0, insertions: 1, n: 4 });
    expect(editCounts('a b c'.split(' '), 'b c'.split(' '))).toEqual({ substitutions: 0, deletions: 1, insertions: 0, n: 3 });
    expect(editCounts([], ['x'])).toEqual({ substitutions: 0, deletions: 0, insertions: 1, n: 0 });
    expect(editCounts(['x', 'y'], [])).toEqual({ substitutions: 0, deletions: 2, insertions: 0, n: 2 });
  });
  it('accumulates rates over utterances', () => {
    const tally = new Tally();
    tally.add('the cat sat'.split(' '), 'the cat sat'.split(' '));
    tally.add('on the mat'.split(' '), 'on a mat too'.split(' '));
    expect(tally.rate()).toBeCloseTo(2 / 6, 10);
  });
  it('scores normalised text', () => {
    expect(wordErrorRate('THE CAT, sat.', 'the cat sat')).toBe(0);
    expect(characterErrorRate('abc', 'abd')).toBeCloseTo(1 / 3, 10);
    expect(wordErrorRate('I have 2 dogs', 'i have two dogs')).toBe(0);
  });
});

describe('normalise (corpus/text.py)', () => {
  it.each([
    ['Hello, World!', 'hello world'],
    ["Don't  'quote' me", "don't quote me"],
    ['It costs $3.50', 'it costs three dollars fifty cents'],
    ['In 1984 about 50% of 1,200 people', 'in nineteen eighty four about fifty percent of twelve hundred people'],
    ['the 21st of May', 'the twenty first of may'],
    ['pi is 3.14', 'pi is three point one four'],
    ['call 0351', 'call zero three five one'],
    ['Café & crème', 'cafe and creme'],
    ['WELL-KNOWN', 'well known'],
  ])('%s -> %s', (raw, expected) => expect(normalise(raw)).toBe(expected));
  it('spells numbers the recipe way', () => {
    expect(spellNumber(342)).toBe('three hundred forty two');
    expect(spellNumber(2_000_005)).toBe('two million five');
    expect(spellOrdinal(12)).toBe('twelfth');
    expect(spellOrdinal(40)).toBe('fortieth');
    expect(spellYear(1905)).toBe('nineteen oh five');
    expect(spellYear(1900)).toBe('nineteen hundred');
  });
});
