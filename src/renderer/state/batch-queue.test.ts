// The batch queue in Node against the real main-process services (in-process) and the real core (the
// tiny bundle behind the page's supervised client): one job at a time in queue order, each result
// stored, a bad file failing on its own, cancel (queued and running), retry and rerun, no model,
// dropped files read from their kept copies, and the unfinished list a restart resumes.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stateFixture, workbenchStore, type StateFixture } from '../../testing/state-fixture';
import { BatchQueue } from './batch-queue';
import { DroppedCopies } from './dropped-copies';
import { Items } from './items';
import { ModelSession } from './model-session';
import { keepPendingFilesSaved, unfinishedFiles } from './pending-files';
import type { Store } from './store';
import { StoredResults } from './stored-results';
import type { Item, WorkbenchState } from './types';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let fixture: StateFixture;
beforeAll(async () => void (fixture = await stateFixture('batch-queue')));
afterAll(() => fixture.close());
// Calls a test set going without waiting (saves, refreshes) end before the scratch folder goes.
const outstanding: (() => Promise<unknown>)[] = [];
afterEach(async () => void (await Promise.all(outstanding.splice(0).map((f) => f()))));

const busy = (i: Item) => i.status === 'queued' || i.status === 'loading' || i.status === 'recognising';

function batch(bundle = 'default') {
  const main = fixture.main();
  const store = workbenchStore();
  const items = new Items(store);
  const reported: unknown[] = [];
  const report = (cause: unknown) => void reported.push(cause);
  const results = new StoredResults(main.api, store, items, report);
  const copies = new DroppedCopies(main.api, items, report);
  const model = new ModelSession(store, () => fixture.engine(), () => void queue.run());
  const queue: BatchQueue = new BatchQueue({ api: main.api, store, items, model, copies, results, report });
  keepPendingFilesSaved(main.api, store, [], report);
  outstanding.push(main.idle);
  // The most jobs open or recognising at any moment, and the order files were opened in.
  let mostAtOnce = 0;
  const opened: string[] = [];
  store.subscribe(() => {
    mostAtOnce = Math.max(mostAtOnce, store.state.items.filter((i) => i.status === 'loading' || i.status === 'recognising').length);
    for (const i of store.state.items) if (i.status === 'loading' && !opened.includes(i.id)) opened.push(i.id);
  });
  model.load(bundle, 'wasm');
  return { ...main, store, items, model, queue, reported, opened, mostAtOnce: () => mostAtOnce };
}

/** Resolves once no item is queued or running. */
function settled(store: Store<WorkbenchState>): Promise<Item[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (store.state.items.some(busy)) return;
      stop();
      resolve(store.state.items);
    };
    const stop = store.subscribe(check);
    check();
  });
}

/** Calls `act` once, the first time an item reaches `status`. */
function onceStatus(store: Store<WorkbenchState>, status: Item['status'], act: (item: Item) => void): void {
  const stop = store.subscribe(() => {
    const item = store.state.items.find((i) => i.status === status);
    if (!item) return;
    stop();
    act(item);
  });
}

