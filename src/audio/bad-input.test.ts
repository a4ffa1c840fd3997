import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AudioError, type AudioErrorCode } from './audio-error';
import { decodeFile } from './decode-file';
import { decodeFiles } from './decode-files';
import { fixture, FIXTURES_DIR } from './fixtures/fixture-path';

async function decodeError(file: string): Promise<AudioError> {
  const error = await decodeFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioError);
  return error as AudioError;
}

const BAD_FILES: { file: string; code: AudioErrorCode; reason: RegExp }[] = [
  { file: 'bad/empty.wav', code: 'empty', reason: /empty \(0 bytes\)/ },
  { file: 'bad/one-sample.wav', code: 'too-short', reason: /too short: 1 sample/ },
  { file: 'bad/truncated-header.wav', code: 'truncated', reason: /header is cut off/ },
  { file: 'bad/random-bytes.wav', code: 'not-audio', reason: /not a recognised audio file/ },
  { file: 'bad/text.mp3', code: 'not-audio', reason: /not a recognised audio file/ },
  { file: 'bad/adpcm.wav', code: 'unsupported-codec', reason: /Microsoft ADPCM/ },
  { file: 'bad/speex.ogg', code: 'unsupported-codec', reason: /Speex/ },
  { file: 'bad/damaged.flac', code: 'corrupt', reason: /no audio could be decoded/ },
  { file: 'bad/nan.wav', code: 'invalid-samples', reason: /invalid sample values \(NaN\) from 0\.250 s/ },
  { file: 'bad/inf.wav', code: 'invalid-samples', reason: /Infinity/ },
];

describe('bad input gives a typed error naming the file and the reason', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bad-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(BAD_FILES)('$file → $code', async ({ file, code, reason }) => {
    const full = fixture(file);
    const error = await decodeError(full);
    expect(error.code).toBe(code);
    expect(error.file).toBe(full);
    expect(error.message).toContain(full);
    expect(error.message).toMatch(reason);
  });

  it('a missing path → not-found', async () => {
    const missing = path.join(FIXTURES_DIR, 'no-such-file.wav');
    const error = await decodeError(missing);
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`${missing}: file not found`);
  });

  it('a RIFF header cut off before WAVE → truncated', async () => {
    const short = path.join(dir, 'riff-only.wav');
    writeFileSync(short, 'RIFF\x10\0\0\0');
    const error = await decodeError(short);
    expect(error.code).toBe('truncated');
    expect(error.message).toBe(`${short}: the WAV header is cut off after 8 bytes`);
  });

  it('a folder → unreadable', async () => {
    const error = await decodeError(FIXTURES_DIR);
    expect(error.code).toBe('unreadable');
    expect(error.message).toContain(FIXTURES_DIR);
    expect(error.message).toMatch(/folder/);
  });

  // root reads files whatever their mode, so this can only be seen as another user.
  it.skipIf(process.getuid?.() === 0)('a file without read permission → unreadable', async () => {
    const locked = path.join(dir, 'locked.wav');
    writeFileSync(locked, 'RIFF');
    chmodSync(locked, 0o000);
    const error = await decodeError(locked);
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/permission denied/);
  });

  it('a truncated MP3 decodes what is there (less than half a second here), without crashing', async () => {
    const audio = await decodeFile(fixture('bad/truncated.mp3'));
    expect(audio.durationS).toBeGreaterThan(0.1);
    expect(audio.durationS).toBeLessThan(0.6);
  });

  it('cancelling → aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await decodeFile(fixture('wav/pcm16-mono-16000.wav'), { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as AudioError).code).toBe('aborted');
  });
});

describe('conditions that decode with a warning', () => {
  it('all silence → silence warning', async () => {
    const audio = await decodeFile(fixture('bad/silence.wav'));
    expect(audio.warnings).toEqual([{ code: 'silence', message: expect.stringContaining(fixture('bad/silence.wav')) }]);
    expect(audio.warnings[0]!.message).toMatch(/silent \(peak -∞ dBFS\)/);
  });

  it('clipping → clipping warning', async () => {
    const audio = await decodeFile(fixture('bad/clipping.wav'));
    expect(audio.warnings.map((w) => w.code)).toEqual(['clipping']);
    expect(audio.warnings[0]!.message).toContain(fixture('bad/clipping.wav'));
    expect(audio.warnings[0]!.message).toMatch(/% of samples at full scale/);
  });

  it('data shorter than the header says → truncated warning, the part present decoded', async () => {
    const audio = await decodeFile(fixture('bad/truncated-data.wav'));
    expect(audio.durationS).toBe(0.25);
    expect(audio.warnings.map((w) => w.code)).toEqual(['truncated']);
    expect(audio.warnings[0]!.message).toContain(fixture('bad/truncated-data.wav'));
  });

  it('clean speech has no warnings', async () => {
    expect((await decodeFile(fixture('formats/reference-16000.wav'))).warnings).toEqual([]);
  });
});

describe('a batch goes on past failures', () => {
  it('returns every good file and a typed error for every bad one, in order', async () => {
    const paths = [
      fixture('wav/pcm16-mono-16000.wav'),
      fixture('bad/random-bytes.wav'),
      fixture('formats/speech.mp3'),
      path.join(FIXTURES_DIR, 'missing.flac'),
      fixture('bad/nan.wav'),
      fixture('bad/empty.wav'),
      fixture('formats/speech-opus.webm'),
    ];
    const finished = new Set<number>();
    const results = await decodeFiles(paths, { onProgress: (index, fraction) => fraction === 1 && finished.add(index) });
    expect(results.map((r) => r.path)).toEqual(paths);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'not-audio', 'ok', 'not-found', 'invalid-samples', 'empty', 'ok']);
    for (const result of results) {
      if (result.ok) expect(result.audio.samples.length).toBeGreaterThan(0);
      else expect(result.error.message).toContain(result.path);
    }
    expect([...finished]).toEqual([0, 2, 6]); // progress reaches 1 for every file that decoded
  });
});
