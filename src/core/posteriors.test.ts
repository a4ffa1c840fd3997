// The CTC log-posteriors a stored result keeps: top k per frame, quantised, restored to a dense matrix that
// aligns as the dense one does; kept per segment by the pipeline, carried by the result builder and accepted
// by the contract's saveResult, so main can re-align an edit from the stored result alone.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { calls } from '../shared/contract';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { alignText, type CtcPosteriors } from './align';
import { configureOnnxRuntime } from './backend';
import { ctcDecode } from './ctc';
import type { EncoderOutput } from './encoder';
import { transcribe } from './pipeline';
import { restorePosteriors, STORED_REST, storedVocabulary, storePosteriors, STORED_TOP_K } from './posteriors';
import { Recogniser } from './recogniser';
import { resultBody } from './result';
import { TokenTable } from './tokens';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const MODEL = path.join(HERE, '../../models/default/model.json');
const REFERENCE = path.join(HERE, 'fixtures/default-reference');
const present = existsSync(MODEL) && existsSync(path.join(REFERENCE, 'espeak-1.full.ctc.f32'));

describe.skipIf(!present)('storePosteriors / restorePosteriors on the shipped model\'s posteriors', () => {
  let tokens: TokenTable;
  let dense: CtcPosteriors;
  beforeAll(async () => {
    tokens = new TokenTable((JSON.parse(readFileSync(MODEL, 'utf8')) as { tokens: ConstructorParameters<typeof TokenTable>[0] }).tokens);
    const logProbs = await readFloat32File(path.join(REFERENCE, 'espeak-1.full.ctc.f32'));
    dense = { logProbs, vocabulary: tokens.size, frames: logProbs.length / tokens.size };
  });

  it('keeps each frame\'s likeliest tokens (up to k, until all but `rest` of the probability) within a quantisation step, every other token below them', () => {
    const stored = storePosteriors(dense, tokens, 0.04);
    expect(stored).toMatchObject({ k: STORED_TOP_K, frames: dense.frames, frameS: 0.04, blank: tokens.blank, space: tokens.space, tokens: tokens.list });
    const restored = restorePosteriors(stored);
    expect(restored.frames).toBe(dense.frames);
    const V = tokens.size;
    let kept = 0;
    for (let t = 0; t < dense.frames; t++) {
      const top = Array.from(dense.logProbs.subarray(t * V, (t + 1) * V), (lp, id) => ({ lp, id })).sort((a, b) => b.lp - a.lp);
      let count = 0;
      for (let mass = 0; count < STORED_TOP_K && mass < 1 - STORED_REST; count++) mass += Math.exp(top[count]!.lp);
      kept += count;
      const least = Math.min(...top.slice(0, count).map((e) => restored.logProbs[t * V + e.id]!));
      for (const { lp, id } of top.slice(0, count)) if (lp > -15.9) expect(Math.abs(restored.logProbs[t * V + id]! - lp)).toBeLessThanOrEqual(1 / 32 + 1e-6);
      for (const { id } of top.slice(count)) expect(restored.logProbs[t * V + id]).toBeLessThanOrEqual(least);
    }
    expect(stored.data.length).toBe(Math.ceil((kept * 2) / 3) * 4);
    expect(kept).toBeLessThan(dense.frames * STORED_TOP_K);
  });

  it('a record cut short is refused, not misread', () => {
    const stored = storePosteriors(dense, tokens, 0.04);
    expect(() => restorePosteriors({ ...stored, data: stored.data.slice(0, 8) })).toThrow(/end at frame/);
  });

  it('the decoder\'s transcript and the true sentence align against the stored posteriors as against the dense ones (within a frame)', () => {
    const restored = restorePosteriors(storePosteriors(dense, tokens, 0.04));
    const decoded = ctcDecode({ frames: dense.frames, vocabulary: dense.vocabulary, ctcLogProbs: dense.logProbs } as EncoderOutput, tokens);
    for (const text of [decoded.text, 'the quick brown fox jumps over the lazy dog']) {
      const a = alignText(text, dense, tokens, { frameSeconds: 0.04 }).words;
      const b = alignText(text, restored, tokens, { frameSeconds: 0.04 }).words;
      a.forEach((w, i) => {
        expect(Math.abs(w.start - b[i]!.start), `${w.word} start`).toBeLessThanOrEqual(0.04 + 1e-9);
        expect(Math.abs(w.end - b[i]!.end), `${w.word} end`).toBeLessThanOrEqual(0.04 + 1e-9);
      });
    }
  });
});

describe('the pipeline keeps each segment\'s posteriors; the result and the contract carry them', () => {
  it('transcribe → resultBody → saveResult\'s schema → alignText', async () => {
    configureOnnxRuntime({ numThreads: 1 });
    const recogniser = await Recogniser.load(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')), { backend: 'wasm' });
    const features = await readFloat32File(path.join(HERE, 'fixtures/tiny-reference/espeak-1.features.f32'));
    const nFrames = features.length / 80;
    const samples = new Float32Array((nFrames - 1) * 160 + 512).map((_, i) => 0.3 * Math.sin(i / 5));
    const encoded: number[] = [];
    const transcript = await transcribe(recogniser, samples, {
      decoder: 'ctc',
      extractFeatures: () => ({ frames: features, nFrames }),
      onSegment: (recognition) => encoded.push(recognition.encoder.frames),
    });
    await recogniser.release();
    expect(transcript.segments).toHaveLength(1);
    const ctc = transcript.segments[0]!.ctc!;
    expect(ctc).toMatchObject({ frames: encoded[0], frameS: recogniser.frameSeconds, tokens: recogniser.config.tokens.list });
    const body = resultBody(transcript, 'tiny', transcript.stats.audioS);
    expect(body.segments[0]!.ctc).toEqual(ctc);
    const result = { id: 'r1', source: '/tmp/a.wav', name: 'a.wav', createdAt: '2026-01-01T00:00:00Z', ...body };
    expect(calls.saveResult.input.parse({ result })).toEqual({ result });
    const words = alignText('some edited text', restorePosteriors(ctc), storedVocabulary(ctc), { frameSeconds: ctc.frameS, offsetSeconds: 0 }).words;
    expect(words.map((w) => w.word)).toEqual(['some', 'edited', 'text']);
    expect(words.every((w, i) => w.end > w.start && (i === 0 || w.start >= words[i - 1]!.end))).toBe(true);
  });
});
