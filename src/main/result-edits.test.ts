// Edits kept with a stored result: the edited text beside the decoder's, re-timed against the stored CTC
// posteriors (here the shipped model's for the espeak-1 fixture, "the quick brown fox jumps over the lazy
// dog"), surviving a restart (a second store over the same folder), and written by every export; bad
// edits refused with a message, the file on disk unchanged.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFloat32File } from '../cli/folder-bundle-reader';
import { UNSURE_BELOW } from '../core/confidence';
import { ctcDecode } from '../core/ctc';
import type { EncoderOutput } from '../core/encoder';
import { storePosteriors } from '../core/posteriors';
import { tokenTimes, wordTimings } from '../core/timing';
import { TokenTable } from '../core/tokens';
import type { TranscriptionResult } from '../shared/contract';
import { createDispatcher } from './call-dispatcher';
import { editSegment } from './result-edits';
import { exportText } from './result-export';
import { ResultsStore } from './results-store';
import { createServices } from './services';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODEL = path.join(ROOT, 'models/default/model.json');
const CTC = path.join(ROOT, 'src/core/fixtures/default-reference/espeak-1.full.ctc.f32');
const present = existsSync(MODEL) && existsSync(CTC);
const FRAME_S = 0.04;

let decoded: TranscriptionResult;
let folder: string;

