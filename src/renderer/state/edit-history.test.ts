import { describe, expect, it } from 'vitest';
import { EditHistory, type EditApply } from './edit-history';

/** A stand-in for main: segment texts by result and segment, and the calls it took. */
function fakeMain() {
  const texts = new Map<string, string>();
  const applied: EditApply[] = [];
  let refuse = false;
  return {
    texts,
    applied,
    refuseNext: () => void (refuse = true),
    apply: async (change: EditApply) => {
      if (refuse) {
        refuse = false;
        throw new Error('refused');
      }
      applied.push(change);
      texts.set(`${change.resultId}/${change.segment}`, change.text);
    },
  };
}

describe('EditHistory', () => {
  it('undoes edits newest first by sending the text before, and redoes them by sending the text after', async () => {
    const history = new EditHistory();
    const main = fakeMain();
    history.record({ resultId: 'a', segment: 0, before: 'the cat', after: 'the hat' });
    history.record({ resultId: 'b', segment: 2, before: 'one', after: 'won' });
    expect([history.canUndo, history.canRedo]).toEqual([true, false]);
    await expect(history.undo(main.apply)).resolves.toMatchObject({ resultId: 'b' });
    await expect(history.undo(main.apply)).resolves.toMatchObject({ resultId: 'a' });
    await expect(history.undo(main.apply)).resolves.toBeUndefined();
    expect(main.applied).toEqual([
      { resultId: 'b', segment: 2, text: 'one' },
      { resultId: 'a', segment: 0, text: 'the cat' },
    ]);
    await history.redo(main.apply);
    await history.redo(main.apply);
    await expect(history.redo(main.apply)).resolves.toBeUndefined();
    expect(main.applied.slice(2)).toEqual([
      { resultId: 'a', segment: 0, text: 'the hat' },
      { resultId: 'b', segment: 2, text: 'won' },
    ]);
  });

  it('a new edit forgets what was undone; an edit that changes nothing is no step', async () => {
    const history = new EditHistory();
    const main = fakeMain();
    history.record({ resultId: 'a', segment: 0, before: 'x', after: 'y' });
    await history.undo(main.apply);
    expect(history.canRedo).toBe(true);
    history.record({ resultId: 'a', segment: 0, before: 'x', after: 'z' });
    expect(history.canRedo).toBe(false);
    history.record({ resultId: 'a', segment: 0, before: 'z', after: 'z' });
    await history.undo(main.apply);
    expect(main.texts.get('a/0')).toBe('x');
    expect(history.canUndo).toBe(false);
  });

  it('a step main refuses stays where it was, so nothing is lost', async () => {
    const history = new EditHistory();
    const main = fakeMain();
    history.record({ resultId: 'a', segment: 0, before: 'x', after: 'y' });
    main.refuseNext();
    await expect(history.undo(main.apply)).rejects.toThrow('refused');
    expect([history.canUndo, history.canRedo]).toEqual([true, false]);
    await expect(history.undo(main.apply)).resolves.toMatchObject({ before: 'x' });
    expect([history.canUndo, history.canRedo]).toEqual([false, true]);
  });

  it('runs one step at a time: a second undo while one is with main does nothing', async () => {
    const history = new EditHistory();
    history.record({ resultId: 'a', segment: 0, before: '1', after: '2' });
    history.record({ resultId: 'a', segment: 0, before: '2', after: '3' });
    let release!: () => void;
    const slow = (_: EditApply) => new Promise<void>((resolve) => (release = resolve));
    const first = history.undo(slow);
    await expect(history.undo(slow)).resolves.toBeUndefined();
    release();
    await expect(first).resolves.toMatchObject({ before: '2' });
    expect(history.canUndo).toBe(true); // the older step is still there
  });

  it('forgets a deleted result\'s steps, and keeps at most its limit', async () => {
    const history = new EditHistory(2);
    const main = fakeMain();
    history.record({ resultId: 'a', segment: 0, before: '1', after: '2' });
    history.record({ resultId: 'b', segment: 0, before: '1', after: '2' });
    history.record({ resultId: 'a', segment: 0, before: '2', after: '3' });
    history.forget('a');
    await history.undo(main.apply);
    expect(main.applied).toEqual([{ resultId: 'b', segment: 0, text: '1' }]);
    expect(history.canUndo).toBe(false);
  });
});
