// Editing, unsure words and search as the panes drive them, in Node: the controller against the real main-process
// services in-process, over a stored result with real CTC posteriors (src/testing/fox-result.ts), no model needed.
// Edits re-timed by main's forced alignment reach the item (what the transcript and waveform show), survive a
// restart, undo and redo; refused edits (an empty segment, digits, symbols, a result whose audio is gone) change
// nothing and say why; F8's stepping; a search hit in another stored result opens it and asks for the seek.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignText } from '../../core/align';
import { UNSURE_BELOW } from '../../core/confidence';
import { restorePosteriors, storedVocabulary } from '../../core/posteriors';
import type { TranscriptionResult } from '../../shared/contract';
import { FOX_PRESENT, foxResult } from '../../testing/fox-result';
import { inProcessApi } from '../../testing/in-process-api';
import { WorkbenchController } from './controller';
import { shownWords } from './shown-words';
import type { Store } from './store';
import type { WorkbenchState } from './types';
import { chosenWord, pendingSeek, playhead } from './view-state';

let scratch: string;
beforeAll(async () => void (scratch = await mkdtemp(path.join(os.tmpdir(), 'transcript-editing-'))));
afterAll(() => rm(scratch, { recursive: true, force: true }));

function until(store: Store<WorkbenchState>, ok: (s: WorkbenchState) => boolean): Promise<WorkbenchState> {
  return new Promise((resolve) => {
    const check = () => ok(store.state) && (stop(), resolve(store.state));
    const stop = store.subscribe(() => void check());
    check();
  });
}

let mains = 0;
/** A controller over a main process of its own holding `results`; no model (none is needed to edit). */
async function withResults(...results: TranscriptionResult[]) {
  const main = inProcessApi(path.join(scratch, `main-${++mains}`));
  for (const result of results) await main.api.saveResult({ result });
  const controller = new WorkbenchController(main.api, () => {
    throw new Error('this test loads no model');
  });
  await controller.refreshResults();
  const open = async (id: string) => {
    await controller.openResult(id);
    return controller.state.items.find((i) => i.resultId === id)!;
  };
  const stored = async (id: string) => JSON.parse(await readFile(path.join(scratch, `main-${mains}`, 'data', 'results', `${id}.json`), 'utf8')) as TranscriptionResult;
  return { main, controller, open, stored };
}

