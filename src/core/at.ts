// Autoregressive decoding (training/decode.py at_beam): beam search over the AT step part with a
// key/value cache; beam 1 is greedy. Hypotheses are scored by log-probability / (length + 1); a length
// cap (maxTokens) and a repetition guard end runaway hypotheses on silence or noise. With a CTC weight w
// each step scores (1 - w) · AT log-probability + w · the CTC prefix score's gain (joint CTC/attention
// decoding), which keeps the decoder on what the audio holds and ends it where the audio ends. A character
// language model adds its weight · its log-probability (shallow fusion). A word language model (word-fusion.ts)
// scores each word a space or the end completes, and charges a spelling that leaves its vocabulary the
// out-of-vocabulary penalty, as in the CTC word search.
//
// With a recorder (at-trace.ts, DecodeOptions.trace) every step's beam, score parts and top-k are recorded for the
// decoding explorer; without one the recorder's calls are skipped whole (optional calls), so the search is as it was.
//
// The self-attention cache has a fixed capacity per call of the step part; slots above `position` are
// masked out, so the core starts small and doubles it (zero padding) as the hypothesis grows.

import type { ModelConfig } from './bundle';
import type { PartSession } from './backend';
import type { Decoded, TokenAttention } from './decoding';
import type { EncoderOutput } from './encoder';
import type { AtTraceRecorder } from './at-trace';
import { CtcPrefixScorer, type CtcPrefixState } from './ctc';
import type { LmFusion } from './lm';
import { maxTokens, repeatsTooMuch, topK } from './search';
import { float32, floats, int64 } from './tensors';
import type { TokenTable } from './tokens';
import type { WordCursor, WordFusion } from './word-fusion';

export const INITIAL_CAPACITY = 32;

interface Hypothesis {
  tokens: number[];
  score: number;
  /** Log-probability of each token when chosen. */
  logProbs: number[];
  /** Cross-attention of each step on this path, [layers × heads × frames] each. */
  attention: Float32Array[];
  /** Joint decoding only: the CTC state of `tokens`. */
  prefix?: CtcPrefixState;
  /** With the word model: where `tokens` stand in it. */
  cursor?: WordCursor;
}

export interface AtParts {
  memory: PartSession;
  step: PartSession;
}

