// Faults survived (issue 9, item 2), each through the path a user's work takes:
// - WebGPU lost in the middle of a long file → the rest runs on WASM and the file completes, same text;
// - the microphone vanishes while recording → the recording stops, the audio so far is returned,
//   transcribed and kept in the results store;
// - the results folder is unwritable or the disk is full → a clear error, nothing half-written, the
//   previous result intact, and saving works again once there is room.
// (A crashing inference worker: src/core/worker-supervisor.test.ts.)
import * as fsPromises from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime, createOrtSession, type SessionFactory } from '../core/backend';
import { transcribe } from '../core/pipeline';
import { Recogniser } from '../core/recogniser';
import { decodeFile, extractFeatures } from '../audio';
import { bindAudioFrontEnd } from '../main/audio-binding';
import type { AudioPort } from '../main/audio-port';
import { createMicrophoneSource } from '../audio/microphone-source';
import type { RecorderBackend, RecorderHandlers } from '../audio/recorder-backend';
import { createDispatcher } from '../main/call-dispatcher';
import { createServices } from '../main/services';
import type { CallReply, EventName, EventPayload, RecordingResult, ResultSummary, TranscriptionResult } from '../shared/contract';

// Disk-full is simulated under the results store: while `diskFull` is set, a write puts down half its
// bytes and then fails with ENOSPC, as a real full disk does.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof real.writeFile = async (file, data, options) => {
    if (disk.full && typeof file === 'string' && typeof data === 'string') {
      await real.writeFile(file, data.slice(0, data.length >> 1));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    return real.writeFile(file, data, options);
  };
  return { ...real, writeFile, default: { ...real, writeFile } };
});

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const TINY = path.join(ROOT, 'src/core/fixtures/tiny-bundle');
const SPEECH = path.join(ROOT, 'src/core/fixtures/audio/espeak-1.wav');
const scratch = mkdtempSync(path.join(tmpdir(), 'faults-'));
let speech: Float32Array;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  speech = (await decodeFile(SPEECH)).samples;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Speech, pause, speech, …: `n` utterances with half a second of silence between them. */
function utterances(n: number): Float32Array {
  const pause = 8000;
  const out = new Float32Array(n * (speech.length + pause));
  for (let i = 0; i < n; i++) out.set(speech, i * (speech.length + pause));
  return out;
}

describe('WebGPU device lost mid-decode', () => {
  it('moves to WASM part-way through a long file, which completes with the same transcript', async () => {
    const audio = utterances(4);
    // Both runs cut the same segments: compute each segment's features once (the front end is slow on
    // a loaded machine, and is not what this test is about).
    const cache = new Map<string, ReturnType<typeof extractFeatures>>();
    const features = (samples: Float32Array) => {
      const key = `${samples.length}:${samples[0]}:${samples[samples.length >> 1]}:${samples.at(-1)}`;
      if (!cache.has(key)) cache.set(key, extractFeatures(samples));
      return cache.get(key)!;
    };
    const options = { decoder: 'nat' as const, iterations: 1, extractFeatures: features, segmentation: { maxSegmentS: 4 } };
    const reference = await Recogniser.load(folderBundleReader(TINY), { backend: 'wasm' });
    const expected = await transcribe(reference, audio, options);
    await reference.release();
    expect(expected.segments.length).toBeGreaterThanOrEqual(3);

    // "WebGPU" sessions are WASM sessions whose device is lost after 3 runs: in the second segment.
    let runs = 0;
    const gpu: SessionFactory = async (model, backend) => {
      const session = await createOrtSession(model, 'wasm');
      if (backend === 'wasm') return session;
      return { ...session, inputNames: session.inputNames, outputNames: session.outputNames, inputMetadata: session.inputMetadata, outputMetadata: session.outputMetadata, release: () => session.release(), run: (feeds) => (++runs > 3 ? Promise.reject(new Error('Device was lost: GPU hung')) : session.run(feeds)) };
    };
    const changes: string[] = [];
    const recogniser = await Recogniser.load(folderBundleReader(TINY), { webGpuAvailable: true, createSession: gpu, onBackendChange: (b, reason) => changes.push(`${b}: ${reason}`) });
    expect(recogniser.backend).toBe('webgpu');
    const backends: string[] = [];
    const got = await transcribe(recogniser, audio, { ...options, onSegment: (r) => backends.push(r.stats.backend) });
    await recogniser.release();

    // WebGPU until the loss, WASM from the segment it happened in to the end
    const switched = backends.indexOf('wasm');
    expect(switched).toBeGreaterThan(0);
    expect(backends).toEqual([...backends.slice(0, switched).map(() => 'webgpu'), ...backends.slice(switched).map(() => 'wasm')]);
    expect(changes).toEqual(['wasm: WebGPU failed mid-run (Device was lost: GPU hung)']);
    expect(got.segments.map((s) => [s.start, s.end, s.text])).toEqual(expected.segments.map((s) => [s.start, s.end, s.text]));
    expect(got.text).toBe(expected.text);
  });
});

