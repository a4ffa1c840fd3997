// The CLI end to end (in process): every format, bad files reported by name while the others still
// come out, and the exit code.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UNSURE_BELOW } from '../core';
import { decodeFile } from '../audio';
import { encodeWav } from '../audio/fixtures/encode-wav';
import { parseArguments, UsageError } from './arguments';
import { runTranscribe } from './transcribe-command';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const ROOT = path.resolve(import.meta.dirname, '../..');
const TINY = 'src/core/fixtures/tiny-bundle';
const AUDIO = 'src/core/fixtures/audio';
const scratch = mkdtempSync(path.join(tmpdir(), 'cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runTranscribe(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: ROOT, root: ROOT });
  return { code, stdout, stderr };
}

describe('arguments', () => {
  it('parses the documented options', () => {
    const args = parseArguments(['a.wav', '--decoder', 'nat', '--iterations=3', '--window', '16,2', '--format', 'vtt', 'b.wav'], 'models/default');
    expect(args).toMatchObject({ inputs: ['a.wav', 'b.wav'], decoder: 'nat', iterations: 3, window: { left: 16, right: 2 }, format: 'vtt', model: 'models/default' });
    expect(parseArguments(['x', '--window', 'full'], 'm').window).toBeUndefined();
    expect(parseArguments(['x', '--ctc-weight', '0.3'], 'm').ctcWeight).toBe(0.3);
    expect(parseArguments(['x'], 'm').ctcWeight).toBeUndefined();
    expect(parseArguments(['x', '--lm-weight', '0.5'], 'm').lmWeight).toBe(0.5);
    expect(parseArguments(['x'], 'm').lmWeight).toBeUndefined();
    expect(parseArguments(['x', '--word-lm-weight', '0.7', '--oov-penalty=14'], 'm')).toMatchObject({ wordLmWeight: 0.7, oovPenalty: 14 });
    expect(parseArguments(['x'], 'm')).toMatchObject({ wordLmWeight: undefined, oovPenalty: undefined });
    // The decoder defaults to the app's (rescoring); each decoder's beam to the app's: AT 8, CTC 16, rescoring 0 (the
    // bundle's n-best); --beam wins wherever it stands.
    expect(parseArguments(['x'], 'm').decoder).toBe('rescore');
    const beams = [[], ['--decoder', 'at'], ['--decoder', 'ctc'], ['--beam', '2', 'x', '--decoder', 'ctc']].map((a) => parseArguments(['x', ...a], 'm').beam);
    expect(beams).toEqual([0, 8, 16, 2]);
    // WASM threads: one per core unless told (onnxruntime-web's threads run in Node as worker threads)
    expect(parseArguments(['x'], 'm').threads).toBe(availableParallelism());
    expect(parseArguments(['x', '--threads', '1'], 'm').threads).toBe(1);
  });
  it.each([
    [['--decoder', 'rnnt', 'x'], /--decoder must be one of at, nat, ctc/],
    [['--beam', '0', 'x'], /--beam must be a whole number >= 1/],
    [['--threads', '0', 'x'], /--threads must be a whole number >= 1/],
    [['--window', '16', 'x'], /--window takes LEFT,RIGHT/],
    [['--ctc-weight', '1', 'x'], /--ctc-weight must be a number from 0 up to \(not including\) 1, got "1"/],
    [['--lm-weight', '-0.1', 'x'], /--lm-weight must be a number >= 0, got "-0.1"/],
    [['--word-lm-weight', 'x', 'y'], /--word-lm-weight must be a number >= 0, got "x"/],
    [['--oov-penalty', '-1', 'x'], /--oov-penalty must be a number >= 0, got "-1"/],
    [['--frobnicate', '1', 'x'], /unknown option --frobnicate/],
    [['--trace', 'x'], /--trace needs --format json/],
    [[], /no input files/],
  ])('rejects %j', (argv, message) => expect(() => parseArguments(argv, 'm')).toThrow(message));
  it('is a UsageError', () => expect(() => parseArguments([], 'm')).toThrow(UsageError));
});

describe('npm run transcribe', () => {
  it('prints one JSON object per file per line; a bad file is named on stderr, the others still come out, exit 1', async () => {
    const bad = path.join(scratch, 'bad.wav');
    writeFileSync(bad, 'RIFF but not really audio');
    const { code, stdout, stderr } = await run(AUDIO, bad, path.join(scratch, 'missing.flac'), '--model', TINY, '--format', 'json', '--decoder', 'at', '--beam', '2');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([`${AUDIO}/espeak-1.wav`, `${AUDIO}/espeak-2.wav`]);
    for (const line of lines) {
      expect(line).toMatchObject({ stats: { decoder: 'at' }, options: { beam: 2 }, text: expect.any(String), words: expect.any(Array), unsureBelow: UNSURE_BELOW.at });
      expect(JSON.stringify(line)).not.toContain('"ctc"'); // the stored posteriors are the app's, not the reader's
      expect(Object.keys(line.stats)).toEqual(expect.arrayContaining(['featureMs', 'encoderMs', 'decoderMs', 'rtf', 'backend']));
      expect(line.stats.backend).toBe('wasm');
      for (const w of line.words) expect(Object.keys(w)).toEqual(expect.arrayContaining(['word', 'start', 'end']));
    }
    expect(stderr).toMatch(new RegExp(`transcribe: ${bad}: .+`));
    expect(stderr).toMatch(/missing\.flac: file not found/);
    expect(code).toBe(1);
  });

  it('--trace: each segment carries its decoding trace, and the record still parses', async () => {
    const { code, stdout } = await run(`${AUDIO}/espeak-1.wav`, '--model', TINY, '--format', 'json', '--decoder', 'at', '--beam', '2', '--trace');
    expect(code).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.segments.length).toBeGreaterThan(0);
    for (const segment of record.segments) {
      const { decoder, ctc } = segment.trace;
      expect(decoder).toMatchObject({ kind: 'at', beam: 2, steps: expect.any(Array), nBest: expect.any(Array) });
      expect(decoder.nBest[0].text.trim()).toBe(segment.text);
      expect(decoder.steps[0].hypotheses[0]).toMatchObject({ parent: -1, score: 0, next: expect.any(Array), stop: expect.any(Number) });
      expect(ctc.blank.length).toBe(ctc.token.length);
      expect(ctc.blank.length).toBeGreaterThan(0);
    }
    const untraced = JSON.parse((await run(`${AUDIO}/espeak-1.wav`, '--model', TINY, '--format', 'json', '--decoder', 'at', '--beam', '2')).stdout);
    expect(JSON.stringify(untraced)).not.toContain('"trace"');
    expect(untraced.text).toBe(record.text);
  });

  it('exits 0 when every file succeeds, and prints txt lines prefixed with the file for several files', async () => {
    const { code, stdout, stderr } = await run(`${AUDIO}/espeak-1.wav`, `${AUDIO}/espeak-2.wav`, '--model', TINY, '--decoder', 'ctc', '--beam', '1', '--window', '16,2');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // CTC greedy with window 16/2 on the tiny bundle gives the recipe's fixture texts
    expect(stdout).toBe(`${AUDIO}/espeak-1.wav\tdid\n${AUDIO}/espeak-2.wav\tdjdid\n`);
  });

  it('writes SubRip and WebVTT captions, to stdout or to --output-dir', async () => {
    const srt = await run(`${AUDIO}/espeak-2.wav`, '--model', TINY, '--decoder', 'ctc', '--beam', '1', '--window', '16,2', '--format', 'srt');
    expect(srt.stdout).toMatch(/^1\n00:00:\d\d,\d\d\d --> 00:00:\d\d,\d\d\d\ndjdid\n/);
    const out = path.join(scratch, 'captions');
    const vtt = await run(AUDIO, '--model', TINY, '--decoder', 'ctc', '--beam', '1', '--window', '16,2', '--format', 'vtt', '--output-dir', out);
    expect(vtt.code).toBe(0);
    expect(readFileSync(path.join(out, 'espeak-1.vtt'), 'utf8')).toMatch(/^WEBVTT\n\n00:00:\d\d\.\d\d\d --> 00:00:\d\d\.\d\d\d\ndid\n/);
  });

  it('stops with exit 2 on a bad model bundle or bad arguments', async () => {
    const broken = path.join(scratch, 'broken-bundle');
    cpSync(path.join(ROOT, TINY), broken, { recursive: true });
    rmSync(path.join(broken, 'nat.onnx'));
    const missing = await run(`${AUDIO}/espeak-1.wav`, '--model', broken);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot load the model bundle: .*nat\.onnx is missing/);
    // The tiny bundle has no language model: asking for one stops before any file, once.
    const noLm = await run(`${AUDIO}/espeak-1.wav`, `${AUDIO}/espeak-2.wav`, '--model', TINY, '--beam', '2', '--lm-weight', '0.3');
    expect(noLm.code).toBe(2);
    expect(noLm.stderr).toMatch(/^transcribe: --lm-weight: a language-model weight of 0\.3 was asked for, but the bundle at .*tiny-bundle has no language model \(files\.lm\)\n$/);
    expect(noLm.stdout).toBe('');
    const noWords = await run(`${AUDIO}/espeak-1.wav`, '--model', TINY, '--decoder', 'ctc', '--lm-weight', '0', '--word-lm-weight', '0.7');
    expect(noWords.code).toBe(2);
    expect(noWords.stderr).toMatch(/^transcribe: --lm-weight\/--word-lm-weight: a word language-model weight of 0\.7 was asked for, but the bundle at .*tiny-bundle has no word language model \(files\.wordLm\)\n$/);
    const usage = await run('--beam', 'x');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--beam must be a whole number[\s\S]*usage: npm run transcribe/);
  });

  it('cuts a long file at pauses and keeps word times in file time', async () => {
    const speech = (await decodeFile(path.join(ROOT, AUDIO, 'espeak-1.wav'))).samples;
    const pause = new Float32Array(8000);
    const parts = Array.from({ length: 14 }, () => [speech, pause]).flat();
    const long = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (long.set(p, at), at + p.length), 0);
    const file = path.join(scratch, 'long.wav');
    writeFileSync(file, encodeWav([long], { sampleRate: 16000, encoding: 'pcm16' }));
    const { code, stdout } = await run(file, '--model', TINY, '--decoder', 'ctc', '--beam', '1', '--window', '16,2', '--max-segment', '12', '--format', 'json');
    expect(code).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.stats.audioS).toBeCloseTo(long.length / 16000, 2);
    expect(record.segments.length).toBeGreaterThanOrEqual(5);
    record.segments.forEach((seg: { start: number; end: number }, i: number) => {
      expect(seg.end - seg.start).toBeLessThanOrEqual(12.001);
      if (i > 0) expect(seg.start).toBeCloseTo(record.segments[i - 1].end, 3);
    });
    // every cut falls in one of the half-second pauses
    const period = (speech.length + pause.length) / 16000;
    for (const seg of record.segments.slice(1)) expect(seg.start % period).toBeGreaterThanOrEqual(speech.length / 16000 - 0.011);
    const starts = record.words.map((w: { start: number }) => w.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(Math.max(...record.words.map((w: { end: number }) => w.end))).toBeGreaterThan(40);
  });

  it('reports an empty folder', async () => {
    const empty = path.join(scratch, 'empty');
    cpSync(path.join(ROOT, TINY), empty, { recursive: true }); // a folder with no audio in it
    const { code, stderr } = await run(empty, '--model', TINY);
    expect(code).toBe(1);
    expect(stderr).toMatch(/empty: no audio files in this folder/);
  });
});
