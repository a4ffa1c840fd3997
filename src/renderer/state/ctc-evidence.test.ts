// The CTC lane's frames (top-k, the frame under a time, spikes) and one cross-attention row per step.
import { describe, expect, it } from 'vitest';
import { ctcLane } from '../../core/ctc-lane';
import type { TokenAttention } from '../../core/decoding';
import { attentionRow, peakFrame, selectHeads } from './attention-row';
import { attendedFrames, emissions, frameAt, frameTopK, spikes } from './ctc-evidence';

// 3 frames × 4 tokens (blank 0): blank, then "c" (id 3), then blank.
const probs = [
  [0.9, 0.05, 0.03, 0.02],
  [0.2, 0.1, 0.1, 0.6],
  [0.7, 0.2, 0.05, 0.05],
];
const posteriors = { logProbs: Float32Array.from(probs.flat().map(Math.log)), frames: 3, vocabulary: 4 };

describe('CTC evidence', () => {
  it('lists a frame’s top-k tokens, blank included, best first', () => {
    const top = frameTopK(posteriors, 1, 2);
    expect(top.map((c) => c.token)).toEqual([3, 0]);
    expect(top[0]!.p).toBeCloseTo(0.6, 5);
    expect(frameTopK(posteriors, 2, 4).map((c) => c.token)).toEqual([0, 1, 2, 3]);
    expect(() => frameTopK(posteriors, 3, 2)).toThrow(/outside/);
  });

  it('finds the frame under a time and the frames where a character wins', () => {
    const lane = ctcLane(posteriors, 0, 0.04);
    expect(frameAt(lane, 1, 1.05)).toBe(1);
    expect(frameAt(lane, 1, 0.5)).toBe(0);
    expect(frameAt(lane, 1, 9)).toBe(2);
    expect(spikes(lane)).toEqual([1]);
    expect(emissions(lane)).toEqual([1]);
  });

  it('writes a run of one character once, and a repeat after a blank again', () => {
    // frames: c c ⟨blank⟩ c b
    const lane = { frameS: 0.04, blank: [0.1, 0.1, 0.9, 0.1, 0.1], token: [3, 3, 3, 3, 2], p: [0.8, 0.8, 0.05, 0.8, 0.8] };
    expect(spikes(lane)).toEqual([0, 1, 3, 4]);
    expect(emissions(lane)).toEqual([0, 3, 4]);
  });
});

describe('attentionRow', () => {
  // 2 layers × 2 heads × 2 rows × 3 frames
  const data = new Float32Array(24);
  const at = (l: number, h: number, r: number, f: number) => ((l * 2 + h) * 2 + r) * 3 + f;
  data[at(0, 0, 1, 0)] = 1;
  data[at(1, 1, 1, 2)] = 3;
  data[at(0, 1, 0, 1)] = 2;
  const attention: TokenAttention = { source: 'cross-attention', layers: 2, heads: 2, rows: 2, frames: 3, data };

  it('takes one layer and head, or the mean, of a step’s row; and where it peaks', () => {
    expect([...attentionRow(attention, 1, 0, 0)]).toEqual([1, 0, 0]);
    expect([...attentionRow(attention, 1)]).toEqual([0.25, 0, 0.75]);
    expect([...attentionRow(attention, 1, 1)]).toEqual([0, 0, 1.5]);
    expect(peakFrame(attentionRow(attention, 1))).toBe(2);
    expect(peakFrame(attentionRow(attention, 0))).toBe(1);
    expect(() => attentionRow(attention, 2)).toThrow(/outside/);
  });
});

describe('attendedFrames', () => {
  it('is the truncated window around the frame, clamped to the segment; nothing at full context', () => {
    expect(attendedFrames(10, { left: 8, right: 2 }, 100000, 50)).toEqual({ first: 2, last: 12 });
    expect(attendedFrames(3, { left: 8, right: 2 }, 100000, 50)).toEqual({ first: 0, last: 5 });
    expect(attendedFrames(49, { left: 16, right: 4 }, 100000, 50)).toEqual({ first: 33, last: 49 });
    expect(attendedFrames(10, { left: 100000, right: 100000 }, 100000, 50)).toBeUndefined();
  });
});

describe('selectHeads', () => {
  it('averages the chosen layers and heads over the whole map; each row of it is attentionRow', () => {
    const attention: TokenAttention = { source: 'cross-attention', layers: 2, heads: 2, rows: 3, frames: 4, data: Float32Array.from({ length: 48 }, (_, i) => i) };
    const mean = selectHeads(attention);
    expect(mean).toHaveLength(12);
    // slices start at 0, 12, 24, 36: the mean adds 18 to a slice's value
    expect(mean[0]).toBeCloseTo(18);
    expect(Array.from(selectHeads(attention, 1, 0))).toEqual(Array.from({ length: 12 }, (_, i) => 24 + i));
    for (let row = 0; row < 3; row++) expect(Array.from(attentionRow(attention, row, 0, -1))).toEqual(Array.from(selectHeads(attention, 0, -1).subarray(row * 4, row * 4 + 4)));
  });
});
