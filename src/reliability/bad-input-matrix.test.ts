// The bad-input matrix (issue 9, item 1): each row is something a user can get wrong (a file, a
// microphone, a model bundle, a contract call, a setting), driven through the entry point the user
// hits (a contract call through the call dispatcher and the real services, or the CLI), asserting the
// error the user sees, and then that the app still works (a good file still decodes, the batch goes
// on). Lower-level cases live next to their modules; this file is the user's view of all of them.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runTranscribe } from '../cli/transcribe-command';
import { serveCore, type PortLike } from '../core/worker';
import { createSupervisedCoreClient, type WorkerLike } from '../core/worker-supervisor';
import { bindAudioFrontEnd } from '../main/audio-binding';
import type { AudioPort } from '../main/audio-port';
import { createMicrophoneSource } from '../audio/microphone-source';
import type { RecorderBackend } from '../audio/recorder-backend';
import { fixture } from '../audio/fixtures/fixture-path';
import { createDispatcher, type Dispatch } from '../main/call-dispatcher';
import { createServices } from '../main/services';
import { DEFAULT_SETTINGS } from '../main/settings-store';
import type { CallReply, TranscriptionResult } from '../shared/contract';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const TINY = path.join(ROOT, 'src/core/fixtures/tiny-bundle');
const GOOD_WAV = fixture('wav/pcm16-mono-16000.wav');
const scratch = mkdtempSync(path.join(tmpdir(), 'bad-input-matrix-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// The app: the real services and audio front end behind the dispatcher; only the microphone's native
// layer is scripted (this machine has none), so the microphone source's own logic runs.
// ---------------------------------------------------------------------------------------------

let micDevices = ['Built-in Microphone', 'USB Headset'];
const scriptedRecorder: RecorderBackend = {
  listDevices: async () => micDevices,
  start: async (deviceIndex) => {
    if (deviceIndex === 1) throw { name: 'PvRecorderStatusDeviceAlreadyInitializedError', message: 'audio device is in use' };
    return { deviceName: micDevices[Math.max(0, deviceIndex)]!, stop: async () => {} };
  },
};
const audio: AudioPort = {
  ...bindAudioFrontEnd(),
  createMicrophoneSource: ({ deviceIndex }) => createMicrophoneSource({ deviceIndex, backend: scriptedRecorder }),
};
const dataDir = path.join(scratch, 'data');
mkdirSync(dataDir);
const internalErrors: unknown[] = [];
const dispatch: Dispatch = createDispatcher(
  createServices({
    appInfo: { version: '0.0.0', platform: 'linux', modelDir: path.join(scratch, 'models') },
    emit: () => {},
    chooseAudioFiles: async () => [],
    audio,
    dataDir,
    chooseExportPath: async () => '',
  }).handlers,
  (error) => internalErrors.push(error),
);

/**
 * A file read for transcription as the batch reads it: opened (openAudioStream or openDroppedAudioStream),
 * then read block by block to its end. The first failing reply, or the frames read.
 */
async function readThroughStream(call: string, input: unknown): Promise<CallReply<{ nFrames: number }>> {
  const opened = (await dispatch(call, input)) as CallReply<{ streamId: string }>;
  if (!opened.ok) return opened;
  let nFrames = 0;
  for (;;) {
    const block = (await dispatch('readAudioStream', opened.value)) as CallReply<{ nFrames: number; end?: unknown }>;
    if (!block.ok) return block;
    nFrames += block.value.nFrames;
    if (block.value.end) return { ok: true, value: { nFrames } };
  }
}
const STREAM_OPENERS = new Set(['openAudioStream', 'openDroppedAudioStream']);

/** The app still works: a good file still loads for transcription. */
async function appStillWorks(): Promise<void> {
  const reply = await readThroughStream('openAudioStream', { path: GOOD_WAV });
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  if (reply.ok) expect(reply.value.nFrames).toBeGreaterThan(0);
}

const result = (over: Partial<TranscriptionResult> = {}): TranscriptionResult => ({
  id: 'r1',
  source: '/audio/talk.wav',
  name: 'talk.wav',
  createdAt: '2026-11-23T21:00:00.000Z',
  model: 'default',
  durationS: 1,
  options: { beam: 1, iterations: 0 },
  text: 'hello',
  segments: [{ start: 0, end: 1, text: 'hello', words: [{ word: 'hello', start: 0, end: 0.5, confidence: 0.9 }] }],
  stats: { decoder: 'at', backend: 'wasm', audioS: 1, featureMs: 1, encoderMs: 1, decoderMs: 1, decoderSteps: 2, tokens: 1, tokensPerSecond: 1, rtf: 0.1, segments: 1 },
  ...over,
});

interface CallCase {
  area: 'file' | 'microphone' | 'contract' | 'settings';
  what: string;
  call: string;
  input: unknown;
  before?: () => void;
  code: string;
  message: RegExp;
}

const bad = (name: string) => fixture(`bad/${name}`);

const CALL_CASES: CallCase[] = [
  // Files (the batch's openAudioStream and readAudioStream; the file's path and the reason in the message)
  { area: 'file', what: 'an empty file', call: 'openAudioStream', input: { path: bad('empty.wav') }, code: 'empty', message: /empty\.wav: the file is empty \(0 bytes\)/ },
  { area: 'file', what: 'a single sample', call: 'openAudioStream', input: { path: bad('one-sample.wav') }, code: 'too-short', message: /one-sample\.wav: .*too short: 1 sample/ },
  { area: 'file', what: 'a WAV header cut off', call: 'openAudioStream', input: { path: bad('truncated-header.wav') }, code: 'truncated', message: /truncated-header\.wav: .*header is cut off/ },
  { area: 'file', what: 'random bytes named .wav', call: 'openAudioStream', input: { path: bad('random-bytes.wav') }, code: 'not-audio', message: /random-bytes\.wav: not a recognised audio file/ },
  { area: 'file', what: 'a text file named .mp3', call: 'openAudioStream', input: { path: bad('text.mp3') }, code: 'not-audio', message: /text\.mp3: not a recognised audio file/ },
  { area: 'file', what: 'ADPCM in WAV', call: 'openAudioStream', input: { path: bad('adpcm.wav') }, code: 'unsupported-codec', message: /adpcm\.wav: .*Microsoft ADPCM/ },
  { area: 'file', what: 'Speex in Ogg', call: 'openAudioStream', input: { path: bad('speex.ogg') }, code: 'unsupported-codec', message: /speex\.ogg: .*Speex/ },
  { area: 'file', what: 'a damaged FLAC', call: 'openAudioStream', input: { path: bad('damaged.flac') }, code: 'corrupt', message: /damaged\.flac: .*no audio could be decoded/ },
  { area: 'file', what: 'NaN samples', call: 'openAudioStream', input: { path: bad('nan.wav') }, code: 'invalid-samples', message: /nan\.wav: .*invalid sample values \(NaN\)/ },
  { area: 'file', what: 'infinite samples', call: 'openAudioStream', input: { path: bad('inf.wav') }, code: 'invalid-samples', message: /inf\.wav: .*Infinity/ },
  { area: 'file', what: 'a file that is not there', call: 'openAudioStream', input: { path: path.join(ROOT, 'gone.flac') }, code: 'not-found', message: /gone\.flac: file not found/ },
  { area: 'file', what: 'a folder', call: 'openAudioStream', input: { path: fixture('bad') }, code: 'unreadable', message: /bad: a folder, not a file/ },
  { area: 'file', what: 'a device file', call: 'openAudioStream', input: { path: '/dev/null' }, code: 'unreadable', message: /\/dev\/null: not a regular file/ },
  { area: 'file', what: 'dropped bytes that are not audio', call: 'openDroppedAudioStream', input: { name: 'talk.wav', bytes: new Uint8Array(4096).fill(7) }, code: 'not-audio', message: /^talk\.wav: not a recognised audio file/ },
  { area: 'file', what: 'a dropped empty file', call: 'openDroppedAudioStream', input: { name: 'nothing.wav', bytes: new Uint8Array(0) }, code: 'empty', message: /^nothing\.wav: the file is empty/ },
  // Microphone (startRecording / stopRecording)
  { area: 'microphone', what: 'a device index that is not there', call: 'startRecording', input: { source: { kind: 'microphone', deviceIndex: 7 } }, code: 'device-missing', message: /microphone #7 was not found\. Available: #0 "Built-in Microphone", #1 "USB Headset"/ },
  { area: 'microphone', what: 'a device in use elsewhere', call: 'startRecording', input: { source: { kind: 'microphone', deviceIndex: 1 } }, code: 'device-busy', message: /microphone "USB Headset" could not be opened \(audio device is in use\)\. It may be in use by another application/ },
  { area: 'microphone', what: 'no microphone at all', call: 'startRecording', input: { source: { kind: 'microphone', deviceIndex: -1 } }, before: () => (micDevices = []), code: 'device-missing', message: /No microphone was found/ },
  { area: 'microphone', what: 'an out-of-range device index', call: 'startRecording', input: { source: { kind: 'microphone', deviceIndex: 99999 } }, code: 'invalid-input', message: /startRecording: source\.deviceIndex: expected an integer in \[-1, 1024\]/ },
  { area: 'microphone', what: 'playing back a file that is not there', call: 'startRecording', input: { source: { kind: 'file', path: path.join(ROOT, 'gone.wav') } }, code: 'not-found', message: /gone\.wav: file not found/ },
  { area: 'microphone', what: 'stopping a session that does not exist', call: 'stopRecording', input: { sessionId: 'no-such-session' }, code: 'unknown-session', message: /No recording session no-such-session/ },
  // Contract calls (what a compromised or buggy page could send)
  { area: 'contract', what: 'a call that does not exist', call: 'deleteEverything', input: {}, code: 'unknown-call', message: /No call named "deleteEverything"/ },
  { area: 'contract', what: 'an inherited name', call: '__proto__', input: undefined, code: 'unknown-call', message: /No call named "__proto__"/ },
  { area: 'contract', what: 'a relative path', call: 'openAudioStream', input: { path: '../etc/passwd' }, code: 'invalid-input', message: /openAudioStream: path: expected an absolute file path/ },
  { area: 'contract', what: 'a path with a NUL byte', call: 'openAudioStream', input: { path: '/tmp/a.wav\0.txt' }, code: 'invalid-input', message: /path: expected an absolute file path/ },
  { area: 'contract', what: 'an extra key', call: 'openAudioStream', input: { path: GOOD_WAV, shell: 'rm -rf /' }, code: 'invalid-input', message: /openAudioStream: shell: expected no such key/ },
  { area: 'contract', what: 'arguments to a call that takes none', call: 'listResults', input: { all: true }, code: 'invalid-input', message: /listResults: input: expected no input/ },
  { area: 'contract', what: 'a result id that walks out of the results folder', call: 'readResult', input: { id: '../../settings' }, code: 'invalid-input', message: /result id "\.\.\/\.\.\/settings": expected letters, digits, _ or -/ },
  { area: 'contract', what: 'deleting with a path for an id', call: 'deleteResult', input: { id: '/etc/passwd' }, code: 'invalid-input', message: /expected letters, digits, _ or -/ },
  { area: 'contract', what: 'a result that is not stored', call: 'readResult', input: { id: 'never-saved' }, code: 'not-found', message: /No stored result never-saved/ },
  { area: 'contract', what: 'exporting to an unknown format', call: 'exportResult', input: { id: 'r1', format: 'exe' }, code: 'invalid-input', message: /exportResult: format: expected one of txt \| srt \| vtt \| json/ },
  { area: 'contract', what: 'dropped bytes sent as a number list', call: 'openDroppedAudioStream', input: { name: 'a.wav', bytes: [82, 73, 70, 70] }, code: 'invalid-input', message: /openDroppedAudioStream: bytes: expected bytes/ },
  { area: 'contract', what: 'a result with a NaN duration', call: 'saveResult', input: { result: result({ durationS: Number.NaN }) }, code: 'invalid-input', message: /saveResult: result\.durationS: expected a number/ },
  { area: 'contract', what: 'a result with a malformed word', call: 'saveResult', input: { result: result({ segments: [{ start: 0, end: 1, text: 'x', words: [{ word: 'x', start: 0 } as never] }] }) }, code: 'invalid-input', message: /result\.segments\[0\]\.words\[0\]\.end: expected a number/ },
  // Settings
  { area: 'settings', what: 'a beam of 0', call: 'saveSettings', input: { settings: { ...DEFAULT_SETTINGS, beam: 0 } }, code: 'invalid-input', message: /saveSettings: settings\.beam: expected an integer in \[1, 16\]/ },
  { area: 'settings', what: 'an unknown decoder', call: 'saveSettings', input: { settings: { ...DEFAULT_SETTINGS, decoder: 'rnnt' } }, code: 'invalid-input', message: /settings\.decoder: expected one of at \| nat \| ctc/ },
  { area: 'settings', what: 'an unknown setting', call: 'saveSettings', input: { settings: { ...DEFAULT_SETTINGS, telemetry: true } }, code: 'invalid-input', message: /settings\.telemetry: expected no such key/ },
  { area: 'settings', what: 'a missing setting', call: 'saveSettings', input: { settings: { ...DEFAULT_SETTINGS, backend: undefined } }, code: 'invalid-input', message: /settings\.backend: expected one of auto \| webgpu \| wasm/ },
  { area: 'settings', what: 'an empty bundle name', call: 'saveSettings', input: { settings: { ...DEFAULT_SETTINGS, bundle: '' } }, code: 'invalid-input', message: /settings\.bundle: expected a string of 1\.\.200 characters/ },
];

describe('bad input through the contract: a specific error for the user, and the app keeps working', () => {
  it.each(CALL_CASES)('$area: $what → $call → $code', async ({ call, input, before, code, message }) => {
    before?.();
    try {
      const reply = STREAM_OPENERS.has(call) ? await readThroughStream(call, input) : await dispatch(call, input);
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.code).toBe(code);
      expect(reply.error.message).toMatch(message);
      expect(reply.error.message).not.toMatch(/Internal error|at .+\.ts:\d+/); // no stack, no catch-all
    } finally {
      micDevices = ['Built-in Microphone', 'USB Headset'];
    }
    expect(internalErrors).toEqual([]);
    await appStillWorks();
  });

  it('leaves no temporary copy of a dropped file behind, even one named like a path', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('workbench-drop-')).length;
    const reply = await readThroughStream('openDroppedAudioStream', { name: '../../../../tmp/evil.wav', bytes: new Uint8Array(64).fill(1) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-audio', message: expect.stringMatching(/^\.\.\/\.\.\/\.\.\/\.\.\/tmp\/evil\.wav: not a recognised/) } });
    expect(existsSync('/tmp/evil.wav')).toBe(false);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('workbench-drop-')).length).toBe(before);
  });
});

