import { describe, expect, it } from 'vitest';
import { CtcGreedyDecoder, ctcDecode, ctcGreedy } from './ctc';
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
