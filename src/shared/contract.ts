// The contract between the renderer and the main process: every call (request → reply) and every
// event (main → renderer), with its name, input schema, result type and payload type. Both sides
// import this module; IPC channel names are derived here and nowhere else.
//
// Transports: Electron IPC (preload ↔ ipcMain, structured clone) and, in end-to-end tests, a
// WebSocket (src/shared/wire.ts). Both carry Float32Array payloads as binary, not as JSON numbers.

import { absolutePath, array, boolean, bytes, integer, literal, nothing, number, object, oneOf, optional, string, variant, type Infer, type Schema } from './schema';

// ---------------------------------------------------------------------------------------------
// Data types
// ---------------------------------------------------------------------------------------------

export interface AppInfo {
  version: string;
  platform: string;
  /** Electron version; absent when the services run outside Electron (the e2e test host). */
  electron?: string;
  /** Absolute path of the folder holding model bundles (served to the renderer under /models/). */
  modelDir: string;
}

export interface AudioWarning {
  code: string;
  message: string;
}

export interface InputDevice {
  index: number;
  name: string;
}

export interface RecordingResult {
  sessionId: string;
  samples: Float32Array;
  durationS: number;
}

export interface AudioLevel {
  sessionId: string;
  rms: number;
  peak: number;
}

export interface FeatureFrames {
  sessionId: string;
  startFrame: number;
  nMels: number;
  /** Row-major (frames.length / nMels) × nMels. */
  frames: Float32Array;
}

export type RecordingStopReason = 'user' | 'end-of-file' | 'device-lost' | 'error';

export interface RecordingStopped {
  sessionId: string;
  reason: RecordingStopReason;
  message?: string;
}

/** Commands from the application menu that the renderer carries out. */
export type MenuCommandName =
  | 'open-audio-files'
  | 'toggle-recording'
  | 'toggle-playback'
  | 'use-decoder-at'
  | 'use-decoder-nat'
  | 'use-decoder-ctc'
  | 'use-decoder-rescore'
  | 'compare-decoders'
  | 'toggle-explorer'
  | 'show-model'
  | 'find-in-transcripts'
  | 'next-unsure-word'
  | 'previous-unsure-word'
  | 'undo-edit'
  | 'redo-edit';

export interface MenuCommand {
  command: MenuCommandName;
}

/**
 * One piece of a file being read (readAudioStream): its next samples and the log-mel frames they
 * completed, made as the renderer asks for them, so neither side holds more than a block in flight.
 */
export interface AudioStreamBlock {
  /** 16 kHz mono samples continuing the previous block's (empty in the last block). */
  samples: Float32Array;
  /** Row-major nFrames × nMels raw log-mel features, continuing the previous block's. */
  frames: Float32Array;
  nFrames: number;
  nMels: number;
  /** Milliseconds the main process spent computing `frames`. */
  featureMs: number;
  /** Fraction of the file read so far, 0..1. */
  progress: number;
  /** Only in the last block: the file's length and what was wrong with it. The stream is closed then. */
  end?: { durationS: number; warnings: AudioWarning[] };
}

/**
 * A stretch of a file read again (readAudioRange): the samples of feature frames [firstFrame, firstFrame + nFrames)
 * and those frames, equal to the whole file's. The renderer keeps only an overview of a long file and fetches this
 * when it needs exact audio (a segment traced or its attention recomputed, a stretch played).
 */
export interface AudioRange {
  firstFrame: number;
  /** firstFrame · hop: where `samples` starts in the file. */
  firstSample: number;
  /** 16 kHz mono samples [firstSample, firstSample + (nFrames − 1) · hop + frameSize), fewer where the file ends. */
  samples: Float32Array;
  /** Row-major nFrames × nMels raw log-mel features. */
  frames: Float32Array;
  /** Frames read: as asked, fewer where the file ends. */
  nFrames: number;
  nMels: number;
}

/** Most frames one readAudioRange call returns: 10 minutes (58 MB of samples and frames in one reply). */
export const MAX_RANGE_FRAMES = 60_000;

/** A bundle folder below the models folder (served at /models/<name>/). */
export interface ModelBundleEntry {
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Codes raised by the contract machinery itself; services add their own (e.g. audio decode codes). */
export type ContractErrorCode =
  | 'invalid-input'
  | 'unknown-call'
  | 'forbidden-sender'
  | 'not-available'
  | 'unknown-session'
  | 'internal'
  | (string & {});

/** What crosses the contract when a call fails: plain data, so it survives every transport. */
export interface ContractErrorData {
  code: ContractErrorCode;
  message: string;
  /** The file the error concerns, when there is one (shown to the user). */
  file?: string;
}

/** The error a renderer-side call rejects with. */
export class ContractError extends Error implements ContractErrorData {
  readonly code: ContractErrorCode;
  readonly file?: string;