describe('bad settings on disk: the app starts with defaults', () => {
  const settingsFile = path.join(dataDir, 'settings.json');

  it('a settings.json that is not JSON → all defaults', async () => {
    writeFileSync(settingsFile, '{"decoder": "nat", "beam":');
    expect(await dispatch('getSettings', undefined)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('one bad field → that field falls back, the others are kept', async () => {
    writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, decoder: 'nat', beam: 400, theme: 'neon' }));
    expect(await dispatch('getSettings', undefined)).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, decoder: 'nat' } });
  });

  it('a settings folder that cannot be written → storage-unwritable naming the folder, the old settings intact', async () => {
    const blocked = path.join(scratch, 'blocked');
    writeFileSync(blocked, 'a file where the data folder should be');
    const services = createServices({ appInfo: { version: '0', platform: 'linux', modelDir: scratch }, emit: () => {}, chooseAudioFiles: async () => [], audio, dataDir: path.join(blocked, 'data'), chooseExportPath: async () => '' });
    const reply = await createDispatcher(services.handlers, (e) => internalErrors.push(e))('saveSettings', { settings: DEFAULT_SETTINGS });
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage-unwritable', message: expect.stringMatching(/^The settings could not be saved: .*blocked\/data cannot be written \(a file is in the way of the folder\)\. Nothing was written\.$/) } });
    expect(readFileSync(blocked, 'utf8')).toBe('a file where the data folder should be');
    expect(internalErrors).toEqual([]);
  });

  it('saves that race each other all land, and the file holds the last', async () => {
    const beams = Array.from({ length: 12 }, (_, i) => i + 1);
    const replies = await Promise.all(beams.map((beam) => dispatch('saveSettings', { settings: { ...DEFAULT_SETTINGS, beam } })));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, beam: 12 });
    expect(readdirSync(dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The CLI: one batch of every bad file among good ones; and bad model bundles (exit 2).
// ---------------------------------------------------------------------------------------------

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runTranscribe(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, root: ROOT });
  return { code, stdout, stderr };
}

