// The model session against the real core (the tiny bundle over HTTP, the page's supervised client over a
// MessageChannel): the model state the panes show through a load, a failed load and a load replaced by a
// newer one, and recognition of a file's blocks giving what the CLI's path gives for the same file.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FeatureBlockReader, FileStream } from '../../audio';
import { folderBundleReader } from '../../cli/folder-bundle-reader';
import { Recogniser, resultBody, transcribeStream } from '../../core';
import { decodeOptions } from '../engine/transcription';
import { FAST_SETTINGS, stateFixture, workbenchStore, type StateFixture } from '../../testing/state-fixture';
import { TINY_BUNDLE } from '../../testing/in-process-core';
import { ModelSession } from './model-session';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let fixture: StateFixture;
beforeAll(async () => void (fixture = await stateFixture('model-session')));
afterAll(() => fixture.close());

function session() {
  const store = workbenchStore();
  const readies: string[] = [];
  const created: string[] = [];
  const model = new ModelSession(store, () => (created.push('engine'), fixture.engine()), () => readies.push(store.state.model.bundle));
  return { store, model, readies, created };
}

const blocksOf = async (file: string) => new FeatureBlockReader(await FileStream.open(file));

describe('ModelSession', () => {
  it('shows the model loading, then ready with its backend and config; onReady runs once', async () => {
    const { store, model, readies } = session();
    model.load('default', 'wasm');
    await model.whenReady();
    expect(store.state.model).toMatchObject({ status: 'ready', bundle: 'default', backendNote: 'WASM', config: { architecture: { frameMs: expect.any(Number) } } });
    expect(store.state.model.loaded?.config).toBe(store.state.model.config);
    await Promise.resolve();
    expect(readies).toEqual(['default']);
    model.dispose();
  });

  it('shows a load that fails as the model’s error; whenReady rejects and onReady does not run', async () => {
    const { store, model, readies } = session();
    model.load('absent', 'wasm');
    await expect(model.whenReady()).rejects.toMatchObject({ code: 'missing-file' });
    expect(store.state.model).toMatchObject({ status: 'error', bundle: 'absent', error: { code: 'missing-file', file: 'model.json' } });
    expect(readies).toEqual([]);
    await expect(model.recognise([])).rejects.toMatchObject({ code: 'missing-file' });
    model.dispose();
  });

  it('a newer load replaces the engine: the older one’s outcome changes nothing', async () => {
    const { store, model, created } = session();
    model.load('absent', 'wasm');
    const first = model.whenReady();
    model.load('default', 'wasm');
    // The replaced load's failure is nobody's error: its promise settles quietly.
    await expect(first).resolves.toBeUndefined();
    await model.whenReady();
    expect(created).toHaveLength(2);
    expect(store.state.model).toMatchObject({ status: 'ready', bundle: 'default' });
    expect(store.state.error).toBeUndefined();
    model.dispose();
  });

  it('without a load, recognising says no model is loaded', async () => {
    const { model } = session();
    await expect(model.recognise([])).rejects.toThrow(/no model is loaded/);
  });

  it('recognises a file’s blocks as the CLI’s path does (same text, segments and times), with the settings’ decoder or the one asked for', async () => {
    const { store, model } = session();
    model.load('default', 'wasm');
    const progress: number[] = [];
    const run = await model.recognise(await blocksOf(fixture.files.one), undefined, { onProgress: (f) => progress.push(f), durationS: 3.44 });
    const cli = await Recogniser.load(folderBundleReader(TINY_BUNDLE), { backend: 'wasm' });
    try {
      const expected = await transcribeStream(cli, await blocksOf(fixture.files.one), decodeOptions(FAST_SETTINGS));
      expect(run.decoder).toBe('ctc');
      expect(run.ran).toEqual(expected.ran);
      expect(run.text).toBe(expected.text);
      // Segments and words as a stored result holds them (times in milliseconds), from the CLI's transcript.
      expect(run.segments).toEqual(resultBody(expected, '', expected.stats.audioS).segments);
      expect(run.segments.length).toBeGreaterThan(0);
      expect(run.views).toHaveLength(expected.segments.length);
      expect(progress.at(-1)).toBeGreaterThan(0.9);
    } finally {
      await cli.release();
    }
    store.update((s) => ({ ...s, settings: { ...s.settings, decoder: 'at' } }));
    const nat = await model.recognise(await blocksOf(fixture.files.two), 'nat');
    expect([nat.decoder, nat.ran.decoder]).toEqual(['nat', 'nat']);
    model.dispose();
  });
});