  constructor(data: ContractErrorData) {
    super(data.message);
    this.name = 'ContractError';
    this.code = data.code;
    if (data.file !== undefined) this.file = data.file;
  }

  toData(): ContractErrorData {
    return this.file === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, file: this.file };
  }
}

/** Every call replies with this envelope, because Electron strips custom error properties. */
export type CallReply<T> = { ok: true; value: T } | { ok: false; error: ContractErrorData };

// ---------------------------------------------------------------------------------------------
// Calls and events
// ---------------------------------------------------------------------------------------------

export interface CallSpec<Input, Output> {
  readonly input: Schema<Input>;
  /** Type-only: the result type. Never set at run time. */
  readonly output?: Output;
}

function call<Input>(input: Schema<Input>) {
  return { returns: <Output>(): CallSpec<Input, Output> => ({ input }) };
}

const sessionId = string({ minLength: 1, maxLength: 64 });

const decoderKind = oneOf('at', 'nat', 'ctc', 'rescore');
const resultId = string({ minLength: 1, maxLength: 128 });

const settingsSchema = object({
  decoder: decoderKind,
  /** AT beam size; 1 is greedy. */
  beam: integer({ min: 1, max: 16 }),
  /** CTC beam size; 1 is greedy (prefix beam search with the language model above). */
  ctcBeam: integer({ min: 1, max: 16 }),
  /** AT: score each step with the CTC prefix score too, at the bundle's weight (joint CTC/attention decoding). */
  jointCtc: boolean,
  /** AT and CTC beam search (beam > 1): add the bundle's character language model, at its weights (shallow fusion). */
  languageModel: boolean,
  iterations: integer({ min: 0, max: 10 }),
  /** Truncated encoder attention; false = full context. */
  truncated: boolean,
  windowLeft: integer({ min: 0, max: 512 }),
  windowRight: integer({ min: 0, max: 64 }),
  backend: oneOf('auto', 'webgpu', 'wasm'),
  theme: oneOf('system', 'light', 'dark'),
  /** Folder name below the models folder. */
  bundle: string({ minLength: 1, maxLength: 200 }),
  inputDevice: integer({ min: -1, max: 1024 }),
});

/** What the user chose, kept between runs (settings.json in the app's data folder). */
export type WorkbenchSettings = Infer<typeof settingsSchema>;

const wordSchema = object({ word: string({ maxLength: 1000 }), start: number(), end: number(), confidence: number() });
/**
 * A segment's CTC log-posteriors, each frame's likeliest tokens (src/core/posteriors.ts): what an edit of the segment
 * is re-aligned against. Absent in results stored before they were kept, and in live recordings' results.
 */
