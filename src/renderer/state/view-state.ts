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

/** Index of the word playing at `time`, or -1. */
export function activeWord(words: readonly { start: number; end: number }[], time: number): number {
  return words.findIndex((w) => time >= w.start && time < w.end);
}
