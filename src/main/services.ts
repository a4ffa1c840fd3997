// Composition of the main process's services into one handler per contract call. Plain TypeScript:
// no Electron imports, so the same services run inside Electron (src/main/index.ts) and inside the
// e2e test host (e2e/host/), where only the platform pieces (dialogs, app info) differ.

import features from '../shared/features.json';
import type { AppInfo, EventSink } from '../shared/contract';
import type { AudioPort } from './audio-port';
import type { CallHandlers } from './call-dispatcher';
import { sweepTemporaries, writeFileAtomically } from './atomic-file';
import path from 'node:path';
import { readAudioRange } from './audio-ranges';
import { AudioStreams } from './audio-streams';
import { DroppedCopies } from './dropped-copies';
import { listModelBundles } from './model-bundles';
import { PendingBatch } from './pending-batch';
import { RecordingSessions } from './recording-sessions';
import { exportFileName, exportText } from './result-export';
import { ResultsStore } from './results-store';
import { SettingsStore } from './settings-store';

export interface ServiceDependencies {
  appInfo: AppInfo;
  /** Where services send events; each transport delivers them to the page. */
  emit: EventSink;
  /** Asks the user for audio files (Electron: the native dialog). Empty when cancelled. */
  chooseAudioFiles(): Promise<string[]>;
  /** The audio front end (src/main/audio-binding.ts in the app and the test host; a fake in unit tests). */
  audio: AudioPort;
  /** Where results (results/) and settings.json live: Electron's userData; a temp folder in tests. */
  dataDir: string;
  /** Asks where to save an export (Electron: the native save dialog). Empty when cancelled. */
  chooseExportPath(suggestedName: string): Promise<string>;
}

export interface Services {
  handlers: CallHandlers;
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDependencies): Services {
  const { audio } = deps;
  const sessions = new RecordingSessions(audio, deps.emit, features.nMels);
  const streams = new AudioStreams(audio, features.nMels);
  const results = new ResultsStore(path.join(deps.dataDir, 'results'));
  const settings = new SettingsStore(deps.dataDir);
  const pending = new PendingBatch(deps.dataDir, results);
  const dropped = new DroppedCopies(path.join(deps.dataDir, 'dropped'));
  // Once per start: temporaries a killed writer left behind (never a whole file, only its temporary), and
  // copies of dropped files that no unfinished batch needs any more.
  for (const folder of [deps.dataDir, results.folder]) void sweepTemporaries(folder);
  // (the stored list, not list(): the results folder need not be read for this)
  void pending.stored().then((files) => dropped.sweep(files.map((f) => f.path)), (error: unknown) => console.warn(`dropped copies: not swept (${String(error)})`));

  const handlers: CallHandlers = {
    getAppInfo: () => deps.appInfo,
    chooseAudioFiles: async () => ({ paths: await deps.chooseAudioFiles() }),
    listInputDevices: () => audio.listInputDevices(),
    startRecording: ({ source }) => sessions.start(source),
    stopRecording: ({ sessionId }) => sessions.stop(sessionId),
    openAudioStream: ({ path: filePath, reportAs }) => streams.openFile(filePath, reportAs),
    openDroppedAudioStream: ({ name, bytes }) => streams.openBytes(name, bytes),
    readAudioStream: ({ streamId }) => streams.read(streamId),
    closeAudioStream: ({ streamId }) => streams.close(streamId),
    readAudioRange: ({ path: filePath, reportAs, firstFrame, nFrames }) => readAudioRange(audio, features.nMels, { path: filePath, ...(reportAs ? { reportAs } : {}), firstFrame, nFrames }),
    keepDroppedFile: async ({ name, bytes }) => ({ path: await dropped.keep(name, bytes) }),
    saveResult: ({ result }) => results.save(result),
    listResults: () => results.list(),
    readResult: ({ id }) => results.read(id),
    deleteResult: ({ id }) => results.remove(id),
    editSegment: ({ id, segment, text }) => results.edit(id, segment, text),
    exportResult: async ({ id, format }) => {
      const result = await results.read(id);
      const target = await deps.chooseExportPath(exportFileName(result, format));
      if (target) await writeFileAtomically(target, exportText(result, format), `The ${format} export of ${result.name} could not be saved`);
      return { path: target };
    },
    savePendingFiles: ({ files }) => pending.save(files),
    listPendingFiles: () => pending.list(),
    getSettings: () => settings.read(),
    saveSettings: ({ settings: chosen }) => settings.write(chosen),
    listModelBundles: () => listModelBundles(deps.appInfo.modelDir),
  };

  return { handlers, dispose: async () => void (await Promise.all([sessions.stopAll(), streams.closeAll()])) };
}
