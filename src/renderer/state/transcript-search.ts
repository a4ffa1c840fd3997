// Search over transcripts: the current one and every stored result. A query matches case-insensitively
// anywhere in a segment's shown text (the edit where there is one), across word boundaries too ("fox jum"),
// with runs of spaces in either treated as one; each match is a hit at the word it starts in, with that
// word's time, so choosing it can seek the audio there.
import type { StoredSegment } from '../../shared/contract';
import { shownWords, type ShownWord } from './shown-words';

/** A transcript to search: a stored result (resultId) or an item's run not stored yet (itemId). */
export interface SearchSource {
  resultId?: string;
  itemId?: string;
  name: string;
  segments: readonly StoredSegment[];
}

export interface SearchHit {
  resultId?: string;
  itemId?: string;
  name: string;
  /** Index into shownWords(segments) of the word the match starts in, and of the word it ends in. */
  word: number;
  lastWord: number;
  /** Seconds: the start of that word. */
  time: number;
  /** The words around the match, for the list. */
  context: string;
}

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

/** The query as matched: folded and trimmed; '' matches nothing. */
export function searchQuery(query: string): string {
  return fold(query).trim();
}

/** Matches of `query` in `words`: the first and last word index of each (non-overlapping, in order). */
export function matchWords(words: readonly Pick<ShownWord, 'word'>[], query: string): { first: number; last: number }[] {
  const q = searchQuery(query);
  if (q === '' || words.length === 0) return [];
  // The words joined by single spaces, and where each word starts in that text.
  const starts: number[] = [];
  let text = '';
  for (const w of words) {
    if (text.length > 0) text += ' ';
    starts.push(text.length);
    text += fold(w.word);
  }
  const wordAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const matches: { first: number; last: number }[] = [];
  for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length)) {
    matches.push({ first: wordAt(at), last: wordAt(at + q.length - 1) });
  }
  return matches;
}

/** Every hit of `query` in `sources`, source by source, in transcript order; at most `limit`. */
export function searchTranscripts(query: string, sources: readonly SearchSource[], limit = 500): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const source of sources) {
    const words = shownWords(source.segments);
    for (const { first, last } of matchWords(words, query)) {
      if (hits.length >= limit) return hits;
      const context = words.slice(Math.max(0, first - 3), last + 4).map((w) => w.word).join(' ');
      hits.push({
        ...(source.resultId !== undefined ? { resultId: source.resultId } : {}),
        ...(source.itemId !== undefined ? { itemId: source.itemId } : {}),
        name: source.name,
        word: first,
        lastWord: last,
        time: words[first]!.start,
        context,
      });
    }
  }
  return hits;
}