const posteriorsSchema = object({
  frameS: number({ min: 0 }),
  tokens: array(string({ maxLength: 64 }), { maxLength: 256 }),
  blank: integer({ min: 0, max: 255 }),
  space: integer({ min: 0, max: 255 }),
  frames: integer({ min: 0 }),
  k: integer({ min: 1, max: 256 }),
  data: string({ maxLength: 50_000_000 }),
});
/** A word of an edit: its times come from re-aligning the edited text (aligned) or, failing that, interpolation. */
const editedWordSchema = object({ word: string({ maxLength: 1000 }), start: number(), end: number(), aligned: boolean });
/** A segment's text as the user edited it, kept beside the decoder's (never overwritten); exports write it. */
const segmentEditSchema = object({ text: string({ minLength: 1, maxLength: 1_000_000 }), words: array(editedWordSchema), editedAt: string({ maxLength: 64 }) });
const segmentSchema = object({
  start: number(),
  end: number(),
  /** The decoder's text and words. */
  text: string({ maxLength: 1_000_000 }),
  words: array(wordSchema),
  ctc: optional(posteriorsSchema),
  edit: optional(segmentEditSchema),
});
const statsSchema = object({
  decoder: decoderKind,
  backend: oneOf('webgpu', 'wasm'),
  audioS: number(),
  featureMs: number(),
  encoderMs: number(),
  decoderMs: number(),
  decoderSteps: number(),
  tokens: number(),
  tokensPerSecond: number(),
  rtf: number(),
  segments: number(),
});
const resultSchema = object({
  id: resultId,
  /** The file's path, or the dropped file's name. */
  source: string({ minLength: 1, maxLength: 4096 }),
  name: string({ minLength: 1, maxLength: 1000 }),
  createdAt: string({ maxLength: 64 }),
  model: string({ maxLength: 200 }),
  durationS: number({ min: 0 }),
  options: object({
    /** The beam a run searched with: AT's or CTC's (up to 16 in the Decoding pane), or rescoring's n-best size (the bundle's decoding.rescoreBeam, 64). */
    beam: integer({ min: 1, max: 256 }),
    /** AT's CTC prefix weight (0: the AT decoder alone); absent in results stored before joint decoding. */
    ctcWeight: optional(number({ min: 0, max: 1 })),
    /** AT's or CTC's language-model weight (0: none); absent in results stored before the language model. */
    lmWeight: optional(number({ min: 0, max: 100 })),
    /** AT's or CTC's word language-model weight and out-of-vocabulary penalty; absent when the search used no word model. */
    wordLmWeight: optional(number({ min: 0, max: 100 })),
    oovPenalty: optional(number({ min: 0, max: 1000 })),
    iterations: integer({ min: 0, max: 10 }),
    window: optional(object({ left: integer({ min: 0 }), right: integer({ min: 0 }) })) }),
  text: string({ maxLength: 10_000_000 }),
  segments: array(segmentSchema),
  stats: statsSchema,
});

/** One finished file's transcript with word timestamps and run statistics, as stored on disk. */
export type TranscriptionResult = Infer<typeof resultSchema>;
export type StoredWord = Infer<typeof wordSchema>;
export type StoredSegment = Infer<typeof segmentSchema>;
export type SegmentEdit = Infer<typeof segmentEditSchema>;
export type StoredRunStats = Infer<typeof statsSchema>;

/** A stored result as the results list shows it. */
export interface ResultSummary {
  id: string;
  name: string;
  source: string;
  createdAt: string;
  decoder: TranscriptionResult['stats']['decoder'];
  durationS: number;
  /** The transcript's beginning. */
  preview: string;
}

export type ExportFormat = 'txt' | 'srt' | 'vtt' | 'json';

const pendingFileSchema = object({
  path: absolutePath,
  queuedAt: string({ minLength: 1, maxLength: 64 }),
  /** A dropped file's own name (its path is the kept copy's). */
  name: optional(string({ minLength: 1, maxLength: 255 })),
});

/** A batch file not finished yet: its path, when it was queued (ISO 8601), and a dropped file's name. */
export type PendingFile = Infer<typeof pendingFileSchema>;

const recordingSource = variant('kind', {
  microphone: object({ kind: literal('microphone'), deviceIndex: integer({ min: -1, max: 1024 }) }),
  file: object({ kind: literal('file'), path: absolutePath }),
});

export type RecordingSource = Infer<typeof recordingSource>;

