// Decoding traces (trace.ts) on the default bundle and the reference fixtures' audio features: tracing changes no
// output; the AT trace's best path is the transcript, every hypothesis' score parts add up to its score, the beam's
// bookkeeping (parents, kept, the attention rows) is consistent; the NAT trace ends in the NAT output; the CTC lane's
// argmax is greedy CTC; the n-bests start with the result; word alternatives come from the n-best.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeFile, extractFeatures } from '../audio';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { alignWords, wordAlternatives } from './alternatives';
import { atBeamSearch } from './at';
import { AtTraceRecorder } from './at-trace';
import { configureOnnxRuntime } from './backend';
import { ctcGreedy } from './ctc';
import { ctcLane, laneArgmax } from './ctc-lane';
import type { Decoded, DecodeOptions } from './decoding';
import type { EncoderOutput } from './encoder';
import { transcribe } from './pipeline';
import { Recogniser } from './recogniser';
import { argmax } from './search';
import { decoderInput, sumParts, traceSettings, type AtTrace, type NatTrace, type NBestTrace } from './trace';
import { WordFusion } from './word-fusion';
import { WordLanguageModel } from './word-lm';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const BUNDLE = path.join(HERE, '../../models/default');
const REFERENCE = path.join(HERE, 'fixtures/default-reference');
const NAMES = ['espeak-1', 'espeak-2'];