describe('the CLI: every bad file named with its reason, the good ones transcribed, exit 1', () => {
  it('runs a batch of bad files between good ones', async () => {
    const files = ['empty.wav', 'one-sample.wav', 'truncated-header.wav', 'random-bytes.wav', 'text.mp3', 'adpcm.wav', 'speex.ogg', 'damaged.flac', 'nan.wav', 'inf.wav'];
    const good1 = path.join(ROOT, 'src/core/fixtures/audio/espeak-1.wav');
    const good2 = path.join(ROOT, 'src/core/fixtures/audio/espeak-2.wav');
    const { code, stdout, stderr } = await cli(good1, ...files.map(bad), path.join(scratch, 'missing.wav'), good2, '--model', TINY, '--decoder', 'ctc', '--format', 'json');
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file)).toEqual(['src/core/fixtures/audio/espeak-1.wav', 'src/core/fixtures/audio/espeak-2.wav']);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(files.length + 1);
    const reasons = [/empty/, /too short/, /header is cut off/, /not a recognised audio file/, /not a recognised audio file/, /Microsoft ADPCM/, /Speex/, /no audio could be decoded/, /NaN/, /Infinity/, /file not found/];
    [...files, 'missing.wav'].forEach((name, i) => {
      expect(lines[i]).toMatch(new RegExp(`^transcribe: \\S*${name.replace('.', '\\.')}: `));
      expect(lines[i]).toMatch(reasons[i]!);
    });
  });
});

