// Editing a transcript through main (editSegment): main keeps the edit beside the decoder's output, re-times
// its words by forced alignment against the segment's stored CTC posteriors, and stores it (so it survives a
// restart and exports write it); here the reply replaces the segments of every item showing that result (the
// transcript and the waveform's word regions follow), and each stored edit becomes an undo step. A refused edit
// (an empty segment, digits or symbols, a segment that cannot be timed) leaves everything as it was and its
// message in `editNotice`; the view keeps what the user typed.
import { toShownError } from '../model';
import type { WorkbenchApi } from '../workbench-api';
import type { TranscriptionResult } from '../../shared/contract';
import { EditHistory, type EditApply } from './edit-history';
import type { Items } from './items';
import { shownText } from './shown-words';
import type { Store } from './store';
import type { WorkbenchState } from './types';

export class TranscriptEditing {
  readonly history = new EditHistory();

  /** `stored`: told of every result main stored an edit of (the results list's preview, the search's copy). */
  constructor(
    private readonly api: WorkbenchApi,
    private readonly store: Store<WorkbenchState>,
    private readonly items: Items,
    private readonly stored: (result: TranscriptionResult) => void,
  ) {}

  /**
   * Replaces the text of segment `segment` of the item's result. True once main has stored it (or there was
   * nothing to change); false when it was refused, with the reason in `editNotice`.
   */
  async edit(itemId: string, segment: number, text: string): Promise<boolean> {
    const item = this.items.get(itemId);
    const shown = item?.run?.segments[segment];
    if (!item || !shown) return false;
    if (!item.resultId) {
      this.notice({ code: 'not-stored', message: `${item.name} is not stored yet, so it cannot be edited: wait until its result is saved. Nothing was changed.` });
      return false;
    }
    const before = shownText(shown);
    if (text.trim().split(/\s+/).join(' ') === before) return true;
    try {
      const result = await this.api.editSegment({ id: item.resultId, segment, text });
      this.show(result);
      this.history.record({ resultId: result.id, segment, before, after: shownText(result.segments[segment]!) });
      this.notice(undefined);
      return true;
    } catch (error) {
      this.notice({ resultId: item.resultId, ...toShownError(error) });
      return false;
    }
  }

  undo = (): Promise<void> => this.step('undo');
  redo = (): Promise<void> => this.step('redo');

  /** A deleted result's steps could only be refused. */
  forget(resultId: string): void {
    this.history.forget(resultId);
  }

  notice(notice: WorkbenchState['editNotice']): void {
    this.store.update((s) => ({ ...s, editNotice: notice }));
  }

  private async step(which: 'undo' | 'redo'): Promise<void> {
    const can = which === 'undo' ? this.history.canUndo : this.history.canRedo;
    if (!can) return this.notice({ code: `nothing-to-${which}`, message: which === 'undo' ? 'There is no edit to undo.' : 'There is no undone edit to redo.' });
    try {
      const done = await this.history[which](this.apply);
      if (done) this.notice(undefined);
    } catch (error) {
      this.notice(toShownError(error));
    }
  }

  private apply = async ({ resultId, segment, text }: EditApply): Promise<void> => {
    const result = await this.api.editSegment({ id: resultId, segment, text });
    this.show(result);
    // The transcript undone or redone comes into view when an item shows it.
    const holder = this.store.state.items.find((i) => i.resultId === resultId);
    if (holder && this.store.state.selectedId !== holder.id) this.store.update((s) => ({ ...s, selectedId: holder.id }));
  };

  /** Every item showing the result shows its segments as main stored them. */
  private show(result: TranscriptionResult): void {
    for (const item of this.store.state.items) {
      if (item.resultId === result.id && item.run) this.items.patch(item.id, { run: { ...item.run, segments: result.segments } });
    }
    this.stored(result);
  }
}