// ---------------------------------------------------------------------------------------------

function app(dataDir: string, audio: AudioPort = bindAudioFrontEnd(), exportTo = '') {
  const events: { name: EventName; payload: unknown }[] = [];
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void events.push({ name, payload });
  const internal: unknown[] = [];
  const services = createServices({ appInfo: { version: '0', platform: 'linux', modelDir: scratch }, emit, chooseAudioFiles: async () => [], audio, dataDir, chooseExportPath: async () => exportTo });
  const dispatch = createDispatcher(services.handlers, (e) => internal.push(e));
  const call = async <T>(name: string, input?: unknown) => (await dispatch(name, input)) as CallReply<T>;
  return { call, events, internal, services };
}

function resultFor(id: string, text: string, durationS: number): TranscriptionResult {
  return {
    id,
    source: `/recordings/${id}.wav`,
    name: `${id}.wav`,
    createdAt: new Date(Date.UTC(2026, 10, 23, 21, 0, 0)).toISOString(),
    model: 'tiny',
    durationS,
    options: { beam: 1, iterations: 0 },
    text,
    segments: [{ start: 0, end: durationS, text, words: [] }],
    stats: { decoder: 'ctc', backend: 'wasm', audioS: durationS, featureMs: 0, encoderMs: 0, decoderMs: 0, decoderSteps: 0, tokens: 0, tokensPerSecond: 0, rtf: 0, segments: 1 },
  };
}

describe('microphone gone while recording', () => {
  it('stops the recording, returns the audio so far, which is transcribed and kept', async () => {
    // The native recorder plays the speech fixture in 512-sample frames, then the device vanishes.
    let handlers: RecorderHandlers | undefined;
    const recorder: RecorderBackend = {
      listDevices: async () => ['USB Microphone'],
      start: async (_index, _frameLength, h) => ((handlers = h), { deviceName: 'USB Microphone', stop: async () => {} }),
    };
    const audio: AudioPort = { ...bindAudioFrontEnd(), createMicrophoneSource: ({ deviceIndex }) => createMicrophoneSource({ deviceIndex, backend: recorder }) };
    const dataDir = path.join(scratch, 'mic');
    const { call, events, internal } = app(dataDir, audio);

    const started = await call<{ sessionId: string }>('startRecording', { source: { kind: 'microphone', deviceIndex: 0 } });
    if (!started.ok) throw new Error(started.error.message);
    const sessionId = started.value.sessionId;
    const captured = Math.floor(speech.length / 512) * 512;
    for (let at = 0; at < captured; at += 512) handlers!.frame(Int16Array.from(speech.subarray(at, at + 512), (x) => Math.round(x * 32767)));
    handlers!.failure({ name: 'PvRecorderStatusIOError', message: 'PvRecorder failed to read audio data frame.' });
    handlers!.frame(new Int16Array(512).fill(1000)); // nothing after the loss is kept

    expect(events.filter((e) => e.name === 'recordingStopped').map((e) => e.payload)).toEqual([
      { sessionId, reason: 'device-lost', message: 'microphone "USB Microphone" stopped working while recording (PvRecorder failed to read audio data frame.)' },
    ]);
    const stopped = await call<RecordingResult>('stopRecording', { sessionId });
    if (!stopped.ok) throw new Error(stopped.error.message);
    expect(stopped.value.samples.length).toBe(captured);
    expect(stopped.value.durationS).toBeCloseTo(captured / 16000, 6);
    expect(Math.max(...stopped.value.samples.subarray(captured - 2048))).toBeLessThan(0.5); // the speech, not the stray frame

    // What the page does with it: transcribe, save; the result is there after a restart.
    const recogniser = await Recogniser.load(folderBundleReader(TINY), { backend: 'wasm' });
    const transcript = await transcribe(recogniser, stopped.value.samples, { decoder: 'ctc', window: { left: 16, right: 2 }, extractFeatures });
    await recogniser.release();
    expect(transcript.text.length).toBeGreaterThan(0);
    expect(await call('saveResult', { result: resultFor('recording-1', transcript.text, stopped.value.durationS) })).toMatchObject({ ok: true });
    const restarted = app(dataDir);
    expect(await restarted.call<ResultSummary[]>('listResults')).toMatchObject({ ok: true, value: [{ id: 'recording-1', preview: transcript.text }] });
    expect(internal).toEqual([]);
  });
});

