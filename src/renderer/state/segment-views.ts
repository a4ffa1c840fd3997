// The attention views kept within one item. A segment's view holds its cross-attention (layers × heads × tokens ×
// encoder frames) and the encoder's self-attention (frames × frames): for a long file, hundreds of MB if every
// segment kept its own. So only the VIEWS_PER_ITEM most recently made or shown keep theirs; the others keep their
// span and are recomputed when the user opens them (the segment decoded again with what the run ran:
// view-recompute.ts). Older items lose all of theirs the same way (batch-queue.ts). The words and timestamps live in
// the run's segments and never change with this.
import type { DroppedView, HeldView, SegmentView } from '../engine/transcription';

/** Segments per item whose attention stays in memory: the last recognised or shown. */
export const VIEWS_PER_ITEM = 8;

let uses = 0;

/** A number larger than every one handed out before: when a view was made or shown. */
export function nextUse(): number {
  return ++uses;
}

export function isHeld(view: HeldView | undefined): view is SegmentView {
  return view !== undefined && !('dropped' in view);
}

export function dropped(view: HeldView): DroppedView {
  return isHeld(view) ? { dropped: true, offsetS: view.offsetS, endS: view.endS } : view;
}

/** The views with all but the `keep` most recently used held ones dropped (the same array when nothing is). */
export function boundViews(views: HeldView[], keep = VIEWS_PER_ITEM): HeldView[] {
  const held = views.filter(isHeld);
  if (held.length <= keep) return views;
  const oldestKept = held.map((v) => v.usedAt).sort((a, b) => b - a)[keep - 1]!;
  return views.map((v) => (isHeld(v) && v.usedAt < oldestKept ? dropped(v) : v));
}

/** Bytes the held views' arrays take (attention and self-attention): what the bound limits. */
export function heldViewBytes(views: readonly HeldView[]): number {
  return views.filter(isHeld).reduce((n, v) => n + v.attention.data.byteLength + (v.selfAttention?.byteLength ?? 0), 0);
}
