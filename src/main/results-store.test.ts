import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNSURE_BELOW } from '../core/confidence';
import type { TranscriptionResult } from '../shared/contract';
import { exportFileName, exportText } from './result-export';
import { ResultsStore } from './results-store';
import { DEFAULT_SETTINGS, SettingsStore } from './settings-store';

const result = (over: Partial<TranscriptionResult> = {}): TranscriptionResult => ({
  id: 'r1',
  source: '/audio/talk.wav',
  name: 'talk.wav',
  createdAt: '2026-11-23T21:00:00.000Z',
  model: 'default',
  durationS: 2,
  options: { beam: 1, iterations: 0 },
  text: 'hello world',
  segments: [{ start: 0, end: 2, text: 'hello world', words: [{ word: 'hello', start: 0.1, end: 0.5, confidence: 0.9 }, { word: 'world', start: 0.6, end: 1.2, confidence: 0.8 }] }],
  stats: { decoder: 'at', backend: 'wasm', audioS: 2, featureMs: 1, encoderMs: 10, decoderMs: 20, decoderSteps: 12, tokens: 11, tokensPerSecond: 550, rtf: 0.015, segments: 1 },
  ...over,
});

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'results-store-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('ResultsStore', () => {
  it('writes one JSON per result, lists newest first, reads and removes', async () => {
    const store = new ResultsStore(path.join(folder, 'results'));
    expect(await store.list()).toEqual([]);
    await store.save(result());
    await store.save(result({ id: 'r2', name: 'b.wav', createdAt: '2026-11-23T22:00:00.000Z' }));
    expect((await readdir(path.join(folder, 'results'))).sort()).toEqual(['r1.json', 'r2.json']);
    expect((await store.list()).map((s) => s.id)).toEqual(['r2', 'r1']);
    expect(await store.read('r1')).toEqual(result());
    await store.remove('r1');
    await expect(store.read('r1')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('skips unreadable files and refuses ids that are not plain names', async () => {
    const store = new ResultsStore(folder);
    await writeFile(path.join(folder, 'broken.json'), '{');
    await store.save(result());
    expect((await store.list()).map((s) => s.id)).toEqual(['r1']);
    await expect(store.read('../etc/passwd')).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('SettingsStore', () => {
  it('falls back to defaults, keeps valid fields, and round-trips', async () => {
    const store = new SettingsStore(folder);
    expect(await store.read()).toEqual(DEFAULT_SETTINGS);
    await writeFile(path.join(folder, 'settings.json'), JSON.stringify({ decoder: 'nat', beam: 99, theme: 'dark' }));
    expect(await store.read()).toEqual({ ...DEFAULT_SETTINGS, decoder: 'nat', theme: 'dark' });
    await store.write({ ...DEFAULT_SETTINGS, beam: 4 });
    expect((await store.read()).beam).toBe(4);
  });
});

describe('exports', () => {
  it('writes text, captions and JSON', () => {
    expect(exportText(result(), 'txt')).toBe('hello world\n');
    expect(exportText(result(), 'srt')).toBe('1\n00:00:00,100 --> 00:00:01,200\nhello world\n');
    expect(exportText(result(), 'vtt')).toBe('WEBVTT\n\n00:00:00.100 --> 00:00:01.200\nhello world\n');
    // an unedited result as stored, plus the threshold below which its decoder's words are marked unsure
    expect(JSON.parse(exportText(result(), 'json'))).toEqual({ ...result(), unsureBelow: UNSURE_BELOW.at });
    expect(exportFileName(result(), 'srt')).toBe('talk.srt');
  });
});
