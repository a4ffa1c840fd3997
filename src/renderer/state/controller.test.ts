// The composer in Node, against the real main-process services (in-process) and the real core (the
// tiny bundle behind the page's supervised client): start-up (stored settings, the unfinished files a
// restart offers, the stored results, the model the settings name), settings that reload the model,
// compare runs, stored results opened again, exported and deleted, and a start cut short by dispose.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAST_SETTINGS, stateFixture, type StateFixture } from '../../testing/state-fixture';
import { WorkbenchController } from './controller';
import type { Store } from './store';
import type { WorkbenchState } from './types';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let fixture: StateFixture;
beforeAll(async () => void (fixture = await stateFixture('controller')));
afterAll(() => fixture.close());

/** Resolves at the first state (now or after a change) that `ok` accepts. */
function until(store: Store<WorkbenchState>, ok: (s: WorkbenchState) => boolean): Promise<WorkbenchState> {
  return new Promise((resolve) => {
    const check = () => ok(store.state) && (stop(), resolve(store.state));
    const stop = store.subscribe(() => void check());
    check();
  });
}

/** A controller started on a main process of its own, with FAST_SETTINGS stored, its model loaded. */
async function started() {
  const main = fixture.main();
  await main.api.saveSettings({ settings: FAST_SETTINGS });
  const controller = new WorkbenchController(main.api, () => fixture.engine());
  await controller.start();
  await until(controller.store, (s) => s.model.status === 'ready');
  return { main, controller };
}

const idle = (s: WorkbenchState) => s.items.every((i) => i.status === 'done' || i.status === 'error' || i.status === 'cancelled');

describe('WorkbenchController', () => {
  it('starts from the stored settings, offers the unfinished files, loads the model, and runs what is resumed', async () => {
    const main = fixture.main();
    await main.api.saveSettings({ settings: FAST_SETTINGS });
    await main.api.savePendingFiles({ files: [{ path: fixture.files.one, queuedAt: new Date().toISOString() }] });
    const engines: string[] = [];
    const controller = new WorkbenchController(main.api, () => (engines.push('engine'), fixture.engine()));
    await controller.start();
    expect(controller.state).toMatchObject({ settings: FAST_SETTINGS, settingsLoaded: true, resumeOffer: [{ path: fixture.files.one }] });
    await until(controller.store, (s) => s.model.status === 'ready');
    expect(engines).toHaveLength(1);

    controller.resumePending();
    const done = await until(controller.store, (s) => s.items.length === 1 && idle(s) && s.results.length === 1);
    expect(done.items[0]).toMatchObject({ name: 'espeak-1.wav', status: 'done', resultId: done.results[0]!.id });
    expect(done.items[0]!.run?.decoder).toBe('ctc');

    // Compare: AT and NAT on the same audio, side by side.
    await controller.compare(done.items[0]!.id);
    const compared = controller.item(done.items[0]!.id)!;
    expect([compared.compare?.at.decoder, compared.compare?.nat.decoder, compared.comparing, controller.state.view]).toEqual(['at', 'nat', false, 'compare']);
    controller.dispose();
  });

  it('saves changed settings; a new backend or bundle loads the model again, a bundle that is not there shows its error', async () => {
    const { main, controller } = await started();
    controller.useDecoder('nat');
    controller.updateSettings({ backend: 'auto' });
    expect(controller.state.model.status).toBe('loading');
    await until(controller.store, (s) => s.model.status === 'ready');
    controller.useBundle('absent');
    await until(controller.store, (s) => s.model.status === 'error');
    expect(controller.state.model).toMatchObject({ bundle: 'absent', error: { code: 'missing-file' } });
    await main.idle();
    expect(await main.api.getSettings()).toMatchObject({ decoder: 'nat', backend: 'auto', bundle: 'absent' });
    controller.dispose();
  });

  it('opens a stored result again (with its audio while the file is there), exports it and deletes it', async () => {
    const { main, controller: first } = await started();
    first.enqueuePaths([fixture.files.two]);
    const [stored] = (await until(first.store, (s) => s.results.length === 1)).results;
    first.dispose();

    const again = new WorkbenchController(main.api, () => fixture.engine());
    await again.start();
    await until(again.store, (s) => s.results.length === 1);
    await again.openResult(stored!.id);
    const item = (await until(again.store, (s) => s.items[0]?.audio !== undefined)).items[0]!;
    expect(item).toMatchObject({ kind: 'stored', status: 'done', resultId: stored!.id, name: 'espeak-2.wav' });
    expect(again.state.selectedId).toBe(item.id);
    expect(item.audio?.durationS).toBeCloseTo(2.084, 3);
    await again.openResult(stored!.id);
    expect(again.state.items).toHaveLength(1);

    const exported = await again.exportResult(stored!.id, 'txt');
    expect(readFileSync(exported, 'utf8').trim()).toBe(item.run!.text.trim());
    await again.deleteResult(stored!.id);
    expect(again.state.results).toEqual([]);
    again.dispose();
  });

  it('a start cut short by dispose (React StrictMode’s remount) stops there: no model, no offer', async () => {
    const main = fixture.main();
    await main.api.savePendingFiles({ files: [{ path: fixture.files.one, queuedAt: new Date().toISOString() }] });
    const engines: string[] = [];
    const controller = new WorkbenchController(main.api, () => (engines.push('engine'), fixture.engine()));
    const starting = controller.start();
    controller.dispose();
    await starting;
    expect(controller.state.settingsLoaded).toBe(false);
    expect(controller.state.resumeOffer).toBeUndefined();
    expect(engines).toEqual([]);
  });

  it('without the bridge to main, does nothing but show errors', async () => {
    const controller = new WorkbenchController(undefined, () => fixture.engine());
    await controller.start();
    await controller.openFiles();
    controller.enqueuePaths([fixture.files.one]);
    expect(await controller.exportResult('x', 'txt')).toBe('');
    expect(controller.state.items).toEqual([]);
    controller.report({ code: 'no-bridge', message: 'no bridge' });
    expect(controller.state.error).toEqual({ code: 'no-bridge', message: 'no bridge' });
  });
});