export async function atBeamSearch(
  parts: AtParts,
  config: ModelConfig,
  tokens: TokenTable,
  encoder: EncoderOutput,
  beam = 1,
  ctcWeight = 0,
  fusion?: LmFusion,
  words?: WordFusion,
  /** Records the search for the decoding explorer (at-trace.ts); absent, the search records nothing. */
  recorder?: AtTraceRecorder,
): Promise<Decoded> {
  if (!Number.isInteger(beam) || beam < 1) throw new Error(`beam must be a whole number >= 1, got ${beam}`);
  if (!(ctcWeight >= 0 && ctcWeight < 1)) throw new Error(`the CTC weight must be at least 0 and below 1, got ${ctcWeight}`);
  if (fusion && !(fusion.weight >= 0 && Number.isFinite(fusion.weight))) throw new Error(`the language-model weight must be a number >= 0, got ${fusion.weight}`);
  const S = encoder.frames;
  const { atLayers: L, heads: H, dModel } = config.architecture;
  const dk = dModel / H;
  const V = tokens.size;
  if (S === 0) return result([], 0, { L, H, S, rows: [] }, tokens);

  const memoryNames = config.files.atMemory;
  const memory = await parts.memory.run({ [memoryNames.inputs.encoded]: float32(encoder.encoded, [1, S, dModel]) });
  const crossKeys = floats(memory[memoryNames.outputs.crossKeys], memoryNames.outputs.crossKeys);
  const crossValues = floats(memory[memoryNames.outputs.crossValues], memoryNames.outputs.crossValues);
  const crossBlock = H * S * dk;
  const tiledCross = new Map<number, { keys: Float32Array; values: Float32Array }>();
  const crossFor = (n: number) => {
    let tiled = tiledCross.get(n);
    if (!tiled) {
      tiled = { keys: tileBatch(crossKeys, L, crossBlock, n), values: tileBatch(crossValues, L, crossBlock, n) };
      tiledCross.set(n, tiled);
    }
    return tiled;
  };

  const limit = maxTokens(S, config.decoding.maxTokensPerSecond, config.architecture.frameMs / 1000);
  const fullCapacity = limit + 2;
  let capacity = Math.min(INITIAL_CAPACITY, fullCapacity);
  let selfKeys: Float32Array = new Float32Array(L * H * capacity * dk);
  let selfValues: Float32Array = new Float32Array(L * H * capacity * dk);
  const scorer = ctcWeight > 0 ? new CtcPrefixScorer(encoder.ctcLogProbs, S, V, tokens.blank, tokens.sosEos) : undefined;
  let hyps: Hypothesis[] = [{ tokens: [], score: 0, logProbs: [], attention: [], ...(scorer ? { prefix: scorer.initial() } : {}), ...(words ? { cursor: words.start() } : {}) }];
  const finished: Hypothesis[] = [];
  const names = config.files.atStep;
  let steps = 0;

  for (let position = 0; position <= limit; position++) {
    const n = hyps.length;
    if (position >= capacity) {
      const grown = Math.min(fullCapacity, capacity * 2);
      selfKeys = growCapacity(selfKeys, L * n * H, capacity, grown, dk);
      selfValues = growCapacity(selfValues, L * n * H, capacity, grown, dk);
      capacity = grown;
    }
    const cross = crossFor(n);
    const out = await parts.step.run({
      [names.inputs.token]: int64(hyps.map((h) => h.tokens[h.tokens.length - 1] ?? tokens.sosEos), [n, 1]),
      [names.inputs.position]: int64([position]),
      [names.inputs.crossKeys]: float32(cross.keys, [L, n, H, S, dk]),
      [names.inputs.crossValues]: float32(cross.values, [L, n, H, S, dk]),
      [names.inputs.encodedLengths]: int64(new Array<number>(n).fill(S)),
      [names.inputs.selfKeys]: float32(selfKeys, [L, n, H, capacity, dk]),
      [names.inputs.selfValues]: float32(selfValues, [L, n, H, capacity, dk]),
    });
    steps++;
    const logProbs = floats(out[names.outputs.logProbs], names.outputs.logProbs);
    const newKeys = floats(out[names.outputs.selfKeys], names.outputs.selfKeys);
    const newValues = floats(out[names.outputs.selfValues], names.outputs.selfValues);
    const crossAttention = floats(out[names.outputs.crossAttention], names.outputs.crossAttention);

    recorder?.beginStep(position);
    const candidates: { score: number; origin: number; id: number; logProb: number; prefix?: CtcPrefixState | undefined; cursor?: WordCursor | undefined }[] = [];
    hyps.forEach((h, i) => {
      if (!scorer && !fusion && !words) {
        recorder?.expand(i, h.score, { logProbs });
        for (const { id, value } of topK(logProbs, i, V, beam)) candidates.push({ score: h.score + value, origin: i, id, logProb: value });
        return;
      }
      const ctc = scorer?.extend(h.prefix!, h.tokens[h.tokens.length - 1]);
      const lm = fusion?.lm.logProbs(h.tokens);
      const steps = words ? Array.from({ length: V }, (_, k) => (k === tokens.sosEos ? { term: words.end(h.cursor!), cursor: h.cursor! } : words.step(h.cursor!, k))) : undefined;
      recorder?.expand(i, h.score, { logProbs, ctc: ctc && { scores: ctc.scores, psi: h.prefix!.psi }, lm, words: steps });
      const joint = new Float64Array(V);
      for (let k = 0; k < V; k++) {
        const at = logProbs[i * V + k]!;
        joint[k] = (ctc ? (1 - ctcWeight) * at + ctcWeight * (ctc.scores[k]! - h.prefix!.psi) : at) + (lm ? fusion!.weight * lm[k]! : 0) + (steps ? steps[k]!.term : 0);
      }
      for (const { id, value } of topK(joint, 0, V, beam)) {
        candidates.push({ score: h.score + value, origin: i, id, logProb: logProbs[i * V + id]!, prefix: ctc?.states[id], cursor: steps?.[id]!.cursor });
      }
    });
    candidates.sort((a, b) => b.score - a.score); // stable, like Python's sort

    const next: Hypothesis[] = [];
    const origins: number[] = [];
    for (const c of candidates) {
      const parent = hyps[c.origin]!;
      const attention = [...parent.attention, batchRow(crossAttention, L, n, H * S, c.origin)];
      const ended = c.id === tokens.sosEos;
      const extended = ended ? parent.tokens : [...parent.tokens, c.id];
      const logProbsSoFar = ended ? parent.logProbs : [...parent.logProbs, c.logProb];
      const hyp: Hypothesis = { tokens: extended, score: c.score, logProbs: logProbsSoFar, attention };
      if (c.prefix) hyp.prefix = c.prefix;
      if (c.cursor) hyp.cursor = c.cursor;
      if (ended || position === limit || repeatsTooMuch(extended)) {
        finished.push(hyp);
        recorder?.ended(c.origin, c.id, c.score, extended, ended ? 'eos' : position === limit ? 'limit' : 'repeat');
      } else {
        next.push(hyp);
        origins.push(c.origin);
        recorder?.kept(c.origin, c.id);
      }
      if (next.length === beam) break;
    }
    if (next.length === 0 || finished.length >= beam) break;
    hyps = next;
    selfKeys = gatherBatch(newKeys, L, n, H * capacity * dk, origins);
    selfValues = gatherBatch(newValues, L, n, H * capacity * dk, origins);
  }

  let best = finished[0]!;
  for (const f of finished) if (f.score / (f.tokens.length + 1) > best.score / (best.tokens.length + 1)) best = f;
  const decoded = result(best.tokens, steps, { L, H, S, rows: best.attention }, tokens, best.logProbs.map(Math.exp));
  if (recorder) decoded.trace = recorder.trace(finished.indexOf(best));
  return decoded;
}

