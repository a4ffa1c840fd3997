// Token and word timestamps from alignments. CTC: each token's run of frames (its spike). AT/NAT:
// cross-attention aligned to frames with dynamic time warping, as Whisper's timing.py does:
// standardise each head over tokens, median-filter over time, average the heads, DTW on the negated
// matrix; a token runs from where the path reaches its row to where it reaches the next.

import type { Decoded, TokenAttention } from './decoding';
import type { TokenTable } from './tokens';

export interface TokenTime {
  /** Seconds from the start of the decoded audio. */
  start: number;
  end: number;
}

export interface WordTiming {
  word: string;
  start: number;
  end: number;
  /** Mean probability of the word's tokens. */
  confidence: number;
}

export interface AttentionTimingOptions {
  /** Layers to use (default all). */
  layers?: number[];
  /** Median filter width over frames (odd; default 7, Whisper's). */
  medianWidth?: number;
  /** The first and last token may not stretch further than this from their peak into leading/trailing silence. */
  edgeSeconds?: number;
}

/** CTC: token i spans its frames [first, last]. */
export function ctcTokenTimes(spans: readonly { first: number; last: number }[], frameSeconds: number): TokenTime[] {
  return spans.map((s) => ({ start: s.first * frameSeconds, end: (s.last + 1) * frameSeconds }));
}

/** Times of the first `tokenCount` rows of `attention` (further rows, e.g. AT's end-of-sequence step, only shape the path). */
export function attentionTokenTimes(attention: TokenAttention, tokenCount: number, frameSeconds: number, options: AttentionTimingOptions = {}): TokenTime[] {
  const { rows: R, frames: S } = attention;
  if (tokenCount === 0 || R === 0 || S === 0) return [];
  const matrix = alignmentMatrix(attention, options);
  const path = dtw(matrix, R, S);
  const first = new Array<number>(R).fill(S);
  const last = new Array<number>(R).fill(-1);
  for (const [r, s] of path) {
    first[r] = Math.min(first[r]!, s);
    last[r] = Math.max(last[r]!, s);
  }
  const edge = Math.max(1, Math.round((options.edgeSeconds ?? 0.5) / frameSeconds));
  const peak = (r: number) => {
    let best = first[r]!;
    for (let s = first[r]!; s <= last[r]!; s++) if (matrix[r * S + s]! > matrix[r * S + best]!) best = s;
    return best;
  };
  const lastToken = Math.min(tokenCount, R) - 1;
  const times: TokenTime[] = [];
  for (let r = 0; r <= lastToken; r++) {
    // A token runs from the frame the path reaches it to the frame it reaches the next row (Whisper's jumps).
    let start = first[r]!;
    let end = r + 1 < R ? Math.max(first[r + 1]!, start) : last[r]! + 1;
    if (r === 0) start = Math.max(start, peak(r) - edge);
    if (r === lastToken) end = Math.min(end, peak(r) + edge + 1);
    times.push({ start: start * frameSeconds, end: end * frameSeconds });
  }
  return times;
}

/** Token times for any decoder's result (CTC spikes, else cross-attention DTW), offset by `offsetSeconds`. */
export function tokenTimes(decoded: Decoded, frameSeconds: number, offsetSeconds = 0, options?: AttentionTimingOptions): TokenTime[] {
  const times = decoded.frameSpans
    ? ctcTokenTimes(decoded.frameSpans, frameSeconds)
    : attentionTokenTimes(decoded.attention, decoded.tokens.length, frameSeconds, options);
  return times.map((t) => ({ start: t.start + offsetSeconds, end: t.end + offsetSeconds }));
}

/** Words are the runs of text tokens between space tokens; special tokens carry no text and are skipped. */
export function wordTimings(ids: readonly number[], times: readonly TokenTime[], confidences: readonly number[], tokens: TokenTable): WordTiming[] {
  const words: WordTiming[] = [];
  let current: { text: string; start: number; end: number; confidences: number[] } | undefined;
  const close = () => {
    if (current && current.text.length > 0) {
      const confidence = current.confidences.reduce((a, b) => a + b, 0) / current.confidences.length;
      words.push({ word: current.text, start: current.start, end: current.end, confidence });
    }
    current = undefined;
  };
  ids.forEach((id, i) => {
    const time = times[i];
    if (id === tokens.space) return close();
    const piece = tokens.piece(id);
    if (piece === '' || !time) return;
    if (!current) current = { text: '', start: time.start, end: time.end, confidences: [] };
    current.text += piece;
    current.start = Math.min(current.start, time.start);
    current.end = Math.max(current.end, time.end);
    current.confidences.push(confidences[i] ?? 0);
  });
  close();
  return words;
}

