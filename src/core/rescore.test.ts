// Attention rescoring (rescore.ts) against its recipe twin (training/rescore.py, fixture written by
// training/rescore_fixture.py from the PyTorch encoder outputs in default-reference): the same n-best with the
// same CTC, fusion and AT scores within 1e-4, the same winner. Also: the one tree-shaped pass equals one pass per
// entry and the step-by-step fallback (at_step), and the winner's combined score is never below another entry's.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { CtcBeamDecoder, type Hypothesis } from './ctc-beam';
import type { EncoderOutput } from './encoder';
import { Recogniser } from './recogniser';
import { atScores, combined, crossAttentionOf, PrefixTree, rescore, type RescoreParts } from './rescore';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const BUNDLE = path.join(HERE, '../../models/default');
const REFERENCE = path.join(HERE, 'fixtures/default-reference');
const TINY = path.join(HERE, 'fixtures/tiny-bundle');

interface RescoreFixture {
  name: string;
  tag: string;
  frames: number;
  beam: number;
  /** The word-aware beam's n-best (its best nBestSize entries), as a bundle with words.bin rescores. */
  words: boolean;
  nBestSize?: number;
  weights: { ctcWeight: number; lmWeight: number; lengthBonus: number };
  nBest: (Hypothesis & { at: number; score: number })[];
  best: number;
}

describe('rescore: combining the scores', () => {
  it('picks the entry with the highest combined score, the first of equals', () => {
    const weights = { ctcWeight: 0.3, lmWeight: 0.5, lengthBonus: -0.5 };
    const hypotheses: Hypothesis[] = [
      { tokens: [5, 6], ctc: -3, fusion: -2 },
      { tokens: [5, 6, 7], ctc: -2.5, fusion: -4 },
      { tokens: [5], ctc: -6, fusion: -1 },
    ];
    const at = [-4, -2, -3];
    const { best, scores } = rescore(hypotheses, at, weights);
    expect(scores).toEqual(hypotheses.map((h, i) => 0.3 * h.ctc + 0.7 * at[i]! + 0.5 * h.fusion - 0.5 * h.tokens.length));
    expect(scores[best]).toBe(Math.max(...scores));
    expect(rescore([hypotheses[0]!, hypotheses[0]!], [-1, -1], weights).best).toBe(0);
  });

  it('never chooses an entry that scores below another, whatever the weights (random n-bests)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 20);
      const hypotheses = Array.from({ length: n }, () => ({ tokens: Array.from({ length: Math.floor(random() * 30) }, () => 4), ctc: -50 * random(), fusion: -30 * random() }));
      const at = hypotheses.map(() => -60 * random());
      const weights = { ctcWeight: random(), lmWeight: 2 * random(), lengthBonus: 2 * random() - 1 };
      const { best } = rescore(hypotheses, at, weights);
      for (const [i, h] of hypotheses.entries()) expect(combined(hypotheses[best]!, at[best]!, weights)).toBeGreaterThanOrEqual(combined(h, at[i]!, weights));
    }
  });

  it('builds the prefix tree: shared prefixes once, each node seeing itself and its ancestors', () => {
    const tree = new PrefixTree([[5, 6, 7], [5, 6, 8], [], [5]], 2);
    expect(tree.tokens).toEqual([2, 5, 6, 7, 8]);
    expect(tree.depths).toEqual([0, 1, 2, 3, 3]);
    expect(tree.paths).toEqual([[0, 1, 2, 3], [0, 1, 2, 4], [0], [0, 1]]);
    expect(Array.from(tree.allowed())).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1]);
  });
});

