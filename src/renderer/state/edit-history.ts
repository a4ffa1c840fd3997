// Undo and redo of transcript edits. Each step is one segment's text before and after an edit, in one stored
// result; undoing sends the text before back to main (main's editSegment: text equal to the decoder's removes
// the edit, so undoing to the start leaves the result as decoded), redoing sends the text after. A step moves
// between the stacks only once main has taken it, so a refused undo (the result deleted meanwhile) stays
// undoable and nothing is lost. One step at a time: a key held down does not interleave its calls.

export interface EditStep {
  resultId: string;
  segment: number;
  before: string;
  after: string;
}

/** What undoing or redoing a step asks main to store. */
export interface EditApply {
  resultId: string;
  segment: number;
  text: string;
}

export class EditHistory {
  private done: EditStep[] = [];
  private undone: EditStep[] = [];
  private busy = false;

  constructor(private readonly limit = 500) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** An edit main has stored: undoable, and the redo stack forgotten (a new edit branches off). */
  record(step: EditStep): void {
    if (step.before === step.after) return;
    this.done.push(step);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /** Undoes the last edit through `apply`; the step it undid, or undefined when there was none (or one is running). */
  undo(apply: (change: EditApply) => Promise<void>): Promise<EditStep | undefined> {
    return this.move('done', (s) => s.before, apply);
  }

  redo(apply: (change: EditApply) => Promise<void>): Promise<EditStep | undefined> {
    return this.move('undone', (s) => s.after, apply);
  }

  /** Forgets a deleted result's steps: they could only be refused. */
  forget(resultId: string): void {
    this.done = this.done.filter((s) => s.resultId !== resultId);
    this.undone = this.undone.filter((s) => s.resultId !== resultId);
  }

  private async move(from: 'done' | 'undone', text: (s: EditStep) => string, apply: (change: EditApply) => Promise<void>): Promise<EditStep | undefined> {
    const step = this[from].at(-1);
    if (!step || this.busy) return undefined;
    this.busy = true;
    try {
      await apply({ resultId: step.resultId, segment: step.segment, text: text(step) });
      // The stacks may have changed while main worked (an edit recorded, a result forgotten): move this step.
      const at = this[from].lastIndexOf(step);
      if (at < 0) return step;
      this[from].splice(at, 1);
      (from === 'done' ? this.undone : this.done).push(step);
      return step;
    } finally {
      this.busy = false;
    }
  }
}
