// A segment's attention view made again when the user opens one that was dropped to bound memory
// (segment-views.ts): the segment decoded again by the worker as the run decoded it (what it recorded it ran with;
// the model session reads the segment's frames from the item's audio or from main), its view put back and the
// item's views bounded again, so the one just shown is kept. Only the view changes: the run's words and timestamps
// are its segments', untouched.
import { toShownError } from '../model';
import type { DroppedView, HeldView, RunOutput, SegmentView } from '../engine/transcription';
import type { DecoderKind } from '../../core/decoding';
import type { RunSettings } from '../../core/run-settings';
import type { Items } from './items';
import { boundViews, isHeld, nextUse } from './segment-views';
import type { Item, ItemAudio } from './types';

/** What recomputing needs of the model session. */
export interface ViewMaker {
  recomputeView(audio: ItemAudio, view: DroppedView, decoder: DecoderKind, ran?: RunSettings): Promise<SegmentView>;
}

/** Which of an item's runs: its run, or its compare's AT run (the attention pane shows one of them). */
export type ViewedRun = 'run' | 'compare';

export class ViewRecompute {
  constructor(
    private readonly items: Items,
    private readonly maker: ViewMaker,
  ) {}

  /** The user opened view `index` of an item's run: recomputed when it was dropped, counted as shown when held. */
  show(itemId: string, which: ViewedRun, index: number): void {
    const item = this.items.get(itemId);
    const run = runOf(item, which);
    const view = run?.views[index];
    if (!item || !run || !view) return;
    if (isHeld(view)) {
      // Only the bound reads usedAt (nothing draws it), so it changes in place without a store update.
      view.usedAt = nextUse();
      return;
    }
    if (view.recomputing) return;
    if (!item.audio) return this.put(itemId, which, index, { ...view, problem: 'the audio of this result is not open, so the segment cannot be decoded again' });
    const { problem: _problem, ...asked } = view;
    this.put(itemId, which, index, { ...asked, recomputing: true });
    this.maker.recomputeView(item.audio, { dropped: true, offsetS: view.offsetS, endS: view.endS }, run.decoder, run.ran).then(
      (made) => this.put(itemId, which, index, made),
      (error: unknown) => this.put(itemId, which, index, { dropped: true, offsetS: view.offsetS, endS: view.endS, problem: toShownError(error).message }),
    );
  }

  /** Puts view `index` in place (bounding the views again when it holds attention). */
  private put(itemId: string, which: ViewedRun, index: number, view: HeldView): void {
    this.items.patch(itemId, (item) => {
      const run = runOf(item, which);
      // a rerun replaced the run meanwhile: the view belongs to the old one
      if (!run || !run.views[index] || run.views[index]!.offsetS !== view.offsetS) return {};
      const views = run.views.map((v, i) => (i === index ? view : v));
      const next = { ...run, views: isHeld(view) ? boundViews(views) : views };
      return which === 'run' ? { run: next } : { compare: { ...item.compare!, at: next } };
    });
  }
}

function runOf(item: Item | undefined, which: ViewedRun): RunOutput | undefined {
  return which === 'run' ? item?.run : item?.compare?.at;
}
