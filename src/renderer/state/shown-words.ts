// The words a transcript shows: per segment, the user's edit where there is one (its words re-timed by main's
// forced alignment; those it left as decoded keep their confidence), else the decoder's. The transcript view, the waveform's word regions, the unsure-word
// stepping and search all read this one list, so they agree on what word i is.
import type { StoredSegment } from '../../shared/contract';
import { wordDiff } from '../engine/word-diff';

export interface ShownWord {
  word: string;
  start: number;
  end: number;
  /** The decoder's confidence; absent for a word the user wrote. */
  confidence?: number;
  /** Index of the segment, and of the word within it. */
  segment: number;
  index: number;
  /** The word is the user's: its segment was edited, and the word is not one the decoder wrote there. */
  edited: boolean;
}

export function shownWords(segments: readonly StoredSegment[]): ShownWord[] {
  return segments.flatMap((s, segment): ShownWord[] => {
    if (!s.edit) return s.words.map((w, index) => ({ word: w.word, start: w.start, end: w.end, confidence: w.confidence, segment, index, edited: false }));
    // A word the edit left as the decoder wrote it (matched in order, the longest common run of words) keeps its
    // confidence, so fixing one word does not hide the segment's other unsure words; a word the user wrote has none.
    const kept = keptWords(s.words.map((w) => w.word), s.edit.words.map((w) => w.word));
    return s.edit.words.map((w, index) => {
      const decoded = kept[index] === undefined ? undefined : s.words[kept[index]];
      return decoded
        ? { word: w.word, start: w.start, end: w.end, confidence: decoded.confidence, segment, index, edited: false }
        : { word: w.word, start: w.start, end: w.end, segment, index, edited: true };
    });
  });
}

/** For each edited word, the index of the decoder's word it left unchanged (case aside), or undefined. */
function keptWords(decoded: readonly string[], edited: readonly string[]): (number | undefined)[] {
  const kept: (number | undefined)[] = edited.map(() => undefined);
  let i = 0;
  let j = 0;
  for (const op of wordDiff(decoded.map((w) => w.toLowerCase()), edited.map((w) => w.toLowerCase()))) {
    if (op.kind === 'same') kept[j++] = i++;
    else if (op.kind === 'left') i++;
    else j++;
  }
  return kept;
}

/** The segment's text as shown: its edit's, else the decoder's. */
export function shownText(segment: StoredSegment): string {
  return segment.edit?.text ?? segment.text;
}

/** Whether the decoder was unsure of the word: below its threshold (words the user wrote never are). */
export function isUnsure(word: ShownWord, unsureBelow: number): boolean {
  return word.confidence !== undefined && word.confidence < unsureBelow;
}

/**
 * The next unsure word after `from` (before it, for `step` -1), wrapping around the transcript; -1 when there
 * is none. `from` -1 starts from the beginning (or, backwards, the end).
 */
export function nextUnsure(words: readonly ShownWord[], from: number, step: 1 | -1, unsureBelow: number): number {
  const n = words.length;
  if (n === 0) return -1;
  const start = from < 0 || from >= n ? (step === 1 ? -1 : n) : from;
  for (let k = 1; k <= n; k++) {
    const i = (((start + step * k) % n) + n) % n;
    if (isUnsure(words[i]!, unsureBelow)) return i;
  }
  return -1;
}

/**
 * The text of `segment` with its word `index` replaced by `replacement` (which may be several words, or empty
 * to delete the word): what an in-place word edit sends to main.
 */
export function withWordReplaced(segments: readonly StoredSegment[], segment: number, index: number, replacement: string): string {
  const words = shownWords([segments[segment]!]).map((w) => w.word);
  words.splice(index, 1, ...replacement.split(/\s+/).filter((w) => w.length > 0));
  return words.join(' ');
}