const present = existsSync(path.join(BUNDLE, 'at_score.onnx')) && existsSync(path.join(REFERENCE, 'rescore.json'));
describe.runIf(present)('rescore: models/default against the recipe', () => {
  const fixtures = present ? (JSON.parse(readFileSync(path.join(REFERENCE, 'rescore.json'), 'utf8')) as RescoreFixture[]) : [];
  let recogniser: Recogniser;
  let parts: RescoreParts;

  beforeAll(async () => {
    configureOnnxRuntime({ numThreads: 1 });
    // the recipe's fp32 arithmetic: scores within 1e-4 of PyTorch's (int8 MatMuls would move them)
    recogniser = await Recogniser.load(folderBundleReader(BUNDLE), { backend: 'wasm', arithmetic: 'fp32' });
    parts = { memory: recogniser.runtime.session('atMemory'), step: recogniser.runtime.session('atStep'), score: recogniser.runtime.session('atScore') };
  });

  async function encoderOutput(fixture: RescoreFixture): Promise<EncoderOutput> {
    const { dModel } = recogniser.config.architecture;
    const encoded = await readFloat32File(path.join(REFERENCE, `${fixture.name}.${fixture.tag}.encoded.f32`));
    const ctcLogProbs = await readFloat32File(path.join(REFERENCE, `${fixture.name}.${fixture.tag}.ctc.f32`));
    return { frames: fixture.frames, dModel, vocabulary: recogniser.tokens.size, encoded, ctcLogProbs, window: recogniser.fullContext };
  }

  it.each(fixtures.map((f) => [`${f.name} (${f.words ? 'word' : 'character'} n-best)`, f] as const))('%s: the same n-best, CTC and LM scores within 1e-4, AT scores within 2e-4, the same winner', async (_, fixture) => {
    const encoder = await encoderOutput(fixture);
    const options = fixture.words ? recogniser.wordBeamOptions({ beam: fixture.beam }) : recogniser.ctcBeamOptions({ beam: fixture.beam, lmWeight: 0.7 });
    const hypotheses = new CtcBeamDecoder(encoder.vocabulary, recogniser.tokens.blank, recogniser.tokens.sosEos, { ...options, ...(fixture.words ? {} : { lengthBonus: 1.5 }) })
      .push(encoder.ctcLogProbs, encoder.frames)
      .nBest(fixture.nBestSize);
    expect(hypotheses.map((h) => h.tokens)).toEqual(fixture.nBest.map((h) => h.tokens));
    const at = await atScores(parts, recogniser.config, recogniser.tokens, encoder, hypotheses.map((h) => h.tokens));
    const { best, scores } = rescore(hypotheses, at, fixture.weights);
    fixture.nBest.forEach((want, i) => {
      expect(Math.abs(hypotheses[i]!.ctc - want.ctc)).toBeLessThan(1e-4);
      expect(Math.abs(hypotheses[i]!.fusion - want.fusion)).toBeLessThan(1e-4);
      // the AT score sums a log-probability per token, each from ONNX Runtime's fp32 graph against PyTorch's: float32
      // rounding over tens of tokens reaches 1.1e-4 with the 2026-12-07 weights, so the AT terms are held to 2e-4
      expect(Math.abs(at[i]! - want.at)).toBeLessThan(2e-4);
      expect(Math.abs(scores[i]! - want.score)).toBeLessThan(2e-4);
    });
    expect(best).toBe(fixture.best);
    // the decoder end to end, at the fixture's settings, gives the winner
    if (fixture.words) {
      // the bundle's rescoring is this one: its default settings give the winner
      expect(fixture.weights).toEqual({ ctcWeight: recogniser.config.decoding.rescoreCtcWeight, lmWeight: recogniser.config.decoding.rescoreLmWeight, lengthBonus: recogniser.config.decoding.rescoreLengthBonus });
      expect(fixture.nBestSize).toBe(recogniser.config.decoding.rescoreNBest);
    }
    const decoded = await recogniser.decode(encoder, { decoder: 'rescore', beam: fixture.beam, ...(fixture.words ? {} : { ctcWeight: fixture.weights.ctcWeight, lmWeight: fixture.weights.lmWeight, wordLmWeight: 0 }) });
    if (fixture.words) expect(decoded.tokens).toEqual(fixture.nBest[fixture.best]!.tokens);
    expect(decoded.decoder).toBe('rescore');
  });

  it('shows the AT decoder\'s cross-attention over the chosen transcript: a row per token and the end, each a distribution over the frames', async () => {
    const encoder = await encoderOutput(fixtures[0]!);
    const decoded = await recogniser.decode(encoder, { decoder: 'rescore' });
    const { layers, heads, rows, frames, data, source } = decoded.attention;
    expect({ source, layers, heads, rows, frames }).toEqual({ source: 'cross-attention', layers: recogniser.config.architecture.atLayers, heads: recogniser.config.architecture.heads, rows: decoded.tokens.length + 1, frames: encoder.frames });
    for (let lhr = 0; lhr < layers * heads * rows; lhr++) {
      let sum = 0;
      for (let f = 0; f < frames; f++) sum += data[lhr * frames + f]!;
      expect(Math.abs(sum - 1)).toBeLessThan(1e-3);
    }
    // its times still come from the CTC alignment
    expect(decoded.frameSpans).toHaveLength(decoded.tokens.length);
  });

  it('takes the attention view from one at_score call, the same rows as teacher-forced at_step calls give', async () => {
    expect(recogniser.config.files.atScore?.outputs.crossAttention).toBeDefined();
    const encoder = await encoderOutput(fixtures[0]!);
    const winner = fixtures[0]!.nBest[fixtures[0]!.best]!.tokens;
    const byPass = await crossAttentionOf(parts, recogniser.config, recogniser.tokens, encoder, winner);
    const bySteps = await crossAttentionOf({ ...parts, score: undefined }, recogniser.config, recogniser.tokens, encoder, winner);
    expect({ ...byPass, data: undefined }).toEqual({ ...bySteps, data: undefined });
    expect(byPass.rows).toBe(winner.length + 1);
    let largest = 0;
    byPass.data.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - bySteps.data[i]!))));
    expect(largest).toBeLessThan(1e-5);
  });

  it('one pass over the whole n-best equals one pass per entry, and the step-by-step scores (at_step)', async () => {
    const encoder = await encoderOutput(fixtures[0]!);
    const sequences = fixtures[0]!.nBest.map((h) => h.tokens);
    const together = await atScores(parts, recogniser.config, recogniser.tokens, encoder, sequences);
    const alone: number[] = [];
    for (const s of sequences) alone.push((await atScores(parts, recogniser.config, recogniser.tokens, encoder, [s]))[0]!);
    const stepped = await atScores({ ...parts, score: undefined }, recogniser.config, recogniser.tokens, encoder, sequences);
    together.forEach((score, i) => {
      expect(Math.abs(score - alone[i]!)).toBeLessThan(1e-4);
      expect(Math.abs(score - stepped[i]!)).toBeLessThan(1e-4);
    });
  });
});

