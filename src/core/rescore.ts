// Attention rescoring, the WeNet way (training/rescore.py, the same names and arithmetic): the CTC prefix beam's
// n-best (ctc-beam.ts nBest, with the character language model, and with the word model when the bundle has one
// and the options use it: then its best decoding.rescoreNBest entries) reranked by the AT decoder in one batched
// teacher-forced pass. An entry's AT score is the AT decoder's log-probability of its tokens and of the end of
// sentence; its score is
//
//   ctcWeight · ctc + (1 − ctcWeight) · at + lmWeight · fusion + lengthBonus · tokens
//
// (ctc: the CTC log-probability of all its paths; fusion: the beam's language-model and length-bonus score), and
// the best entry is the output. Any n-best of token sequences with those two scores can be rescored.
//
// The pass runs on the bundle's scoring part (at_score.onnx: one call over the entries' prefix tree, each shared
// prefix once, with the cross-attention keys and values at_memory gives once). A bundle without it is scored with the AT step part
// (at_step.onnx): all entries as one batch, one step per position up to the longest, each fed its own previous
// token; the same numbers, but each step copies the batch's cross-attention keys and values into the runtime, and
// on 30 s of speech that cost half the default decoder's time (docs/benchmarks.md).

import type { PartSession } from './backend';
import type { AtScoreFile, ModelConfig } from './bundle';
import { growCapacity, INITIAL_CAPACITY, stackRows, tileBatch, type AtParts } from './at';
import { ctcAlignedDecode, CtcBeamDecoder, type CtcBeamOptions, type Hypothesis } from './ctc-beam';
import type { Decoded, TokenAttention } from './decoding';
import type { EncoderOutput } from './encoder';
import { rescoreTrace } from './n-best-trace';
import { bool, float32, floats, int64 } from './tensors';
import type { TokenTable } from './tokens';
import type { TraceSettings } from './trace';

/** The weights of the combined score (model.json decoding.rescoreCtcWeight, rescoreLmWeight, rescoreLengthBonus). */
export interface RescoreWeights {
  ctcWeight: number;
  lmWeight: number;
  lengthBonus: number;
}

/** The AT parts rescoring uses: at_memory, at_step, and at_score when the bundle has it. */
export interface RescoreParts extends AtParts {
  score?: PartSession | undefined;
}

/**
 * The AT decoder's log-probability of each token sequence followed by the end of sentence: one teacher-forced
 * pass of the scoring part over all of them, or (a bundle without it) a batch of teacher-forced steps.
 */
export async function atScores(
  parts: RescoreParts,
  config: ModelConfig,
  tokens: TokenTable,
  encoder: EncoderOutput,
  sequences: readonly (readonly number[])[],
  cross?: CrossMemory,
): Promise<number[]> {
  const n = sequences.length;
  const S = encoder.frames;
  if (n === 0 || S === 0) return new Array<number>(n).fill(0);
  const scoring = { config, tokens, S, cross: cross ?? (await crossMemory(parts, config, encoder)), sequences };
  return parts.score && config.files.atScore ? scoreByPass(parts.score, config.files.atScore, scoring) : scoreBySteps(parts.step, scoring);
}

/** The cross-attention keys and values of one utterance (at_memory), which every AT pass over it reads. */
export interface CrossMemory {
  keys: Float32Array;
  values: Float32Array;
}

export async function crossMemory(parts: AtParts, config: ModelConfig, encoder: EncoderOutput): Promise<CrossMemory> {
  const names = config.files.atMemory;
  const memory = await parts.memory.run({ [names.inputs.encoded]: float32(encoder.encoded, [1, encoder.frames, config.architecture.dModel]) });
  return { keys: floats(memory[names.outputs.crossKeys], names.outputs.crossKeys), values: floats(memory[names.outputs.crossValues], names.outputs.crossValues) };
}

/**
 * The AT decoder's cross-attention over the frames for one token sequence fed to it (teacher forcing: one row per
 * token and one for the end of sentence, as AT decoding's rows are), so that the attention view shows how the AT
 * decoder reads the transcript rescoring chose. One call of at_score when it gives the attention (its
 * crossAttention output); otherwise a pass of at_step at batch 1, one call per token: about AT greedy's cost.
 */
export async function crossAttentionOf(
  parts: RescoreParts,
  config: ModelConfig,
  tokens: TokenTable,
  encoder: EncoderOutput,
  sequence: readonly number[],
  cross?: CrossMemory,
): Promise<TokenAttention> {
  const { atLayers: L, heads: H } = config.architecture;
  const S = encoder.frames;
  if (S === 0) return stackRows({ L, H, S, rows: [] });
  const scoring = { config, tokens, S, cross: cross ?? (await crossMemory(parts, config, encoder)), sequences: [sequence] };
  const names = config.files.atScore;
  if (parts.score && names?.outputs.crossAttention) return attentionByPass(parts.score, names, names.outputs.crossAttention, scoring);
  const rows: Float32Array[] = [];
  await scoreBySteps(parts.step, scoring, rows);
  return stackRows({ L, H, S, rows });
}