describe('bad model bundles: a clear error, exit 2 from the CLI, a typed error from the app’s worker', () => {
  const bundle = (name: string, change: (folder: string) => void) => {
    const folder = path.join(scratch, name);
    cpSync(TINY, folder, { recursive: true });
    change(folder);
    return folder;
  };
  const json = () => JSON.parse(readFileSync(path.join(TINY, 'model.json'), 'utf8')) as Record<string, any>;
  const BUNDLES: { what: string; folder: () => string; message: RegExp }[] = [
    { what: 'no bundle there', folder: () => path.join(scratch, 'no-such-bundle'), message: /model\.json is missing \(choose a bundle with --model DIR\)/ },
    { what: 'model.json not JSON', folder: () => bundle('not-json', (f) => writeFileSync(path.join(f, 'model.json'), '{"format":')), message: /model\.json/ },
    { what: 'another format', folder: () => bundle('other-format', (f) => writeFileSync(path.join(f, 'model.json'), JSON.stringify({ ...json(), format: 'whisper' }))), message: /format.*is "whisper", expected "s2s-workbench-bundle"/ },
    { what: 'a newer version', folder: () => bundle('version-9', (f) => writeFileSync(path.join(f, 'model.json'), JSON.stringify({ ...json(), version: 9 }))), message: /version.*is 9; this workbench reads version 1/ },
    { what: 'a part missing', folder: () => bundle('no-nat', (f) => rmSync(path.join(f, 'nat.onnx'))), message: /nat\.onnx is missing/ },
    { what: 'a part that is not ONNX', folder: () => bundle('garbage-encoder', (f) => writeFileSync(path.join(f, 'encoder.onnx'), 'not a model')), message: /encoder\.onnx is not a loadable ONNX model/ },
    { what: 'features the front end does not compute', folder: () => bundle('hop-320', (f) => writeFileSync(path.join(f, 'model.json'), JSON.stringify({ ...json(), features: { ...json()['features'], hopSize: 320 } }))), message: /features do not match the audio front end \(hopSize: bundle 320, front end 160\)/ },
  ];

  it.each(BUNDLES)('$what → transcribe --model → exit 2', async ({ folder, message }) => {
    const { code, stdout, stderr } = await cli(path.join(ROOT, 'src/core/fixtures/audio/espeak-1.wav'), '--model', folder());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^transcribe: /);
    expect(stderr).toMatch(message);
  });

  describe('through the worker protocol the page uses', () => {
    let channel: MessageChannel;
    beforeAll(() => {
      channel = new MessageChannel();
      serveCore(channel.port1 as unknown as PortLike);
    });
    afterAll(() => {
      channel.port1.close();
      channel.port2.close();
    });

    it('a bundle URL with nothing behind it → BundleError unreadable naming model.json, and the worker still answers', async () => {
      const port = channel.port2;
      const client = createSupervisedCoreClient(() => Object.assign(port, { onerror: null, terminate: () => port.close() }) as unknown as WorkerLike);
      // A URL nothing listens on: the fetch fails, as a bundle folder removed under the app would.
      await expect(client.load({ bundleUrl: 'http://127.0.0.1:9/models/gone/', backend: 'wasm', numThreads: 1 })).rejects.toMatchObject({
        name: 'BundleError',
        code: 'unreadable',
        file: 'model.json',
        message: expect.stringMatching(/models\/gone\/model\.json: cannot be fetched/),
      });
      await expect(client.recognise({ features: new Float32Array(80), nFrames: 1, options: { decoder: 'ctc' } })).rejects.toThrow(/no model is loaded: send a load request first/);
    });
  });
});
