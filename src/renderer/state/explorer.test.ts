// The decoding explorer's state against the real core (the tiny bundle, the page's supervised client over a
// MessageChannel): it traces nothing while closed; opened on a result it decodes the shown segment again with a
// trace whose best path is the result's transcript; another decoder or segment traces again; a stale trace is dropped.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeFile, FeatureBlockReader, FileStream, type FeatureBlock } from '../../audio';
import { encodeWav } from '../../audio/fixtures/encode-wav';
import { restorePosteriors } from '../../core/posteriors';
import { argmax } from '../../core/search';
import { concatenateFloats } from '../../shared/samples';
import { FAST_SETTINGS, stateFixture, workbenchStore, type StateFixture } from '../../testing/state-fixture';
import { segmentFrames, type TracedSegment } from '../engine/trace-segment';
import { atStepView } from './at-step-view';
import { Explorer, type SegmentTracer } from './explorer';
import { ModelSession } from './model-session';
import { natView } from './nat-view';
import { tokenLabel } from './token-label';
import type { Item, ItemAudio } from './types';
import { overviewOf } from './audio-overview';
import { dropped, isHeld } from './segment-views';
import { inProcessApi } from '../../testing/in-process-api';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let fixture: StateFixture;
beforeAll(async () => void (fixture = await stateFixture('explorer')));
afterAll(() => fixture.close());

async function audioOf(file: string): Promise<{ blocks: FeatureBlock[]; audio: ItemAudio }> {
  const blocks: FeatureBlock[] = [];
  for await (const block of new FeatureBlockReader(await FileStream.open(file))) blocks.push(block);
  const samples = concatenateFloats(blocks.map((b) => b.samples));
  const nFrames = blocks.reduce((n, b) => n + b.nFrames, 0);
  const frames = concatenateFloats(blocks.map((b) => b.frames));
  return {
    blocks,
    audio: { durationS: samples.length / 16000, warnings: [], nSamples: samples.length, nFrames, nMels: 80, overview: overviewOf(samples, frames, nFrames, 80), full: { samples, frames } },
  };
}

async function setUp() {
  const store = workbenchStore({ ...FAST_SETTINGS, decoder: 'at', beam: 2 });
  const model = new ModelSession(store, () => fixture.engine(), () => undefined);
  model.load('default', 'wasm');
  await model.whenReady();
  const calls: string[] = [];
  const tracer: SegmentTracer = { traceSegment: (audio, span, decoder, ran) => (calls.push(decoder), model.traceSegment(audio, span, decoder, ran)) };
  const explorer = new Explorer(store, tracer);
  const { blocks, audio } = await audioOf(fixture.files.one);
  const run = await model.recognise(blocks);
  const item: Item = { id: 'item-explorer', name: 'espeak-1.wav', source: fixture.files.one, kind: 'file', status: 'done', progress: 1, audio, run };
  const settled = () => vi.waitFor(() => expect(['ready', 'error']).toContain(store.state.explorer.status), { timeout: 30_000 });
  return { store, model, explorer, calls, item, run, settled };
}

