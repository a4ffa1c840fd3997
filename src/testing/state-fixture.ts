// What the Node tests of the renderer's state need around them: a scratch folder with speech files (the
// core's espeak clips) and a file that is not audio, the tiny bundle served over HTTP, the main process's
// services in-process, and a store as the controller starts it (decoding set to fast CTC greedy).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../shared/default-settings';
import type { WorkbenchSettings } from '../shared/contract';
import { startingState } from '../renderer/state/controller';
import { Store } from '../renderer/state/store';
import type { WorkbenchState } from '../renderer/state/types';
import { inProcessApi, type InProcessApi } from './in-process-api';
import { inProcessEngine, serveBundles, TINY_BUNDLE, type BundleServer, type InProcessEngine } from './in-process-core';

/** Tiny-bundle decoding that takes milliseconds: CTC greedy, no language model (the tiny bundle has none). */
export const FAST_SETTINGS: WorkbenchSettings = { ...DEFAULT_SETTINGS, decoder: 'ctc', ctcBeam: 1, beam: 1, iterations: 0, jointCtc: false, languageModel: false, backend: 'wasm' };

export interface StateFixture {
  scratch: string;
  /** 3.4 s and 2.1 s of speech, and random bytes named .wav. */
  files: { one: string; two: string; broken: string };
  server: BundleServer;
  /** A fresh main process (its own data folder) for each call. */
  main(): InProcessApi;
  /** An engine as the page's CoreEngine is, over a MessageChannel; each is disposed by close(). */
  engine(): InProcessEngine;
  close(): Promise<void>;
}

export async function stateFixture(name: string): Promise<StateFixture> {
  const scratch = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const audio = (file: string, from: string) => (copyFileSync(from, path.join(scratch, file)), path.join(scratch, file));
  const core = path.join(import.meta.dirname, '../core/fixtures/audio');
  const files = {
    one: audio('espeak-1.wav', path.join(core, 'espeak-1.wav')),
    two: audio('espeak-2.wav', path.join(core, 'espeak-2.wav')),
    broken: audio('broken.wav', path.join(import.meta.dirname, '../audio/fixtures/bad/random-bytes.wav')),
  };
  const server = await serveBundles({ default: TINY_BUNDLE });
  const engines: InProcessEngine[] = [];
  let mains = 0;
  return {
    scratch,
    files,
    server,
    main: () => inProcessApi(path.join(scratch, `main-${++mains}`)),
    engine: () => {
      const engine = inProcessEngine(server);
      engines.push(engine);
      return engine;
    },
    close: async () => {
      engines.forEach((e) => e.dispose());
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A store as the controller starts one, with `settings` (already loaded). */
export function workbenchStore(settings: WorkbenchSettings = FAST_SETTINGS): Store<WorkbenchState> {
  return new Store<WorkbenchState>({ ...startingState(settings), settingsLoaded: true });
}