/** [rows × frames]: the chosen layers' heads, each standardised over rows and median-filtered over frames, averaged. */
export function alignmentMatrix(attention: TokenAttention, options: AttentionTimingOptions = {}): Float32Array {
  const { heads: H, rows: R, frames: S } = attention;
  const layers = options.layers ?? Array.from({ length: attention.layers }, (_, l) => l);
  const width = options.medianWidth ?? 7;
  const sum = new Float32Array(R * S);
  const head = new Float32Array(R * S);
  const source = new Float32Array(S);
  const window = new Float32Array(2 * Math.floor(width / 2) + 1);
  for (const l of layers) {
    for (let h = 0; h < H; h++) {
      head.set(attention.data.subarray((l * H + h) * R * S, (l * H + h + 1) * R * S));
      if (R > 1) standardiseColumns(head, R, S);
      for (let r = 0; r < R; r++) medianFilter(head.subarray(r * S, (r + 1) * S), width, source, window);
      for (let i = 0; i < R * S; i++) sum[i]! += head[i]!;
    }
  }
  const count = layers.length * H;
  for (let i = 0; i < sum.length; i++) sum[i]! /= count;
  return sum;
}

function standardiseColumns(m: Float32Array, R: number, S: number): void {
  // Row by row into per-column sums (the same additions in the same order as column by column, without
  // striding across the whole matrix for every column).
  const mean = new Float64Array(S);
  for (let r = 0; r < R; r++) for (let s = 0; s < S; s++) mean[s]! += m[r * S + s]!;
  for (let s = 0; s < S; s++) mean[s]! /= R;
  const variance = new Float64Array(S);
  for (let r = 0; r < R; r++) for (let s = 0; s < S; s++) variance[s]! += (m[r * S + s]! - mean[s]!) ** 2;
  const std = new Float64Array(S);
  for (let s = 0; s < S; s++) std[s] = Math.sqrt(variance[s]! / (R - 1)) || 1;
  for (let r = 0; r < R; r++) for (let s = 0; s < S; s++) m[r * S + s] = (m[r * S + s]! - mean[s]!) / std[s]!;
}

function medianFilter(row: Float32Array, width: number, source = new Float32Array(row.length), window = new Float32Array(2 * Math.floor(width / 2) + 1)): void {
  const half = Math.floor(width / 2);
  if (half === 0 || row.length <= half) return;
  const n = row.length;
  source.set(row);
  // A small window kept sorted by insertion, buffers passed in by the caller: this runs for every head,
  // row and frame (millions of times on a 30-s utterance), where a comparator sort of a fresh array per
  // frame cost more than the encoder.
  for (let s = 0; s < n; s++) {
    for (let k = -half, filled = 0; k <= half; k++, filled++) {
      // Reflect at the edges, like scipy/torch's reflect padding.
      let i = s + k;
      if (i < 0) i = -i;
      if (i >= n) i = 2 * (n - 1) - i;
      const value = source[i < 0 ? 0 : i >= n ? n - 1 : i]!;
      let j = filled;
      while (j > 0 && window[j - 1]! > value) {
        window[j] = window[j - 1]!;
        j--;
      }
      window[j] = value;
    }
    row[s] = window[half]!;
  }
}

/**
 * Monotonic alignment of R rows to S frames maximising the summed matrix (DTW on its negation):
 * moves diagonal, down (next row, same frame) or right (same row, next frame). Returns [row, frame] pairs.
 */
export function dtw(matrix: Float32Array, R: number, S: number): [number, number][] {
  const cost = new Float64Array((R + 1) * (S + 1)).fill(Infinity);
  const move = new Uint8Array((R + 1) * (S + 1));
  const W = S + 1;
  cost[0] = 0;
  for (let s = 1; s <= S; s++) {
    for (let r = 1; r <= R; r++) {
      const diagonal = cost[(r - 1) * W + s - 1]!;
      const up = cost[(r - 1) * W + s]!;
      const left = cost[r * W + s - 1]!;
      let best = diagonal;
      let m = 0;
      if (up < best) [best, m] = [up, 1];
      if (left < best) [best, m] = [left, 2];
      cost[r * W + s] = best - matrix[(r - 1) * S + s - 1]!;
      move[r * W + s] = m;
    }
  }
  const path: [number, number][] = [];
  let r = R;
  let s = S;
  while (r > 0 && s > 0) {
    path.push([r - 1, s - 1]);
    const m = move[r * W + s];
    if (m === 0) [r, s] = [r - 1, s - 1];
    else if (m === 1) r -= 1;
    else s -= 1;
  }
  return path.reverse();
}
