import { describe, expect, it } from 'vitest';
import type { TokenAttention } from './decoding';
import { alignmentMatrix, attentionTokenTimes, ctcTokenTimes, dtw, wordTimings } from './timing';
import { TokenTable } from './tokens';

const table = new TokenTable({ list: ['<blank>', '<unk>', '<sos/eos>', '<mask>', ' ', "'", 'a', 'b', 'c'], blank: 0, unk: 1, sosEos: 2, mask: 3, space: 4 });

describe('dtw', () => {
  it('follows a monotonic ridge', () => {
    // rows 0..2 peak at frames 1, 4, 7
    const R = 3;
    const S = 9;
    const m = new Float32Array(R * S);
    [1, 4, 7].forEach((s, r) => (m[r * S + s] = 1));
    const path = dtw(m, R, S);
    expect(path[0]).toEqual([0, 0]);
    expect(path[path.length - 1]).toEqual([2, 8]);
    for (let i = 1; i < path.length; i++) {
      expect(path[i]![0] - path[i - 1]![0]).toBeGreaterThanOrEqual(0);
      expect(path[i]![1] - path[i - 1]![1]).toBeGreaterThanOrEqual(0);
    }
    expect(path).toContainEqual([0, 1]);
    expect(path).toContainEqual([1, 4]);
    expect(path).toContainEqual([2, 7]);
  });
});

describe('token times', () => {
  it('CTC: a token spans its run of frames', () => {
    expect(ctcTokenTimes([{ first: 2, last: 3 }, { first: 10, last: 10 }], 0.04)).toEqual([
      { start: 0.08, end: 0.16 },
      { start: 0.4, end: expect.closeTo(0.44, 10) },
    ]);
  });

  it('cross-attention: monotonic times that follow the attention peaks', () => {
    const L = 1, H = 2, R = 4, S = 40;
    const data = new Float32Array(L * H * R * S);
    const centres = [5, 15, 25, 33];
    for (let h = 0; h < H; h++)
      for (let r = 0; r < R; r++)
        for (let s = 0; s < S; s++) data[(h * R + r) * S + s] = Math.exp(-(((s - centres[r]!) / 2) ** 2));
    const attention: TokenAttention = { source: 'cross-attention', layers: L, heads: H, rows: R, frames: S, data };
    // The last row is AT's end-of-sequence step: it shapes the path but has no token.
    const times = attentionTokenTimes(attention, 3, 0.04);
    expect(times).toHaveLength(3);
    times.forEach((t, r) => {
      expect(t.start).toBeLessThanOrEqual(centres[r]! * 0.04 + 1e-9);
      expect(t.end).toBeGreaterThan(centres[r]! * 0.04);
      if (r > 0) expect(t.start).toBeGreaterThanOrEqual(times[r - 1]!.end - 1e-9);
    });
  });
});

describe('words', () => {
  it('are runs of characters between spaces, specials skipped', () => {
    const ids = [6, 7, 4, 3, 8, 6, 4, 4, 2];
    const times = ids.map((_, i) => ({ start: i * 0.1, end: i * 0.1 + 0.1 }));
    const confidences = [1, 0.5, 1, 1, 0.2, 0.4, 1, 1, 1];
    const words = wordTimings(ids, times, confidences, table);
    expect(words.map((w) => w.word)).toEqual(['ab', 'ca']);
    expect(words[0]).toMatchObject({ start: 0, end: expect.closeTo(0.2, 10), confidence: 0.75 });
    expect(words[1]).toMatchObject({ start: expect.closeTo(0.4, 10), end: expect.closeTo(0.6, 10), confidence: expect.closeTo(0.3, 10) });
  });
});

describe('alignment matrix', () => {
  /** The definition, written plainly: each head standardised per frame over rows, median over frames (reflected edges), heads averaged. */
  function reference(attention: TokenAttention, width: number): Float32Array {
    const { layers: L, heads: H, rows: R, frames: S, data } = attention;
    const half = Math.floor(width / 2);
    const sum = new Float32Array(R * S);
    for (let lh = 0; lh < L * H; lh++) {
      const head = Float32Array.from(data.subarray(lh * R * S, (lh + 1) * R * S));
      if (R > 1) {
        for (let s = 0; s < S; s++) {
          const column = Array.from({ length: R }, (_, r) => head[r * S + s]!);
          const mean = column.reduce((a, b) => a + b, 0) / R;
          const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1)) || 1;
          column.forEach((v, r) => (head[r * S + s] = (v - mean) / std));
        }
      }
      for (let r = 0; r < R; r++) {
        const row = head.slice(r * S, (r + 1) * S);
        for (let s = 0; s < S && half > 0 && S > half; s++) {
          const window = [];
          for (let k = -half; k <= half; k++) window.push(row[Math.abs(s + k) >= S ? 2 * (S - 1) - (s + k) : Math.abs(s + k)]!);
          head[r * S + s] = window.sort((a, b) => a - b)[half]!;
        }
      }
      for (let i = 0; i < R * S; i++) sum[i]! += head[i]!;
    }
    return sum.map((v) => v / (L * H));
  }

  it('equals its definition for odd and even filter widths and rows shorter than the filter', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const [R, S, width] of [[5, 23, 7], [3, 11, 4], [1, 9, 7], [4, 3, 7], [2, 8, 1]] as const) {
      const attention: TokenAttention = { source: 'cross-attention', layers: 2, heads: 3, rows: R, frames: S, data: Float32Array.from({ length: 6 * R * S }, random) };
      expect(Array.from(alignmentMatrix(attention, { medianWidth: width }))).toEqual(Array.from(reference(attention, width)));
    }
  });
});