describe('BatchQueue', () => {
  it('runs files one job at a time in the order queued, stores each result, and fails a file that is not audio on its own', async () => {
    const b = batch();
    b.queue.enqueuePaths([fixture.files.one, fixture.files.broken, fixture.files.two]);
    const items = await settled(b.store);
    expect(items.map((i) => [i.name, i.status])).toEqual([
      ['espeak-1.wav', 'done'],
      ['broken.wav', 'error'],
      ['espeak-2.wav', 'done'],
    ]);
    expect(b.opened).toEqual(items.map((i) => i.id));
    expect(b.mostAtOnce()).toBe(1);
    expect(items[1]!.error).toMatchObject({ message: expect.stringContaining('broken.wav') });
    expect(items[0]!.audio?.durationS).toBeCloseTo(3.438, 3);
    const stored = await b.api.readResult({ id: items[0]!.resultId! });
    expect(stored).toMatchObject({ name: 'espeak-1.wav', source: fixture.files.one, text: items[0]!.run!.text, segments: items[0]!.run!.segments });
    expect((await b.api.listResults()).map((r) => r.name).sort()).toEqual(['espeak-1.wav', 'espeak-2.wav']);
    expect(b.store.state.selectedId).toBe(items[0]!.id);
    expect(b.reported).toEqual([]);
  });

  it('cancels a queued file before it is opened and a running one before its next block; retry runs each again', async () => {
    const b = batch();
    onceStatus(b.store, 'recognising', (item) => b.queue.cancel(item.id));
    b.queue.enqueuePaths([fixture.files.one, fixture.files.two]);
    const [one, two] = b.store.state.items;
    b.queue.cancel(two!.id);
    expect(b.items.get(two!.id)?.status).toBe('cancelled');
    await settled(b.store);
    expect(b.items.get(one!.id)?.status).toBe('cancelled');
    expect(b.calls.filter((c) => c === 'openAudioStream')).toHaveLength(1);
    expect(b.calls).toContain('closeAudioStream');
    expect(await b.api.listResults()).toEqual([]);

    b.queue.retry(one!.id);
    b.queue.retry(two!.id);
    expect((await settled(b.store)).map((i) => i.status)).toEqual(['done', 'done']);
    expect(await b.api.listResults()).toHaveLength(2);
  });

  it('without a model still reads the file (its waveform shows) and says so; once a model is there, a retry reruns the audio already read', async () => {
    const b = batch('absent');
    b.queue.enqueuePaths([fixture.files.two]);
    const [item] = await settled(b.store);
    expect(item).toMatchObject({ status: 'error', error: { code: 'no-model', message: expect.stringContaining('absent') } });
    expect(item!.audio?.durationS).toBeCloseTo(2.084, 3);

    b.model.load('default', 'wasm');
    await b.model.whenReady();
    const progress: number[] = [];
    b.store.subscribe(() => progress.push(b.items.get(item!.id)!.progress));
    b.queue.rerun(item!.id);
    const [again] = await settled(b.store);
    expect(again).toMatchObject({ status: 'done', progress: 1 });
    expect(again!.run!.segments.length).toBeGreaterThan(0);
    expect(b.calls.filter((c) => c === 'openAudioStream')).toHaveLength(1);
    expect(progress.some((p) => p > 0.05 && p < 1)).toBe(true);
  });

  it('reads dropped files from the copies kept in the data folder, under their own names, listed as unfinished until done', async () => {
    const b = batch();
    let unfinishedWhileRunning: ReturnType<typeof unfinishedFiles> = [];
    onceStatus(b.store, 'recognising', () => (unfinishedWhileRunning = unfinishedFiles(b.store.state)));
    await b.queue.enqueueDropped([new File([readFileSync(fixture.files.one)], 'dropped one.wav'), new File([readFileSync(fixture.files.broken)], 'bad drop.wav')]);
    const items = await settled(b.store);
    expect(items.map((i) => [i.kind, i.status])).toEqual([
      ['dropped', 'done'],
      ['dropped', 'error'],
    ]);
    for (const item of items) expect(item).toMatchObject({ keptPath: expect.stringContaining(fixture.scratch), bytes: undefined });
    expect(b.calls.filter((c) => c === 'keepDroppedFile')).toHaveLength(2);
    expect(b.calls).not.toContain('openDroppedAudioStream');
    expect(items[1]!.error?.message).toContain('bad drop.wav');
    expect(items[1]!.error?.message).not.toContain(items[1]!.keptPath!);
    expect((await b.api.listResults()).map((r) => r.name)).toEqual(['dropped one.wav']);
    // The second file's copy may or may not be written by then: a dropped file is listed once it has one.
    expect(unfinishedWhileRunning[0]).toEqual({ path: items[0]!.keptPath, name: 'dropped one.wav', queuedAt: items[0]!.queuedAt });
    await b.idle();
    expect(await b.api.listPendingFiles()).toEqual([]);
  });

  it('resumes the files a killed run left, with when they were first queued and a dropped file’s own name', async () => {
    const b = batch();
    const queuedAt = '2026-01-02T03:04:05.000Z';
    b.store.update((s) => ({ ...s, resumeOffer: [{ path: fixture.files.one, queuedAt }, { path: fixture.files.two, queuedAt, name: 'was dropped.wav' }] }));
    b.queue.resumePending();
    expect(b.store.state.resumeOffer).toBeUndefined();
    expect(b.store.state.items.map((i) => [i.name, i.source, i.queuedAt])).toEqual([
      ['espeak-1.wav', fixture.files.one, queuedAt],
      ['was dropped.wav', fixture.files.two, queuedAt],
    ]);
    expect((await settled(b.store)).map((i) => i.status)).toEqual(['done', 'done']);
  });
});
