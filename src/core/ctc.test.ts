import { describe, expect, it } from 'vitest';
import { CtcGreedyDecoder, CtcPrefixScorer, ctcDecode, ctcGreedy } from './ctc';
import { TokenTable } from './tokens';

const table = new TokenTable({ list: ['<blank>', '<unk>', '<sos/eos>', '<mask>', ' ', "'", 'a', 'b'], blank: 0, unk: 1, sosEos: 2, mask: 3, space: 4 });
const V = table.size;

/** Log-probabilities where frame t's best id is path[t] with probability probs[t]. */
function logProbs(path: number[], probs: number[]): Float32Array {
  const out = new Float32Array(path.length * V);
  path.forEach((id, t) => {
    const rest = (1 - probs[t]!) / (V - 1);
    for (let k = 0; k < V; k++) out[t * V + k] = Math.log(k === id ? probs[t]! : rest);
  });
  return out;
}

describe('CTC greedy (ctc.py greedy)', () => {
  const path = [0, 6, 6, 0, 6, 7, 7, 4, 0, 7];
  const probs = [0.9, 0.5, 0.8, 0.9, 0.6, 0.7, 0.95, 0.6, 0.9, 0.4];
  it('collapses repeats, drops blanks, keeps the max probability and the frames of each token', () => {
    const tokens = ctcGreedy(logProbs(path, probs), path.length, V, 0);
    expect(tokens.map((t) => t.id)).toEqual([6, 6, 7, 4, 7]);
    expect(tokens.map((t) => t.confidence)).toEqual([0.8, 0.6, 0.95, 0.6, 0.4].map((p) => expect.closeTo(p, 5)));
    expect(tokens.map((t) => [t.firstFrame, t.lastFrame])).toEqual([[1, 2], [4, 4], [5, 6], [7, 7], [9, 9]]);
  });
  it('gives the same tokens fed frame by frame (live partials)', () => {
    const all = logProbs(path, probs);
    const live = new CtcGreedyDecoder(0, V);
    for (let t = 0; t < path.length; t++) live.push(all.subarray(t * V, (t + 1) * V));
    expect(live.tokens).toEqual(ctcGreedy(all, path.length, V, 0));
    expect(live.frames).toBe(path.length);
  });
  it('decodes to text with posteriors as its alignment', () => {
    const lp = logProbs(path, probs);
    const decoded = ctcDecode({ frames: path.length, dModel: 1, vocabulary: V, encoded: new Float32Array(path.length), ctcLogProbs: lp, window: { left: 1, right: 1 } }, table);
    expect(decoded.text).toBe("aab b");
    expect(decoded.attention).toMatchObject({ source: 'ctc-posterior', layers: 1, heads: 1, rows: 5, frames: 10 });
    expect(decoded.attention.data[1]).toBeCloseTo(0.5, 5); // token 0 ('a') at frame 1
    expect(decoded.frameSpans?.[2]).toEqual({ first: 5, last: 6 });
  });
});

describe('CtcPrefixScorer (training/ctc.py PrefixScorer)', () => {
  // 6 frames × 5 symbols: blank 0, characters 1..3, 4 stands for eos. Random rows, log-softmaxed.
  const T = 6;
  const V = 5;
  const logProbs = new Float32Array(T * V);
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
  for (let t = 0; t < T; t++) {
    const row = Array.from({ length: V }, random);
    const norm = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    row.forEach((v, k) => (logProbs[t * V + k] = v - norm));
  }

  /** log Σ over every frame path whose collapsed labelling satisfies `keep`. */
  function bruteForce(keep: (labels: number[]) => boolean): number {
    let total = 0;
    for (let code = 0; code < V ** T; code++) {
      const path = Array.from({ length: T }, (_, t) => Math.floor(code / V ** t) % V);
      const labels = path.filter((k, t) => k !== 0 && (t === 0 || path[t - 1] !== k));
      if (keep(labels)) total += Math.exp(path.reduce((s, k, t) => s + logProbs[t * V + k]!, 0));
    }
    return Math.log(total);
  }

  function walk(prefix: number[]) {
    const scorer = new CtcPrefixScorer(logProbs, T, V, 0, 4);
    let state = scorer.initial();
    let last: number | undefined;
    let scores = scorer.extend(state, last).scores;
    for (const c of prefix) {
      const next = scorer.extend(state, last);
      scores = next.scores;
      state = next.states[c]!;
      last = c;
    }
    return { scorer, state, last, scores };
  }

  it('scores a prefix by every path that starts with it (repeats included), and carries that score in its state', () => {
    for (const prefix of [[2], [1, 3], [3, 3], [1, 2, 1]]) {
      const { state, scores } = walk(prefix);
      const expected = bruteForce((labels) => prefix.every((c, i) => labels[i] === c));
      expect(scores[prefix[prefix.length - 1]!]).toBeCloseTo(expected, 6);
      expect(state.psi).toBeCloseTo(expected, 6);
    }
  });

  it('scores eos by the probability of exactly the prefix, and never proposes blank', () => {
    for (const prefix of [[2], [3, 3], [1, 2, 1]]) {
      const { scorer, state, last } = walk(prefix);
      const { scores } = scorer.extend(state, last);
      expect(scores[4]).toBeCloseTo(bruteForce((labels) => labels.length === prefix.length && prefix.every((c, i) => labels[i] === c)), 6);
      expect(scores[0]).toBe(-Infinity);
    }
  });
});