function result(
  ids: number[],
  steps: number,
  attention: { L: number; H: number; S: number; rows: Float32Array[] },
  tokens: TokenTable,
  confidences: number[] = [],
): Decoded {
  return { decoder: 'at', tokens: ids, text: tokens.decode(ids), confidences, attention: stackRows(attention), steps };
}

/** Per-step [L × H × S] rows to one [L × H × rows × S] tensor. */
export function stackRows({ L, H, S, rows }: { L: number; H: number; S: number; rows: Float32Array[] }): TokenAttention {
  const R = rows.length;
  const data = new Float32Array(L * H * R * S);
  rows.forEach((row, r) => {
    for (let lh = 0; lh < L * H; lh++) data.set(row.subarray(lh * S, (lh + 1) * S), (lh * R + r) * S);
  });
  return { source: 'cross-attention', layers: L, heads: H, rows: R, frames: S, data };
}

/** [L, 1, block] → [L, n, block]. */
export function tileBatch(data: Float32Array, L: number, block: number, n: number): Float32Array {
  const out = new Float32Array(L * n * block);
  for (let l = 0; l < L; l++) for (let b = 0; b < n; b++) out.set(data.subarray(l * block, (l + 1) * block), (l * n + b) * block);
  return out;
}

/** [L, n, block] → [L, origins.length, block], taking batch entries `origins`. */
function gatherBatch(data: Float32Array, L: number, n: number, block: number, origins: number[]): Float32Array {
  const m = origins.length;
  const out = new Float32Array(L * m * block);
  for (let l = 0; l < L; l++) {
    origins.forEach((origin, j) => out.set(data.subarray((l * n + origin) * block, (l * n + origin + 1) * block), (l * m + j) * block));
  }
  return out;
}

/** Batch entry `b` of [L, n, block] as [L, block]. */
function batchRow(data: Float32Array, L: number, n: number, block: number, b: number): Float32Array {
  const out = new Float32Array(L * block);
  for (let l = 0; l < L; l++) out.set(data.subarray((l * n + b) * block, (l * n + b + 1) * block), l * block);
  return out;
}

/** [rows, capacity, dk] → [rows, grown, dk], new slots zero. */
export function growCapacity(data: Float32Array, rows: number, capacity: number, grown: number, dk: number): Float32Array {
  const out = new Float32Array(rows * grown * dk);
  for (let r = 0; r < rows; r++) out.set(data.subarray(r * capacity * dk, (r + 1) * capacity * dk), r * grown * dk);
  return out;
}