describe('results folder unwritable or disk full', () => {
  const jsonFiles = (folder: string) => readdirSync(folder).sort();

  it('disk full: a clear error, the earlier result intact, no partial file; saving works once there is room', async () => {
    const dataDir = path.join(scratch, 'full');
    const { call, internal } = app(dataDir);
    expect(await call('saveResult', { result: resultFor('talk', 'first version', 2) })).toMatchObject({ ok: true });
    const before = readFileSync(path.join(dataDir, 'results', 'talk.json'), 'utf8');

    disk.full = true;
    try {
      const reply = await call('saveResult', { result: resultFor('talk', 'second version, much longer '.repeat(50), 2) });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'disk-full', message: `The result for talk.wav could not be saved: the disk holding ${path.join(dataDir, 'results')} is full. Nothing was written; free some space and try again.` },
      });
      const fresh = await call('saveResult', { result: resultFor('other', 'never stored', 1) });
      expect(fresh).toMatchObject({ ok: false, error: { code: 'disk-full' } });
    } finally {
      disk.full = false;
    }
    expect(jsonFiles(path.join(dataDir, 'results'))).toEqual(['talk.json']);
    expect(readFileSync(path.join(dataDir, 'results', 'talk.json'), 'utf8')).toBe(before);
    expect(await call<ResultSummary[]>('listResults')).toMatchObject({ ok: true, value: [{ id: 'talk', preview: 'first version' }] });

    expect(await call('saveResult', { result: resultFor('other', 'stored now', 1) })).toMatchObject({ ok: true });
    expect(jsonFiles(path.join(dataDir, 'results'))).toEqual(['other.json', 'talk.json']);
    expect(internal).toEqual([]);
  });

  it('results folder unwritable: storage-unwritable naming the folder, and the rest of the app works', async () => {
    const dataDir = path.join(scratch, 'blocked');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'results'), 'a file where the results folder should be');
    const { call, internal } = app(dataDir);
    const reply = await call('saveResult', { result: resultFor('talk', 'hello', 1) });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'storage-unwritable', message: `The result for talk.wav could not be saved: ${path.join(dataDir, 'results')} cannot be written (a file is in the way of the folder). Nothing was written.` },
    });
    expect(jsonFiles(dataDir)).toEqual(['results']);
    expect(await call('listResults')).toEqual({ ok: true, value: [] });
    expect(await call('saveSettings', { settings: (await call<unknown>('getSettings') as { value: unknown }).value })).toMatchObject({ ok: true });
    expect(internal).toEqual([]);
  });

  it('the simulated full disk really writes half a file first (so the test above means something)', async () => {
    const file = path.join(scratch, 'probe.txt');
    disk.full = true;
    await expect(fsPromises.writeFile(file, 'abcdefgh')).rejects.toMatchObject({ code: 'ENOSPC' });
    disk.full = false;
    expect(readFileSync(file, 'utf8')).toBe('abcd');
  });
});

describe('an export that cannot be written', () => {
  it('export folder unwritable: storage-unwritable naming the folder; nothing written; the result still exports elsewhere', async () => {
    const dataDir = path.join(scratch, 'export-blocked');
    const blocked = path.join(scratch, 'export-blocked-target');
    writeFileSync(blocked, 'a file where the export folder should be');
    const { call, internal } = app(dataDir, bindAudioFrontEnd(), path.join(blocked, 'talk.srt'));
    expect(await call('saveResult', { result: resultFor('talk', 'hello there', 2) })).toMatchObject({ ok: true });
    expect(await call('exportResult', { id: 'talk', format: 'srt' })).toEqual({
      ok: false,
      error: { code: 'storage-unwritable', message: `The srt export of talk.wav could not be saved: ${blocked} cannot be written (a file is in the way of the folder). Nothing was written.` },
    });
    const elsewhere = path.join(scratch, 'export-ok', 'talk.txt');
    const second = app(dataDir, bindAudioFrontEnd(), elsewhere);
    expect(await second.call('exportResult', { id: 'talk', format: 'txt' })).toEqual({ ok: true, value: { path: elsewhere } });
    expect(readFileSync(elsewhere, 'utf8')).toBe('hello there\n');
    expect(internal).toEqual([]);
  });

  it('disk full mid-export: disk-full, and the file that was there before is left whole', async () => {
    const dataDir = path.join(scratch, 'export-full');
    const target = path.join(scratch, 'export-full-target', 'talk.txt');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, 'an earlier export\n');
    const { call, internal } = app(dataDir, bindAudioFrontEnd(), target);
    expect(await call('saveResult', { result: resultFor('talk', 'hello there', 2) })).toMatchObject({ ok: true });
    disk.full = true;
    try {
      expect(await call('exportResult', { id: 'talk', format: 'txt' })).toMatchObject({ ok: false, error: { code: 'disk-full', message: expect.stringContaining('The txt export of talk.wav could not be saved') } });
    } finally {
      disk.full = false;
    }
    expect(readFileSync(target, 'utf8')).toBe('an earlier export\n');
    expect(readdirSync(path.dirname(target))).toEqual(['talk.txt']);
    expect(internal).toEqual([]);
  });
});