/** What both ways of scoring read: the bundle, its tokens, the utterance's frames and AT memory, the sequences. */
interface Scoring {
  config: ModelConfig;
  tokens: TokenTable;
  S: number;
  cross: CrossMemory;
  sequences: readonly (readonly number[])[];
}

/**
 * The sequences as a tree of token nodes, node 0 the <sos> root, numbered as the sequences reach them in order
 * (training/rescore.py PrefixTree). A prefix several entries share is one run of nodes, so one pass scores it
 * once: the n-best of a CTC prefix beam differs mostly near the end.
 */
export class PrefixTree {
  readonly tokens: number[];
  readonly parents: number[] = [-1];
  readonly depths: number[] = [0];
  /** Per sequence: the node before each of its tokens, then its last node. */
  readonly paths: number[][] = [];

  constructor(sequences: readonly (readonly number[])[], sos: number) {
    this.tokens = [sos];
    const children = new Map<string, number>();
    for (const sequence of sequences) {
      let node = 0;
      const path = [0];
      for (const token of sequence) {
        const key = `${node},${token}`;
        let child = children.get(key);
        if (child === undefined) {
          child = this.tokens.length;
          children.set(key, child);
          this.tokens.push(token);
          this.parents.push(node);
          this.depths.push(this.depths[node]! + 1);
        }
        node = child;
        path.push(node);
      }
      this.paths.push(path);
    }
  }

  /** [T × T] 0/1: node i sees itself and its ancestors. */
  allowed(): Uint8Array {
    const T = this.tokens.length;
    const out = new Uint8Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i; j >= 0; j = this.parents[j]!) out[i * T + j] = 1;
    return out;
  }
}

/** One call of at_score over the sequences' prefix tree: its outputs, and the tree. */
async function runScore(session: PartSession, names: AtScoreFile, { config, tokens, S, cross, sequences }: Scoring) {
  const { atLayers: L, heads: H, dModel } = config.architecture;
  const tree = new PrefixTree(sequences, tokens.sosEos);
  const T = tree.tokens.length;
  const out = await session.run({
    [names.inputs.tokens]: int64(tree.tokens, [1, T]),
    [names.inputs.positions]: int64(tree.depths),
    [names.inputs.allowed]: bool(tree.allowed(), [T, T]),
    [names.inputs.crossKeys]: float32(cross.keys, [L, 1, H, S, dModel / H]),
    [names.inputs.crossValues]: float32(cross.values, [L, 1, H, S, dModel / H]),
  });
  return { out, tree, T };
}

/**
 * One sequence's cross-attention from one at_score call: its prefix tree is a chain, so the nodes are its rows in
 * order and [L, 1, H, T, S] is already the view's [L, H, rows, S].
 */
async function attentionByPass(session: PartSession, names: AtScoreFile, output: string, scoring: Scoring): Promise<TokenAttention> {
  const { atLayers: L, heads: H } = scoring.config.architecture;
  const { out, T } = await runScore(session, names, scoring);
  const data = floats(out[output], output);
  if (data.length !== L * H * T * scoring.S) throw new Error(`at_score's ${output} holds ${data.length} values, not L·H·T·S = ${L * H * T * scoring.S}`);
  return { source: 'cross-attention', layers: L, heads: H, rows: T, frames: scoring.S, data: data.slice() };
}

/** One call of at_score over the sequences' prefix tree: the next-token log-probabilities after every node. */
async function scoreByPass(session: PartSession, names: AtScoreFile, scoring: Scoring): Promise<number[]> {
  const { tokens, sequences } = scoring;
  const V = tokens.size;
  const { out, tree } = await runScore(session, names, scoring);
  const logProbs = floats(out[names.outputs.logProbs], names.outputs.logProbs);
  return sequences.map((s, i) => {
    const path = tree.paths[i]!;
    let score = 0;
    for (let u = 0; u <= s.length; u++) score += logProbs[path[u]! * V + (u < s.length ? s[u]! : tokens.sosEos)]!;
    return score;
  });
}

/**
 * The same scores from at_step: one step per position for the whole batch. With `attentionRows` (a batch of one),
 * each step's cross-attention [L × H × S] is appended to it.
 */