describe('trace settings and word alternatives', () => {
  it('takes the defaults for true, caps top-k and the n-best, records nothing for false or absent', () => {
    expect(traceSettings(undefined)).toBeUndefined();
    expect(traceSettings(false)).toBeUndefined();
    expect(traceSettings(true)).toEqual({ topK: 5, nBest: 16, hypotheses: 16 });
    expect(traceSettings({ topK: 50, nBest: 3 })).toEqual({ topK: 10, nBest: 3, hypotheses: 16 });
    expect(() => traceSettings({ topK: 0 })).toThrow(/trace.topK must be a whole number >= 1/);
  });

  it('aligns words by edit distance: substitutions, words left out and words added', () => {
    expect(alignWords(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([0, 1, 2]);
    expect(alignWords(['a', 'b', 'c'], ['a', 'c'])).toEqual([0, -1, 1]);
    expect(alignWords(['a', 'c'], ['a', 'b', 'c'])).toEqual([0, 2]);
    expect(alignWords([], ['a'])).toEqual([]);
  });

  it('lists the other words the n-best held at a word of the best, each once with its ranks', () => {
    const nBest = [{ text: 'the cat sat' }, { text: 'the hat sat' }, { text: 'a cat sat' }, { text: 'the sat' }, { text: 'the hat sat down' }, { text: 'the cat sat' }];
    expect(wordAlternatives(nBest, 1)).toEqual([
      { word: 'hat', entries: [1, 4] },
      { word: '', entries: [3] },
    ]);
    expect(wordAlternatives(nBest, 0)).toEqual([{ word: 'a', entries: [2] }]);
    expect(wordAlternatives(nBest, 2)).toEqual([]);
    expect(() => wordAlternatives(nBest, 3)).toThrow(/outside the best entry's 3 words/);
  });
});

const present = existsSync(path.join(BUNDLE, 'model.json')) && existsSync(path.join(REFERENCE, 'fixtures.json'));
describe.runIf(present)('traces on models/default', () => {
  let recogniser: Recogniser;
  const encoded = new Map<string, EncoderOutput>();

  beforeAll(async () => {
    configureOnnxRuntime({ numThreads: 1 });
    recogniser = await Recogniser.load(folderBundleReader(BUNDLE), { backend: 'wasm' });
    for (const name of NAMES) {
      const features = await readFloat32File(path.join(REFERENCE, `${name}.features.f32`));
      encoded.set(name, await recogniser.encodeUtterance(features, features.length / recogniser.config.features.nMels));
    }
  });

  /** The decode without and with a trace: the same output. */
  async function both(name: string, options: DecodeOptions): Promise<Decoded> {
    const encoder = encoded.get(name)!;
    const plain = await recogniser.decode(encoder, options);
    const traced = await recogniser.decode(encoder, { ...options, trace: true });
    expect(plain.trace).toBeUndefined();
    expect(traced.text).toBe(plain.text);
    expect(traced.tokens).toEqual(plain.tokens);
    expect(traced.confidences).toEqual(plain.confidences);
    expect(traced.attention.rows).toBe(plain.attention.rows);
    return traced;
  }

  /** What every AT trace must satisfy against its decode. */
  function checkAt(decoded: Decoded, trace: AtTrace) {
    // The best path: the decoder input at each step is the transcript's first `step` tokens, and the winner ends it.
    const bestSteps = trace.steps.filter((s) => s.best >= 0);
    expect(bestSteps.length).toBeGreaterThan(0);
    bestSteps.forEach((s, t) => {
      expect(s.step).toBe(t);
      expect(decoderInput(trace, s.step, s.best)).toEqual(decoded.tokens.slice(0, s.step));
    });
    // One attention row per step the result was in the beam (AT adds the <eos> step's row when it ended by <eos>).
    expect(decoded.attention.rows).toBe(bestSteps.length);
    const winner = trace.nBest[0]!;
    expect(winner.tokens).toEqual(decoded.tokens);
    expect(winner.text).toBe(decoded.text);
    expect(bestSteps.at(-1)!.step).toBe(winner.step);
    expect(bestSteps.at(-1)!.best).toBe(winner.from);
    for (const f of trace.nBest) expect(f.normalised).toBeLessThanOrEqual(winner.normalised);
    expect(trace.nBest.length).toBeLessThanOrEqual(16);

    // Every hypothesis' parts add up to the score the search gave it; the bookkeeping of the beam holds.
    trace.steps.forEach((s, t) => {
      expect(s.hypotheses.length).toBeGreaterThan(0);
      expect(s.hypotheses.length).toBeLessThanOrEqual(trace.beam);
      for (const [i, h] of s.hypotheses.entries()) {
        expect(sumParts(h.parts)).toBeCloseTo(h.score, 4);
        expect(h.next.length).toBe(5);
        for (let k = 1; k < h.next.length; k++) expect(h.next[k]!.p).toBeLessThanOrEqual(h.next[k - 1]!.p);
        expect(h.stop).toBeGreaterThanOrEqual(0);
        expect(h.stop).toBeLessThanOrEqual(1);
        const children = trace.steps[t + 1]?.hypotheses.filter((c) => c.parent === i) ?? [];
        expect(h.kept).toBe(children.length > 0);
        if (t === 0) expect(h.parent).toBe(-1);
        else expect(h.parent).toBeLessThan(trace.steps[t - 1]!.hypotheses.length);
      }
    });
    for (const f of trace.nBest) expect(sumParts(f.parts)).toBeCloseTo(f.score, 4);
  }

  for (const name of NAMES) {
    it(`${name}: AT greedy with CTC`, async () => {
      const decoded = await both(name, { decoder: 'at', beam: 1 });
      const trace = decoded.trace as AtTrace;
      expect(trace.kind).toBe('at');
      expect(trace.weights.ctc).toBeGreaterThan(0);
      checkAt(decoded, trace);
      expect(trace.steps.every((s) => s.hypotheses.length === 1)).toBe(true);
      // With CTC, the CTC part is not nothing and the AT part is the weighted AT decoder's.
      const last = trace.nBest[0]!;
      expect(last.parts.ctc).toBeLessThan(0);
      expect(last.parts.lm).toBe(0);
    });

    it(`${name}: AT beam 8 + LM and beam 4 without CTC or either language model`, async () => {
      const beam = await both(name, { decoder: 'at', beam: 8 });
      const trace = beam.trace as AtTrace;
      checkAt(beam, trace);
      expect(trace.weights.lm).toBeGreaterThan(0);
      expect(trace.nBest[0]!.parts.lm).toBeLessThan(0);
      expect(trace.steps.some((s) => s.hypotheses.length === 8)).toBe(true);

      const plain = await both(name, { decoder: 'at', beam: 4, ctcWeight: 0, lmWeight: 0, wordLmWeight: 0 });
      const plainTrace = plain.trace as AtTrace;
      checkAt(plain, plainTrace);
      // The AT decoder alone: the whole score is its part, and each candidate's gain is ln p.
      for (const h of plainTrace.steps.flatMap((s) => s.hypotheses)) {
        expect(h.parts.at).toBe(h.score);
        for (const n of h.next) expect(n.gain!).toBeCloseTo(Math.log(n.p), 5);
      }
    });

    it(`${name}: NAT k=0 and k=2, and k=2 masking more`, async () => {
      for (const [iterations, maskCtcThreshold] of [[0, undefined], [2, undefined], [2, 0.97]] as const) {
        const decoded = await both(name, { decoder: 'nat', iterations, ...(maskCtcThreshold ? { maskCtcThreshold } : {}) });
        const trace = decoded.trace as NatTrace;
        expect(trace.kind).toBe('nat');
        expect(trace.tokens).toEqual(decoded.tokens);
        expect(trace.finalLength).toBe(decoded.tokens.length);
        const seed = ctcGreedy(encoded.get(name)!.ctcLogProbs, encoded.get(name)!.frames, recogniser.tokens.size, recogniser.tokens.blank);
        expect(trace.seed.tokens).toEqual(seed.map((t) => t.id));
        expect(trace.predictedLength).toBe(seed.length);
        expect(trace.masked).toEqual(seed.flatMap((t, u) => (t.confidence < trace.threshold ? [u] : [])));
        if (maskCtcThreshold) expect(trace.masked.length).toBeGreaterThan(0); // something to predict
        // The first pass predicts every masked position; nothing masked, nothing predicted.
        expect(trace.iterations[0]?.positions ?? []).toEqual(trace.masked);
        expect(trace.iterations.length).toBeLessThanOrEqual(iterations + 1);
        // Replaying the seed and the passes gives the output.
        const replay = [...trace.seed.tokens];
        for (const pass of trace.iterations) pass.positions.forEach((u, j) => (replay[u] = pass.tokens[j]!));
        expect(replay).toEqual(decoded.tokens);
      }
    });

    it(`${name}: the CTC lane's argmax is greedy CTC`, async () => {
      const encoder = encoded.get(name)!;
      const V = recogniser.tokens.size;
      const { blank } = recogniser.tokens;
      const lane = ctcLane({ logProbs: encoder.ctcLogProbs, frames: encoder.frames, vocabulary: V }, blank, recogniser.frameSeconds);
      expect(lane.blank.length).toBe(encoder.frames);
      const collapsed: number[] = [];
      let previous = blank;
      for (let t = 0; t < encoder.frames; t++) {
        const best = laneArgmax(lane, blank, t);
        expect(best).toBe(argmax(encoder.ctcLogProbs, t, V).id);
        expect(lane.token[t]).not.toBe(blank);
        if (best !== blank && best !== previous) collapsed.push(best);
        previous = best;
      }
      const greedy = await both(name, { decoder: 'ctc' });
      expect(collapsed).toEqual(greedy.tokens);
      expect(greedy.trace).toBeUndefined(); // greedy CTC searches nothing: its lane is its trace
    });

    it(`${name}: CTC beam 16 + LM and rescoring: the n-best starts with the result, parts add up`, async () => {
      for (const options of [{ decoder: 'ctc', beam: 16 }, { decoder: 'rescore' }] as const) {
        const decoded = await both(name, options);
        const trace = decoded.trace as NBestTrace;
        expect(trace.kind).toBe(options.decoder === 'ctc' ? 'ctc-beam' : 'rescore');
        expect(trace.nBest[0]!.tokens).toEqual(decoded.tokens);
        expect(trace.nBest.length).toBeGreaterThan(1);
        expect(trace.nBest.length).toBeLessThanOrEqual(16);
        for (const [i, e] of trace.nBest.entries()) {
          expect(sumParts(e.parts)).toBeCloseTo(e.score, 4);
          if (i > 0) expect(e.score).toBeLessThanOrEqual(trace.nBest[i - 1]!.score);
        }
        // Alternatives exist for some word where the n-best differ in words.
        const words = trace.nBest[0]!.text.split(' ').filter(Boolean);
        const alternatives = words.map((_, i) => wordAlternatives(trace.nBest, i));
        if (trace.nBest.some((e) => e.text.split(' ').filter(Boolean).join(' ') !== words.join(' '))) expect(alternatives.some((a) => a.length > 0)).toBe(true);
      }
    });
  }

  it('AT beam 4 with the word model: its word terms are their own part', async () => {
    const words = new WordLanguageModel(new Uint8Array(readFileSync(path.join(HERE, 'fixtures/word-lm/words.bin'))));
    const fusion = WordFusion.forTokens(words, recogniser.tokens, { weight: 0.5, oovPenalty: 5 });
    const encoder = encoded.get('espeak-2')!;
    const parts = { memory: recogniser.runtime.session('atMemory'), step: recogniser.runtime.session('atStep') };
    const lm = { lm: recogniser.lm!, weight: 0.5 };
    const plain = await atBeamSearch(parts, recogniser.config, recogniser.tokens, encoder, 4, 0.5, lm, fusion);
    const recorder = new AtTraceRecorder(traceSettings(true)!, recogniser.tokens, 4, { ctc: 0.5, lm: 0.5, wordLm: 0.5 });
    const traced = await atBeamSearch(parts, recogniser.config, recogniser.tokens, encoder, 4, 0.5, lm, fusion, recorder);
    expect(traced.tokens).toEqual(plain.tokens);
    const trace = traced.trace as AtTrace;
    checkAt(traced, trace);
    expect(trace.nBest[0]!.parts.wordLm).toBeLessThan(0);
    expect(() => new AtTraceRecorder(traceSettings(true)!, recogniser.tokens, 17, { ctc: 0, lm: 0, wordLm: 0 })).toThrow(/beams up to 16/);
  });

  it('the pipeline keeps a trace per segment (decoder and lane) only when asked, with the same transcript', async () => {
    const { samples } = await decodeFile(path.join(HERE, 'fixtures/audio/espeak-1.wav'));
    const options = { decoder: 'at', beam: 2, extractFeatures } as const;
    const plain = await transcribe(recogniser, samples, options);
    const traced = await transcribe(recogniser, samples, { ...options, trace: true });
    expect(traced.text).toBe(plain.text);
    expect(plain.segments.every((s) => s.trace === undefined)).toBe(true);
    expect(traced.segments.length).toBeGreaterThan(0);
    for (const s of traced.segments) {
      expect(s.trace!.decoder!.kind).toBe('at');
      expect(s.trace!.ctc!.blank.length).toBe(s.ctc!.frames);
      expect(s.trace!.vocabulary).toEqual(recogniser.config.tokens.list);
      expect(JSON.parse(JSON.stringify(s.trace))).toEqual(s.trace);
    }
  });
});
