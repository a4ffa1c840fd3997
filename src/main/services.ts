// Composition of the main process's services into one handler per contract call. Plain TypeScript:
// no Electron imports, so the same services run inside Electron (src/main/index.ts) and inside the
// e2e test host (e2e/host/), where only the platform pieces (dialogs, app info) differ.

import features from '../shared/features.json';
import type { AppInfo, EventSink } from '../shared/contract';
import type { AudioPort } from './audio-port';
import type { CallHandlers } from './call-dispatcher';
import { RecordingSessions } from './recording-sessions';

export interface ServiceDependencies {
  appInfo: AppInfo;
  /** Where services send events; each transport delivers them to the page. */
  emit: EventSink;
  /** Asks the user for audio files (Electron: the native dialog). Empty when cancelled. */
  chooseAudioFiles(): Promise<string[]>;
  /** The audio front end (src/main/audio-binding.ts in the app and the test host; a fake in unit tests). */
  audio: AudioPort;
}

export interface Services {
  handlers: CallHandlers;
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDependencies): Services {
  const { audio } = deps;
  const sessions = new RecordingSessions(audio, deps.emit, features.nMels);

  const handlers: CallHandlers = {
    getAppInfo: () => deps.appInfo,
    chooseAudioFiles: async () => ({ paths: await deps.chooseAudioFiles() }),
    decodeAudio: async ({ path }) => {
      const decoded = await audio.decodeFile(path);
      return { path, sampleRate: 16000, samples: decoded.samples, durationS: decoded.durationS, warnings: decoded.warnings };
    },
    extractFeatures: async ({ path }) => {
      const decoded = await audio.decodeFile(path);
      const { frames, nFrames } = audio.extractFeatures(decoded.samples);
      return { path, nFrames, nMels: features.nMels, frames, durationS: decoded.durationS };
    },
    listInputDevices: () => audio.listInputDevices(),
    startRecording: ({ source }) => sessions.start(source),
    stopRecording: ({ sessionId }) => sessions.stop(sessionId),
  };

  return { handlers, dispose: () => sessions.stopAll() };
}