async function scoreBySteps(step: PartSession, { config, tokens, S, cross, sequences }: Scoring, attentionRows?: Float32Array[]): Promise<number[]> {
  const n = sequences.length;
  const scores = new Array<number>(n).fill(0);
  const { atLayers: L, heads: H, dModel } = config.architecture;
  const dk = dModel / H;
  const V = tokens.size;
  const block = H * S * dk;
  const crossKeys = tileBatch(cross.keys, L, block, n);
  const crossValues = tileBatch(cross.values, L, block, n);
  const names = config.files.atStep;

  const longest = Math.max(...sequences.map((s) => s.length));
  const fullCapacity = longest + 1;
  let capacity = Math.min(INITIAL_CAPACITY, fullCapacity);
  let selfKeys: Float32Array = new Float32Array(L * n * H * capacity * dk);
  let selfValues: Float32Array = new Float32Array(L * n * H * capacity * dk);
  // Position p reads the token before it (<sos> first) and scores the token at p (the end of sentence after the last).
  for (let position = 0; position <= longest; position++) {
    if (position >= capacity) {
      const grown = Math.min(fullCapacity, capacity * 2);
      selfKeys = growCapacity(selfKeys, L * n * H, capacity, grown, dk);
      selfValues = growCapacity(selfValues, L * n * H, capacity, grown, dk);
      capacity = grown;
    }
    const out = await step.run({
      [names.inputs.token]: int64(sequences.map((s) => (position === 0 ? tokens.sosEos : (s[position - 1] ?? tokens.sosEos))), [n, 1]),
      [names.inputs.position]: int64([position]),
      [names.inputs.crossKeys]: float32(crossKeys, [L, n, H, S, dk]),
      [names.inputs.crossValues]: float32(crossValues, [L, n, H, S, dk]),
      [names.inputs.encodedLengths]: int64(new Array<number>(n).fill(S)),
      [names.inputs.selfKeys]: float32(selfKeys, [L, n, H, capacity, dk]),
      [names.inputs.selfValues]: float32(selfValues, [L, n, H, capacity, dk]),
    });
    const logProbs = floats(out[names.outputs.logProbs], names.outputs.logProbs);
    if (attentionRows) attentionRows.push(floats(out[names.outputs.crossAttention], names.outputs.crossAttention).slice());
    sequences.forEach((s, i) => {
      if (position < s.length) scores[i]! += logProbs[i * V + s[position]!]!;
      else if (position === s.length) scores[i]! += logProbs[i * V + tokens.sosEos]!;
    });
    selfKeys = floats(out[names.outputs.selfKeys], names.outputs.selfKeys);
    selfValues = floats(out[names.outputs.selfValues], names.outputs.selfValues);
  }
  return scores;
}

export function combined(h: Hypothesis, at: number, weights: RescoreWeights): number {
  return weights.ctcWeight * h.ctc + (1 - weights.ctcWeight) * at + weights.lmWeight * h.fusion + weights.lengthBonus * h.tokens.length;
}

/** The index of the best entry (the first of equals) and every entry's combined score. */
export function rescore(hypotheses: readonly Hypothesis[], at: readonly number[], weights: RescoreWeights): { best: number; scores: number[] } {
  const scores = hypotheses.map((h, i) => combined(h, at[i]!, weights));
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return { best, scores };
}

export interface AttentionRescoreOptions {
  /** The CTC prefix beam that gives the n-best: its beam (the n-best size), language model and length bonus. */
  ctcBeam: CtcBeamOptions;
  /** How many of the beam's best entries are rescored (model.json decoding.rescoreNBest); all when absent. */
  nBest?: number;
  weights: RescoreWeights;
  /** Record the n-best with each entry's terms (Decoded.trace, n-best-trace.ts). */
  trace?: TraceSettings | undefined;
}

/**
 * CTC prefix beam search for the n-best, the AT pass, and the best entry as a result shaped like CTC beam
 * search's (frames and confidences from the CTC alignment), with the AT decoder's cross-attention over it as the
 * attention view (crossAttentionOf), decoder 'rescore'; steps counts the AT positions scored and stepped.
 */
export async function attentionRescore(parts: RescoreParts, config: ModelConfig, tokens: TokenTable, encoder: EncoderOutput, options: AttentionRescoreOptions): Promise<Decoded> {
  const { weights } = options;
  if (!(weights.ctcWeight >= 0 && weights.ctcWeight <= 1)) throw new Error(`the rescoring CTC weight must be from 0 to 1, got ${weights.ctcWeight}`);
  if (!(weights.lmWeight >= 0 && Number.isFinite(weights.lmWeight))) throw new Error(`the rescoring language-model weight must be a number >= 0, got ${weights.lmWeight}`);
  const hypotheses = new CtcBeamDecoder(encoder.vocabulary, tokens.blank, tokens.sosEos, options.ctcBeam).push(encoder.ctcLogProbs, encoder.frames).nBest(options.nBest);
  // at_memory once: the n-best's pass and the winner's attention pass both read it
  const cross = encoder.frames > 0 ? await crossMemory(parts, config, encoder) : undefined;
  const at = await atScores(parts, config, tokens, encoder, hypotheses.map((h) => h.tokens), cross);
  const { best, scores } = rescore(hypotheses, at, weights);
  const winner = hypotheses[best]!.tokens;
  // Times and confidences come from the CTC alignment (as CTC beam search's); the view, from the AT decoder.
  const attention = await crossAttentionOf(parts, config, tokens, encoder, winner, cross);
  const steps = encoder.frames === 0 ? 0 : Math.max(...hypotheses.map((h) => h.tokens.length)) + 1 + winner.length + 1;
  const trace = options.trace && rescoreTrace(hypotheses, at, scores, weights, options.ctcBeam.beam, tokens, options.trace);
  return { ...ctcAlignedDecode(encoder, tokens, winner, 'rescore'), attention, steps, ...(trace ? { trace } : {}) };
}