describe('Explorer', () => {
  it('traces nothing while closed; opened, traces the shown segment with a best path equal to the transcript', async () => {
    const { store, model, explorer, calls, item, run, settled } = await setUp();
    store.update((s) => ({ ...s, items: [item], selectedId: item.id }));
    expect(calls).toEqual([]);
    expect(store.state.explorer.status).toBe('idle');

    explorer.open(true);
    expect(store.state.explorer.status).toBe('tracing');
    await settled();
    const { traced } = store.state.explorer;
    expect(store.state.explorer.error).toBeUndefined();
    expect(traced?.trace?.kind).toBe('at');
    if (traced?.trace?.kind !== 'at') throw new Error('no AT trace');
    const trace = traced.trace;
    expect(traced.text).toBe(run.segments[0]!.text);
    expect(trace.nBest[0]!.text.trim()).toBe(run.segments[0]!.text);
    expect(traced.lane?.blank.length).toBe(traced.attention.frames);
    expect(explorer.steps.state.count).toBe(trace.steps.length);
    // Along the result's path the decoder's input at step t is the result's first t tokens, and the chosen next token is token t.
    const tokens = trace.nBest[0]!.tokens;
    for (let t = 0; t < Math.min(trace.steps.length, tokens.length); t++) {
      const view = atStepView(trace, t, traced.vocabulary, traced.special);
      expect(view.onResultPath).toBe(true);
      expect(view.input.slice(1).join('')).toBe(tokens.slice(0, t).map((id) => (traced.vocabulary[id] === ' ' ? '␣' : traced.vocabulary[id])).join(''));
      expect(view.attentionRow).toBe(t);
      expect(view.parts.reduce((sum, p) => sum + p.value, 0)).toBeCloseTo(view.score, 4);
      const chosen = view.next.find((n) => n.chosen);
      if (chosen) expect(chosen.token).toBe(traced.vocabulary[tokens[t]!] === ' ' ? '␣' : traced.vocabulary[tokens[t]!]);
    }

    // The same wish traces once; another decoder traces again.
    store.update((s) => ({ ...s }));
    expect(calls).toEqual(['at']);
    explorer.chooseDecoder('nat');
    await settled();
    expect(calls).toEqual(['at', 'nat']);
    const nat = store.state.explorer.traced!;
    expect(nat.trace?.kind).toBe('nat');
    if (nat.trace?.kind !== 'nat') throw new Error('no NAT trace');
    const last = natView(nat.trace, nat.vocabulary, nat.special).rows.at(-1)!;
    // The last pass's row is the NAT output, nothing left masked.
    expect(last.cells.map((c) => c.token)).toEqual(nat.trace.tokens.map((id) => tokenLabel(id, nat.vocabulary, nat.special)));
    expect(last.cells.some((c) => c.masked)).toBe(false);
    expect(explorer.steps.state.count).toBe(0);

    // Closing forgets the trace; nothing is traced while closed.
    explorer.open(false);
    expect(store.state.explorer).toMatchObject({ status: 'idle', traced: undefined });
    explorer.chooseDecoder('at');
    expect(calls).toEqual(['at', 'nat']);
    // Disposed, it follows the store no more.
    explorer.dispose();
    explorer.open(true);
    expect(calls).toEqual(['at', 'nat']);
    model.dispose();
  });

  it("traces the run's decoder with what the run recorded, not with settings changed since", async () => {
    const { store, model, explorer, item, run, settled } = await setUp();
    expect(run.ran.beam).toBe(2);
    // the user turns the beam up and the language model off after the run
    store.update((s) => ({ ...s, settings: { ...s.settings, beam: 1, languageModel: false }, items: [item], selectedId: item.id }));
    explorer.open(true);
    await settled();
    const { traced } = store.state.explorer;
    if (traced?.trace?.kind !== 'at') throw new Error('no AT trace');
    // the trace's beam is the run's (2 hypotheses at a step), and its best path the run's transcript
    expect(Math.max(...traced.trace.steps.map((step) => step.hypotheses.length))).toBe(2);
    expect(traced.text).toBe(run.segments[0]!.text);
    // another decoder has no recorded settings: it takes the current ones (greedy CTC here, no search to record)
    explorer.chooseDecoder('ctc');
    await settled();
    expect(store.state.explorer.traced?.decoder).toBe('ctc');
    explorer.dispose();
    model.dispose();
  });

  it('drops a trace that comes back after the wish changed', async () => {
    const store = workbenchStore({ ...FAST_SETTINGS, decoder: 'at' });
    const pending: ((t: TracedSegment) => void)[] = [];
    const explorer = new Explorer(store, { traceSegment: () => new Promise<TracedSegment>((resolve) => pending.push(resolve)) });
    const audio: ItemAudio = { durationS: 1, warnings: [], nSamples: 16000, nFrames: 98, nMels: 80, overview: overviewOf(new Float32Array(16000), new Float32Array(98 * 80), 98, 80), full: { samples: new Float32Array(16000), frames: new Float32Array(98 * 80) } };
    const run = { decoder: 'at' as const, text: 'a', segments: [{ start: 0, end: 1, text: 'a', words: [] }], stats: {} as never, views: [] };
    store.update((s) => ({ ...s, model: { status: 'ready', bundle: 'default' }, items: [{ id: 'i', name: 'i', source: 'i', kind: 'file', status: 'done', progress: 1, audio, run }], selectedId: 'i' }));
    explorer.open(true);
    explorer.chooseDecoder('nat');
    expect(pending).toHaveLength(2);
    pending[0]!({ decoder: 'at' } as TracedSegment);
    await Promise.resolve();
    expect(store.state.explorer.status).toBe('tracing');
    pending[1]!({ decoder: 'nat' } as TracedSegment);
    await vi.waitFor(() => expect(store.state.explorer.traced?.decoder).toBe('nat'));
  });

  it('decodes any segment of a long file from its own frames: each segment’s trace gives the run’s text of it', { timeout: 180_000 }, async () => {
    const clips = await Promise.all([fixture.files.one, fixture.files.two].map((f) => decodeFile(f)));
    const long = path.join(fixture.scratch, 'long.wav');
    // ~22 s: longer than a segment (20 s at most), so the segmenter cuts it at a pause.
    const samples = concatenateFloats(Array.from({ length: 8 }, (_, i) => clips[i % 2]!.samples));
    await writeFile(long, encodeWav([samples], { sampleRate: 16000, encoding: 'pcm16' }));
    const store = workbenchStore({ ...FAST_SETTINGS, decoder: 'at', beam: 2 });
    const model = new ModelSession(store, () => fixture.engine(), () => undefined);
    model.load('default', 'wasm');
    const { blocks, audio } = await audioOf(long);
    const run = await model.recognise(blocks);
    expect(run.segments.length).toBeGreaterThanOrEqual(2);
    // The same file kept as an overview only (a long file): the segment's frames are read again from main.
    const { api, calls } = inProcessApi(fixture.scratch);
    const ranged = new ModelSession(workbenchStore({ ...FAST_SETTINGS, decoder: 'at', beam: 2 }), () => fixture.engine(), () => undefined, api);
    ranged.load('default', 'wasm');
    await ranged.whenReady();
    const { full: _full, ...overviewOnly } = audio;
    const longAudio: ItemAudio = { ...overviewOnly, origin: { path: long } };
    for (const [index, segment] of run.segments.entries()) {
      const traced = await model.traceSegment(audio, segment, 'at');
      const read = await ranged.traceSegment(longAudio, segment, 'at');
      expect(read.text).toBe(traced.text);
      expect(read.attention.data).toEqual(traced.attention.data);
      // A view dropped to bound memory, made again from the frames read from main: the run's tokens and attention.
      const view = run.views[index]!;
      if (!isHeld(view)) throw new Error('a 22 s run keeps every view');
      const again = await ranged.recomputeView(longAudio, dropped(view), 'at', run.ran);
      expect(again.tokens).toEqual(view.tokens);
      expect(again.offsetS).toBe(view.offsetS);
      expect(again.attention.data).toEqual(view.attention.data);
      expect(traced.offsetS).toBe(segment.start);
      expect(traced.text).toBe(segment.text);
      expect(traced.trace?.kind === 'at' && traced.trace.nBest[0]!.text.trim()).toBe(segment.text);
      // The same frames: the CTC posteriors the trace came with are those the run stored, to their quantisation (a
      // byte of 1/16 nat: half a step at most for each frame's likeliest token).
      const stored = restorePosteriors(segment.ctc!);
      const fresh = traced.posteriors!;
      expect(fresh.frames).toBe(stored.frames);
      let worst = 0;
      for (let f = 0; f < stored.frames; f++) {
        const top = argmax(stored.logProbs, f, stored.vocabulary).id;
        worst = Math.max(worst, Math.abs(fresh.logProbs[f * fresh.vocabulary + top]! - stored.logProbs[f * stored.vocabulary + top]!));
      }
      expect(worst).toBeLessThanOrEqual(0.5 / 16 + 1e-4);
    }
    expect(calls.filter((c) => c === 'readAudioRange').length).toBe(2 * run.segments.length);
    model.dispose();
    ranged.dispose();
  });

  it('takes a segment’s feature frames where the segmenter cut them (times rounded to the millisecond)', () => {
    // 1.23 s = 123 frames of 10 ms; 2.0 s of samples = floor((32000 − 512) / 160) + 1 = 197 frames (512-sample windows).
    expect(segmentFrames({ start: 1.23, end: 3.23 }, { nFrames: 10_000 })).toEqual({ first: 123, nFrames: 197 });
    expect(segmentFrames({ start: 1.2304, end: 3.2296 }, { nFrames: 10_000 })).toEqual({ first: 123, nFrames: 197 });
    expect(segmentFrames({ start: 0, end: 2 }, { nFrames: 100 })).toEqual({ first: 0, nFrames: 100 });
  });
});
