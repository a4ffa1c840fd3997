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

describe('known cases the evaluation relies on (npm run eval)', () => {
  it('breaks ties the way score.py does: the diagonal first, then deletion, then insertion', () => {
    // "a b" -> "b a": two substitutions, or a deletion and an insertion; both cost 2, the diagonal wins.
    expect(editCounts(['a', 'b'], ['b', 'a'])).toEqual({ substitutions: 2, deletions: 0, insertions: 0, n: 2 });
    // "a b c" -> "x a b": a substitution-free alignment exists (insert x, delete c) at cost 2, as does S+S+S at 3.
    expect(editCounts(['a', 'b', 'c'], ['x', 'a', 'b'])).toEqual({ substitutions: 0, deletions: 1, insertions: 1, n: 3 });
  });
  it('scores upper-case references with punctuation (speechocean762) after normalising', () => {
    expect(wordErrorRate("IT'S TWO O'CLOCK.", "it's two o'clock")).toBe(0);
    expect(wordErrorRate('WAY TO HELP US ALL OUT', 'way to help us out')).toBeCloseTo(1 / 6, 10);
  });
  it('an empty hypothesis deletes every reference word; extra words are insertions beyond 100 %', () => {
    expect(wordErrorRate('one two three', '')).toBe(1);
    expect(wordErrorRate('one', 'one two three')).toBe(2);
  });
  it('counts spaces in CER', () => {
    // "ab cd" vs "abcd": one deleted space out of 5 characters.
    expect(characterErrorRate('ab cd', 'abcd')).toBeCloseTo(1 / 5, 10);
  });
  it('totals over a test set are not the mean of per-utterance rates', () => {
    const tally = new Tally();
    tally.add(['a'], ['b']); // 1 error in 1 word
    tally.add('a b c d e f g h i'.split(' '), 'a b c d e f g h i'.split(' ')); // 0 in 9
    expect(tally.rate()).toBeCloseTo(1 / 10, 10);
    expect({ s: tally.substitutions, d: tally.deletions, i: tally.insertions, n: tally.n }).toEqual({ s: 1, d: 0, i: 0, n: 10 });
  });
});