export const calls = {
  getAppInfo: call(nothing).returns<AppInfo>(),
  /** Shows the native open dialog; an empty list means the user cancelled. */
  chooseAudioFiles: call(nothing).returns<{ paths: string[] }>(),
  listInputDevices: call(nothing).returns<InputDevice[]>(),
  /** deviceIndex -1 is the system default microphone. */
  startRecording: call(object({ source: recordingSource })).returns<{ sessionId: string }>(),
  stopRecording: call(object({ sessionId })).returns<RecordingResult>(),
  /**
   * Opens a file to be read block by block (readAudioStream); fails at once when it cannot be opened.
   * `reportAs` is the name results and error messages give the file instead of its path (a dropped file's kept copy).
   */
  openAudioStream: call(object({ path: absolutePath, reportAs: optional(string({ minLength: 1, maxLength: 255 })) })).returns<{ streamId: string }>(),
  /** The same for a file dropped on the page whose copy could not be kept, sent as bytes. */
  openDroppedAudioStream: call(object({ name: string({ minLength: 1, maxLength: 255 }), bytes: bytes({ maxBytes: 512 * 1024 * 1024 }) })).returns<{ streamId: string }>(),
  /** The stream's next block (decoded and featurised now); the last one carries `end`. A failure closes the stream. */
  readAudioStream: call(object({ streamId: sessionId })).returns<AudioStreamBlock>(),
  /** Stops reading (a cancelled job); a stream already ended or closed is no error. */
  closeAudioStream: call(object({ streamId: sessionId })).returns<void>(),
  /**
   * Reads frames [firstFrame, firstFrame + nFrames) of a file again, with their samples (AudioRange); `reportAs` as
   * for openAudioStream. The file is decoded from its start up to the range (decoders cannot seek).
   */
  readAudioRange: call(
    object({ path: absolutePath, reportAs: optional(string({ minLength: 1, maxLength: 255 })), firstFrame: integer({ min: 0 }), nFrames: integer({ min: 0, max: MAX_RANGE_FRAMES }) }),
  ).returns<AudioRange>(),
  /** Keeps a copy of a dropped file in the app's data folder, so an unfinished batch can resume it; returns its path. */
  keepDroppedFile: call(object({ name: string({ minLength: 1, maxLength: 255 }), bytes: bytes({ maxBytes: 512 * 1024 * 1024 }) })).returns<{ path: string }>(),
  /** Stores a finished result atomically (one JSON per result); returns its list entry. */
  saveResult: call(object({ result: resultSchema })).returns<ResultSummary>(),
  /** Stored results, newest first. */
  listResults: call(nothing).returns<ResultSummary[]>(),
  readResult: call(object({ id: resultId })).returns<TranscriptionResult>(),
  deleteResult: call(object({ id: resultId })).returns<void>(),
  /**
   * Replaces segment `segment`'s edited text (the decoder's stays beside it) and re-times its words by forced
   * alignment against the segment's stored CTC posteriors; text equal to the decoder's removes the edit. Refused,
   * with nothing changed, for an empty segment, words with digits or symbols, or a segment that cannot be timed.
   */
  editSegment: call(object({ id: resultId, segment: integer({ min: 0 }), text: string({ maxLength: 1_000_000 }) })).returns<TranscriptionResult>(),
  /** Asks where to save (native save dialog) and writes the export; path '' means the user cancelled. */
  exportResult: call(object({ id: resultId, format: oneOf('txt', 'srt', 'vtt', 'json') })).returns<{ path: string }>(),
  /** Replaces the stored list of unfinished batch files (what a restart offers to resume). */
  savePendingFiles: call(object({ files: array(pendingFileSchema, { maxLength: 100_000 }) })).returns<void>(),
  /** The unfinished files of the last batch, less those whose result was stored since they were queued. */
  listPendingFiles: call(nothing).returns<PendingFile[]>(),
  getSettings: call(nothing).returns<WorkbenchSettings>(),
  saveSettings: call(object({ settings: settingsSchema })).returns<WorkbenchSettings>(),
  /** Bundle folders (with a model.json) below the models folder. */
  listModelBundles: call(nothing).returns<ModelBundleEntry[]>(),
} satisfies Record<string, CallSpec<unknown, unknown>>;

export interface EventSpec<Payload> {
  /** Type-only: the payload type. Never set at run time. */
  readonly payload?: Payload;
}

function event<Payload>(): EventSpec<Payload> {
  return {};
}

export const events = {
  audioLevel: event<AudioLevel>(),
  featureFrames: event<FeatureFrames>(),
  recordingStopped: event<RecordingStopped>(),
  menuCommand: event<MenuCommand>(),
} satisfies Record<string, EventSpec<unknown>>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = Calls[K] extends CallSpec<infer I, unknown> ? I : never;
export type CallOutput<K extends CallName> = Calls[K] extends CallSpec<unknown, infer O> ? O : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** The IPC channel carrying a call. The only place channel strings are formed. */
export function callChannel(name: CallName): string {
  return `workbench:call:${name}`;
}

/** The IPC channel carrying an event. */
export function eventChannel(name: EventName): string {
  return `workbench:event:${name}`;
}

// ---------------------------------------------------------------------------------------------
// The bridge: what the preload script (or the e2e test host) installs in the page
// ---------------------------------------------------------------------------------------------

/** The global the bridge is installed under (`window.workbenchBridge`). */
export const BRIDGE_GLOBAL = 'workbenchBridge';

/**
 * The minimal transport the page receives. It never throws for a failed call: failures arrive as
 * `{ ok: false }` so the typed error survives Electron's context bridge. `createWorkbenchApi`
 * (src/shared/api.ts) turns it into the typed API the renderer uses.
 */
export interface WorkbenchBridge {
  invoke<K extends CallName>(name: K, input: CallInput<K>): Promise<CallReply<CallOutput<K>>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** A sink the main-side services emit events into; each transport delivers them to the page. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
