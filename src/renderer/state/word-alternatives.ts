// The alternatives the explorer offers for the transcript word the user chose (view-state's chosenWord): the words
// other entries of the traced segment's n-best held there (core's alternatives.ts), found by aligning the words the
// transcript shows with the best entry's (so an edited segment still finds its place), and the segment's text with
// one of them put in, which goes to main as a user edit (transcript-editing.ts: stored, re-aligned, undoable).
import { alignWords, textWordsOf, wordAlternatives, type WordAlternative } from '../../core/alternatives';
import type { NBestEntry } from '../../core/trace';
import type { StoredSegment } from '../../shared/contract';
import { shownWords, withWordReplaced } from './shown-words';

export interface ChosenAlternatives {
  segment: number;
  /** The word's index in its segment's shown words, and the word. */
  index: number;
  word: string;
  alternatives: WordAlternative[];
}

/**
 * The alternatives for shown word `chosen` (an index into shownWords(segments)), when it lies in the traced segment
 * `segment` and the n-best's best entry has a word there; undefined otherwise.
 */
export function alternativesFor(segments: readonly StoredSegment[], chosen: number, segment: number, nBest: readonly Pick<NBestEntry, 'text'>[]): ChosenAlternatives | undefined {
  const word = shownWords(segments)[chosen];
  if (!word || word.segment !== segment || nBest.length === 0) return undefined;
  const shown = shownWords([segments[segment]!]).map((w) => w.word);
  const best = textWordsOf(nBest[0]!.text);
  const j = alignWords(shown.map(lower), best.map(lower))[word.index]!;
  if (j < 0) return { segment, index: word.index, word: word.word, alternatives: [] };
  // The best entry's own word is an alternative too where the user's edit replaced it.
  const own: WordAlternative[] = lower(best[j]!) === lower(word.word) ? [] : [{ word: best[j]!, entries: [0] }];
  const others = wordAlternatives(nBest, j).filter((a) => lower(a.word) !== lower(word.word));
  return { segment, index: word.index, word: word.word, alternatives: [...own, ...others] };
}

/** The segment's text with the chosen word replaced by `alternative` ('' leaves the word out). */
export function textWithAlternative(segments: readonly StoredSegment[], chosen: ChosenAlternatives, alternative: string): string {
  return withWordReplaced(segments, chosen.segment, chosen.index, alternative);
}

function lower(word: string): string {
  return word.toLowerCase();
}
