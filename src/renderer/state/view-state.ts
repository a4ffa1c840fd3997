// Fast-changing view state kept out of the main store so only the views that draw it re-render:
// the playhead, the waveform's time axis (zoom and scroll, shared by the time-aligned heatmaps) and
// the audio span of the token under the pointer.
import { Store } from './store';

export interface TimeAxis {
  durationS: number;
  /** Width in CSS pixels of the whole (zoomed) timeline. */
  contentPx: number;
  /** Pixels scrolled from the start. */
  scrollPx: number;
}

export const playhead = new Store<number>(0);
export const timeAxis = new Store<TimeAxis>({ durationS: 0, contentPx: 0, scrollPx: 0 });
export const hoverSpan = new Store<{ start: number; end: number } | undefined>(undefined);

/** A click on a word seeks this far into it, so media time rounding cannot land just before it. */
export const SEEK_INTO_WORD_S = 0.005;

/** The word last clicked (transcript or waveform), or -1: among words playing at once, it is the one lit. */
export const chosenWord = new Store<number>(-1);

/**
 * A seek asked for before the item's audio was ready (a search hit in a result just opened): the waveform makes
 * it once that item's audio is loaded.
 */
export const pendingSeek = new Store<{ itemId: string; time: number } | undefined>(undefined);

/**
 * Index of the word playing at `time`, or -1. Alignments can make neighbours overlap or give a word no
 * length, so the latest word that has started wins (the first of words starting together), and a word lasts
 * at least SEEK_INTO_WORD_S * 2. A `chosen` word (the one the user clicked) wins while it is playing, so a click
 * on the second of two words that start together lights the word clicked.
 */
export function activeWord(words: readonly { start: number; end: number }[], time: number, chosen = -1): number {
  const playing = (w: { start: number; end: number }) => time >= w.start && time < Math.max(w.end, w.start + 2 * SEEK_INTO_WORD_S);
  const preferred = words[chosen];
  if (preferred && playing(preferred)) return chosen;
  let found = -1;
  words.forEach((w, i) => {
    // strictly later start wins; words starting together (a weak alignment) keep the first of them
    if (playing(w) && (found < 0 || w.start > words[found]!.start)) found = i;
  });
  return found;
}