beforeAll(async () => {
  if (!present) return;
  const tokens = new TokenTable((JSON.parse(readFileSync(MODEL, 'utf8')) as { tokens: ConstructorParameters<typeof TokenTable>[0] }).tokens);
  const logProbs = await readFloat32File(CTC);
  const frames = logProbs.length / tokens.size;
  const ctc = ctcDecode({ frames, vocabulary: tokens.size, ctcLogProbs: logProbs } as EncoderOutput, tokens);
  const words = wordTimings(ctc.tokens, tokenTimes(ctc, FRAME_S, 1), ctc.confidences, tokens);
  const text = words.map((w) => w.word).join(' ');
  // The fixture's audio as the second of two segments, 1 s into the file: edits must land in file time.
  decoded = {
    id: 'r1',
    source: '/audio/fox.wav',
    name: 'fox.wav',
    createdAt: '2026-12-07T13:00:00.000Z',
    model: 'default',
    durationS: 1 + frames * FRAME_S,
    options: { beam: 1, iterations: 0 },
    text: `hello ${text}`,
    segments: [
      { start: 0, end: 1, text: 'hello', words: [{ word: 'hello', start: 0.2, end: 0.6, confidence: 0.9 }] },
      { start: 1, end: 1 + frames * FRAME_S, text, words, ctc: storePosteriors({ logProbs, frames, vocabulary: tokens.size }, tokens, FRAME_S) },
    ],
    stats: { decoder: 'ctc', backend: 'wasm', audioS: 1 + frames * FRAME_S, featureMs: 1, encoderMs: 10, decoderMs: 1, decoderSteps: 0, tokens: ctc.tokens.length, tokensPerSecond: 1, rtf: 0.01, segments: 2 },
  };
});

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'result-edits-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe.skipIf(!present)('editing a stored result', () => {
  it('keeps the edit beside the decoder\'s output, re-timed, across a restart, and every export writes it', async () => {
    const store = new ResultsStore(folder);
    await store.save(decoded);
    const original = decoded.segments[1]!;
    const edit = ['The', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog.'].join(' ');
    const edited = await store.edit('r1', 1, `  ${edit.replace(' ', '   ')} `);

    const after = await new ResultsStore(folder).read('r1'); // a restart: a new store over the same folder
    expect(after).toEqual(edited);
    const segment = after.segments[1]!;
    expect(segment.text).toBe(original.text); // the decoder's output is never overwritten
    expect(segment.words).toEqual(original.words);
    expect(segment.edit!.text).toBe(edit);
    expect(segment.edit!.words.map((w) => w.word)).toEqual(edit.split(' '));
    expect(segment.edit!.words.every((w) => w.aligned)).toBe(true);
    // In file time, inside the segment, in order; the words the decoder got right keep its times (within 2 frames).
    segment.edit!.words.forEach((w, i, all) => {
      expect(w.start).toBeGreaterThanOrEqual(1);
      expect(w.end).toBeLessThanOrEqual(segment.end + 1e-9);
      expect(w.end).toBeGreaterThan(w.start);
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual(all[i - 1]!.end);
    });
    const same = (word: string, index: number) => original.words.find((w, j) => w.word === word && Math.abs(j - index) <= 1);
    const kept = segment.edit!.words.filter((w, i) => same(w.word.toLowerCase(), i));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    for (const w of kept) {
      const before = same(w.word.toLowerCase(), segment.edit!.words.indexOf(w))!;
      expect(Math.abs(w.start - before.start)).toBeLessThanOrEqual(2 * FRAME_S + 1e-9);
    }
    expect(after.segments[0]).toEqual(decoded.segments[0]);
    expect((await new ResultsStore(folder).list())[0]!.preview).toBe(`hello ${edit}`);

    expect(exportText(after, 'txt')).toBe(`hello\n${edit}\n`);
    const srt = exportText(after, 'srt');
    expect(srt).toContain('The quick brown');
    const replaced = original.words.map((w) => w.word).filter((w) => !edit.toLowerCase().split(' ').includes(w));
    expect(replaced.length).toBeGreaterThan(0);
    for (const word of replaced) expect(srt).not.toMatch(new RegExp(`\\b${word}\\b`));
    expect(exportText(after, 'vtt')).toMatch(/^WEBVTT\n\n00:00:00\.200 --> 00:00:00\.600\nhello\n\n00:00:01\.\d{3} --> /);
    const json = JSON.parse(exportText(after, 'json')) as { unsureBelow: number; text: string; decodedText: string; segments: { text: string; edited?: boolean; decoded?: { text: string }; ctc?: unknown; words: { word: string }[] }[] };
    expect(json.text).toBe(`hello ${edit}`);
    expect(json.unsureBelow).toBe(UNSURE_BELOW.ctc);
    expect(json.decodedText).toBe(decoded.text);
    expect(json.segments[1]).toMatchObject({ text: edit, edited: true, decoded: { text: original.text } });
    expect(json.segments[1]!.words.map((w) => w.word)).toEqual(edit.split(' '));
    expect(json.segments.some((s) => 'ctc' in s)).toBe(false);
  });

  it('edits sent together are kept together (each reads what the one before wrote)', async () => {
    const store = new ResultsStore(folder);
    const timed = decoded.segments[1]!;
    await store.save({ ...decoded, segments: [{ ...timed, start: 0, end: timed.end - 1 }, timed] });
    await Promise.all([store.edit('r1', 0, 'the quick brown fox'), store.edit('r1', 1, 'jumps over the lazy dog')]);
    const after = await new ResultsStore(folder).read('r1');
    expect(after.segments.map((s) => s.edit?.text)).toEqual(['the quick brown fox', 'jumps over the lazy dog']);
  });

  it('an edit back to the decoder\'s text removes the edit', async () => {
    const store = new ResultsStore(folder);
    await store.save(decoded);
    await store.edit('r1', 1, 'the quick brown fox');
    const reverted = await store.edit('r1', 1, decoded.segments[1]!.text);
    expect(reverted).toEqual(decoded);
    expect(await new ResultsStore(folder).read('r1')).toEqual(decoded);
  });

  it.each<[string, (r: TranscriptionResult) => TranscriptionResult, number, string, RegExp]>([
    ['an empty segment', (r) => r, 1, '   ', /Segment 2 of fox\.wav would be empty/],
    ['digits', (r) => r, 1, 'the 5 foxes', /"5" has digits, which the model cannot spell: write the number in words/],
    ['a symbol for a word', (r) => r, 1, 'the fox # jumps', /"#" has no letters the model can spell/],
    ['a segment that is not there', (r) => r, 7, 'fox', /fox\.wav has 2 segments; there is no segment 8/],
    ['more text than the audio can hold', (r) => r, 1, Array.from({ length: 30 }, () => 'abcdefgh').join(' '), /characters do not fit the \d+ frames of its audio/],
    ['no stored posteriors, audio gone', (r) => ({ ...r, segments: r.segments.map(({ ctc: _, ...s }) => s) }), 1, 'the fox', /stored without the model's CTC posteriors, and its audio \/audio\/fox\.wav is gone/],
  ])('refuses %s with a message, changing nothing', async (_, prepare, index, text, message) => {
    const store = new ResultsStore(folder);
    const prepared = prepare(decoded);
    await store.save(prepared);
    if (prepared.segments[1]!.ctc) await store.edit('r1', 1, 'the quick brown fox jumps over the lazy dog'); // an earlier edit, which a refused one must not lose
    const before = await readFile(path.join(folder, 'r1.json'), 'utf8');
    if (prepared.segments[1]!.ctc) expect(before).toContain('"the quick brown fox jumps over the lazy dog"');
    const refusal = store.edit('r1', index, text);
    await expect(refusal).rejects.toMatchObject({ code: 'invalid-edit', message: expect.stringMatching(message) });
    await expect(refusal).rejects.toMatchObject({ message: expect.stringMatching(/Nothing was changed\.$/) });
    expect(await readFile(path.join(folder, 'r1.json'), 'utf8')).toBe(before);
  });

  it('no stored posteriors with the audio still there: says to transcribe it again', async () => {
    const audio = path.join(folder, 'fox.wav');
    await writeFile(audio, 'RIFF');
    const result = { ...decoded, source: audio, segments: decoded.segments.map(({ ctc: _, ...s }) => s) };
    expect(() => editSegment(result, 1, 'the fox')).toThrow(/stored without the model's CTC posteriors \(before they were kept, or a live recording\); transcribe fox\.wav again to edit it/);
  });

  it('through the contract: editSegment answers the edited result, or the refusal as a ContractError', async () => {
    const dataDir = folder;
    const services = createServices({ appInfo: { version: '0', platform: 'linux', modelDir: '/models' }, emit: () => {}, chooseAudioFiles: async () => [], chooseExportPath: async () => '', audio: {} as never, dataDir });
    const dispatch = createDispatcher(services.handlers);
    await expect(dispatch('saveResult', { result: decoded })).resolves.toMatchObject({ ok: true });
    await expect(dispatch('editSegment', { id: 'r1', segment: 1, text: 'the fox' })).resolves.toMatchObject({ ok: true, value: { segments: [{}, { edit: { text: 'the fox' } }] } });
    await expect(dispatch('editSegment', { id: 'r1', segment: 1, text: '42' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-edit', message: expect.stringContaining('"42" has digits') } });
    await expect(dispatch('editSegment', { id: 'r1', segment: -1, text: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await expect(dispatch('editSegment', { id: 'nope', segment: 0, text: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await services.dispose();
  });
});