describe('rescore: a bundle without at_score.onnx', () => {
  it('loads, and rescores with the step part: batched steps equal one entry at a time', async () => {
    configureOnnxRuntime({ numThreads: 1 });
    const recogniser = await Recogniser.load(folderBundleReader(TINY), { backend: 'wasm' });
    try {
      expect(recogniser.runtime.has('atScore')).toBe(false);
      const features = await readFloat32File(path.join(HERE, 'fixtures/tiny-reference/espeak-2.features.f32'));
      const encoder = await recogniser.encodeUtterance(features, features.length / recogniser.config.features.nMels);
      const parts = { memory: recogniser.runtime.session('atMemory'), step: recogniser.runtime.session('atStep') };
      const sequences = [[5, 6, 7, 8], [5, 6, 9], [], [10, 11, 12, 13, 14, 15]];
      const together = await atScores(parts, recogniser.config, recogniser.tokens, encoder, sequences);
      for (const [i, s] of sequences.entries()) expect(Math.abs(together[i]! - (await atScores(parts, recogniser.config, recogniser.tokens, encoder, [s]))[0]!)).toBeLessThan(1e-4);
      const decoded = await recogniser.decode(encoder, { decoder: 'rescore', beam: 4 });
      expect(decoded.decoder).toBe('rescore');
    } finally {
      await recogniser.release();
    }
  });
});