describe.skipIf(!FOX_PRESENT)('editing a transcript through the controller', () => {
  it('re-times an edited word by forced alignment, shows it on the item, keeps it on disk, and undoes and redoes it', async () => {
    const fox = await foxResult('fox', path.join(scratch, 'fox.wav'));
    const { controller, open, stored, main } = await withResults(fox);
    const item = await open('fox');
    const decoded = fox.segments[1]!;
    // the decoder's second word of segment 2 becomes "quack"
    const words = decoded.words.map((w) => w.word);
    const index = 1;
    const edited = words.map((w, i) => (i === index ? 'quack' : w)).join(' ');
    await expect(controller.editSegment(item.id, 1, edited)).resolves.toBe(true);

    const expected = alignText(edited, restorePosteriors(decoded.ctc!), storedVocabulary(decoded.ctc!), { frameSeconds: decoded.ctc!.frameS, offsetSeconds: decoded.start, endSeconds: decoded.end });
    const shown = shownWords(controller.item(item.id)!.run!.segments).filter((w) => w.segment === 1);
    expect(shown.map((w) => w.word)).toEqual(expected.words.map((w) => w.word));
    shown.forEach((w, i) => {
      expect(w.start).toBeCloseTo(expected.words[i]!.start, 3);
      expect(w.end).toBeCloseTo(expected.words[i]!.end, 3);
    });
    expect(shown.map((w) => [w.start, w.end])).not.toEqual(decoded.words.map((w) => [w.start, w.end]));
    const onDisk = await stored('fox');
    expect(onDisk.segments[1]!.text).toBe(decoded.text); // the decoder's output stays beside the edit
    expect(onDisk.segments[1]!.edit!.text).toBe(edited);
    expect(controller.state.editNotice).toBeUndefined();

    // A restart: a new controller over the same store shows the edit.
    const again = new WorkbenchController(main.api, () => {
      throw new Error('no model');
    });
    await again.openResult('fox');
    expect(again.state.items[0]!.run!.segments[1]!.edit?.text).toBe(edited);

    await controller.undoEdit();
    expect(controller.item(item.id)!.run!.segments[1]!.edit).toBeUndefined();
    expect((await stored('fox')).segments[1]!.edit).toBeUndefined();
    await controller.undoEdit();
    expect(controller.state.editNotice).toMatchObject({ code: 'nothing-to-undo' });
    await controller.redoEdit();
    expect(controller.item(item.id)!.run!.segments[1]!.edit?.text).toBe(edited);
    expect((await stored('fox')).segments[1]!.edit?.text).toBe(edited);
    // The results list's preview follows the edit.
    await until(controller.store, (s) => s.results[0]?.preview.includes('quack') ?? false);
  });

  it.each([
    ['empties a segment', '   ', /Segment 2 of fox\.wav would be empty/],
    ['has digits', 'the 5 foxes', /"5" has digits, which the model cannot spell: write the number in words/],
    ['has a symbol for a word', 'the fox # jumps', /"#" has no letters the model can spell/],
  ])('an edit that %s is refused with the reason, nothing changed on disk or on screen, nothing to undo', async (_, text, message) => {
    const fox = await foxResult('fox', path.join(scratch, 'fox.wav'));
    const { controller, open, stored } = await withResults(fox);
    const item = await open('fox');
    const before = await stored('fox');
    await expect(controller.editSegment(item.id, 1, text)).resolves.toBe(false);
    expect(controller.state.editNotice).toMatchObject({ resultId: 'fox', code: 'invalid-edit', message: expect.stringMatching(message) });
    expect(controller.state.editNotice!.message).toMatch(/Nothing was changed\.$/);
    expect(await stored('fox')).toEqual(before);
    expect(controller.item(item.id)!.run!.segments).toEqual(before.segments);
    await controller.undoEdit();
    expect(controller.state.editNotice).toMatchObject({ code: 'nothing-to-undo' });
  });

  it('a run not stored yet cannot be edited, and says so; undo brings the result it concerns into view', async () => {
    const fox = await foxResult('fox', path.join(scratch, 'fox.wav'));
    const other = await foxResult('other', path.join(scratch, 'other.wav'));
    const { controller, open } = await withResults(fox, other);
    const item = await open('fox');
    // the same run, as an item whose result is still being saved
    controller.store.update((s) => ({ ...s, items: [...s.items, { ...item, id: 'unsaved', resultId: undefined }] }));
    await expect(controller.editSegment('unsaved', 1, 'the fox')).resolves.toBe(false);
    expect(controller.state.editNotice).toMatchObject({ code: 'not-stored', message: expect.stringMatching(/^fox\.wav is not stored yet.*Nothing was changed\.$/) });

    await expect(controller.editSegment(item.id, 1, 'the fox')).resolves.toBe(true);
    const shownOther = await open('other');
    expect(controller.state.selectedId).toBe(shownOther.id);
    await controller.undoEdit();
    expect(controller.state.selectedId).toBe(item.id);
    expect(controller.item(item.id)!.run!.segments[1]!.edit).toBeUndefined();
  });

  it('a result whose audio is gone: the waveform says so, and an edit it cannot time names the missing file', async () => {
    const gone = path.join(scratch, 'gone', 'fox.wav');
    const fox = await foxResult('fox', gone);
    // Stored without posteriors (a live recording's, or one from before they were kept), its audio gone.
    const old = { ...fox, id: 'old', segments: fox.segments.map(({ ctc: _, ...s }) => s) };
    const { controller, open } = await withResults(fox, old);
    const item = await open('old');
    const state = await until(controller.store, (s) => s.items.some((i) => i.id === item.id && i.audioProblem !== undefined));
    const problem = state.items.find((i) => i.id === item.id)!.audioProblem!;
    expect(problem).toContain(gone);
    expect(problem).toMatch(/file not found.*the transcript can still be read, edited, searched and exported/);
    await expect(controller.editSegment(item.id, 1, 'the fox')).resolves.toBe(false);
    expect(controller.state.editNotice?.message).toMatch(new RegExp(`stored without the model's CTC posteriors, and its audio ${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is gone`));
    // With posteriors, the missing audio does not matter: the edit is timed from them.
    const withPosteriors = await open('fox');
    await expect(controller.editSegment(withPosteriors.id, 1, 'the quick brown fox')).resolves.toBe(true);
    expect(existsSync(gone)).toBe(false);
  });

  it('F8 steps through the unsure words (below the decoder\'s threshold), both ways, wrapping; says when there are none', async () => {
    const below = UNSURE_BELOW.ctc;
    // segment 2's words: the second and the fifth unsure
    const fox = await foxResult('fox', path.join(scratch, 'fox.wav'), [0.99, below - 0.1, 0.99, 0.99, below - 0.3, 0.99, 0.99, 0.99, 0.99, 0.99]);
    const { controller, open } = await withResults(fox);
    await open('fox');
    chosenWord.update(() => -1);
    const steps: number[] = [];
    for (const step of [1, 1, 1, -1] as const) {
      controller.stepUnsure(step);
      steps.push(chosenWord.state);
    }
    // flat indices: "hello" is word 0, so segment 2's second and fifth words are 2 and 5
    expect(steps).toEqual([2, 5, 2, 5]);
    expect(playhead.state).toBeCloseTo(fox.segments[1]!.words[4]!.start, 1);
    expect(controller.state.editNotice).toMatchObject({ code: 'unsure-word', message: expect.stringMatching(/^Unsure word 2 of 2: “\w+”, confidence \d+ %\.$/) });

    const sure = await foxResult('sure', path.join(scratch, 'sure.wav'), Array(10).fill(0.99));
    const other = await withResults(sure);
    await other.open('sure');
    other.controller.stepUnsure(1);
    expect(other.controller.state.editNotice).toMatchObject({ code: 'no-unsure-words', message: expect.stringContaining('No word of sure.wav is below the confidence threshold') });
  });

  it('searches every stored result; a hit in another result opens it and asks its audio to seek there', async () => {
    const fox = await foxResult('fox', path.join(scratch, 'fox.wav'));
    const dog = { ...(await foxResult('dog', path.join(scratch, 'dog.wav'))), text: 'hello', segments: [(await foxResult('dog', '/x/dog.wav')).segments[0]!] };
    const { controller, open } = await withResults(fox, dog);
    await open('fox'); // one open, the other only stored
    controller.openSearch();
    controller.setSearchQuery('hello');
    const state = await until(controller.store, (s) => s.search.loading === 0 && s.search.searched === 2);
    expect(state.search.hits.map((h) => [h.name, h.time])).toEqual([
      ['fox.wav', 0.2],
      ['dog.wav', 0.2],
    ]);
    // a word of fox.wav's second segment that occurs once in all of fox.wav (which words those are is the model's doing)
    const allWords = fox.segments.flatMap((s) => s.words.map((w) => w.word.toLowerCase()));
    const once = fox.segments[1]!.words.find((w) => w.word.length > 2 && allWords.filter((x) => x === w.word.toLowerCase()).length === 1);
    expect(once, "fox.wav's second segment has a word of its own").toBeDefined();
    controller.setSearchQuery(once!.word);
    const found = controller.state.search.hits;
    expect(found.map((h) => h.name)).toEqual(['fox.wav']);
    await controller.chooseHit(controller.state.search.hits.find((h) => h.name === 'fox.wav')!);
    const foxItem = controller.state.items.find((i) => i.resultId === 'fox')!;
    expect(controller.state.selectedId).toBe(foxItem.id);
    expect(pendingSeek.state).toEqual({ itemId: foxItem.id, time: found[0]!.time + 0.005 });
    expect(found[0]!.time).toBe(once!.start);

    controller.setSearchQuery('hello');
    await controller.chooseHit(controller.state.search.hits.find((h) => h.name === 'dog.wav')!);
    const dogItem = controller.state.items.find((i) => i.resultId === 'dog')!;
    expect(controller.state.selectedId).toBe(dogItem.id);
    expect(pendingSeek.state?.itemId).toBe(dogItem.id);
    controller.closeSearch();
    expect(controller.state.search.open).toBe(false);
  });
});
