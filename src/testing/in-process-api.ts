// The main process's services as the page sees them, in one Node process: real services, dispatcher and
// audio front end behind the contract's typed API, every value cloned both ways as IPC clones it. For
// unit tests of the renderer's parts (no Electron, no Chromium).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { bindAudioFrontEnd } from '../main/audio-binding';
import { createDispatcher } from '../main/call-dispatcher';
import { createServices } from '../main/services';
import { createWorkbenchApi, type WorkbenchApi } from '../shared/api';
import type { CallName, CallReply, WorkbenchBridge } from '../shared/contract';

export interface InProcessApi {
  api: WorkbenchApi;
  /** The names of the calls made so far, in order. */
  calls: CallName[];
  /** The paths the next chooseAudioFiles call answers with. */
  choose(paths: string[]): void;
  /** Settles once no call is in flight (the page sends some without waiting: settings, the unfinished list). */
  idle(): Promise<void>;
}

/** `scratch`: a folder of the test's own; the app's data (results, settings, dropped copies) goes in `scratch/data`. */
export function inProcessApi(scratch: string): InProcessApi {
  mkdirSync(scratch, { recursive: true });
  let chosen: string[] = [];
  const dispatch = createDispatcher(
    createServices({
      appInfo: { version: '0', platform: process.platform, modelDir: scratch },
      emit: () => {},
      chooseAudioFiles: async () => chosen,
      audio: bindAudioFrontEnd(),
      dataDir: path.join(scratch, 'data'),
      chooseExportPath: async (suggested: string) => path.join(scratch, suggested),
    }).handlers,
  );
  const calls: CallName[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const bridge: WorkbenchBridge = {
    invoke: (name, input) => {
      calls.push(name);
      const reply = (async () => structuredClone(await dispatch(name, structuredClone(input))) as CallReply<never>)();
      inFlight.add(reply);
      void reply.finally(() => inFlight.delete(reply)).catch(() => undefined);
      return reply;
    },
    subscribe: () => () => {},
  };
  return {
    api: createWorkbenchApi(bridge),
    calls,
    choose: (paths) => void (chosen = paths),
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
