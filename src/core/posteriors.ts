// A segment's CTC log-posteriors as a stored result keeps them, so an edited transcript can be re-aligned
// (align.ts) without the audio or the model: per encoder frame, the k likeliest tokens with their
// log-probabilities quantised to a byte (1/16 nat steps, down to -15.9), base64 in the JSON. Every other
// token of the frame gets an equal share of the probability the kept ones leave (never more than the
// least kept one). Self-contained: the record names its vocabulary and frame length, so main aligns an edit
// from the stored result alone. Sizes and the alignment error k costs: docs/editing.md.

import type { StoredSegment } from '../shared/contract';
import type { AlignmentVocabulary, CtcPosteriors } from './align';

/** At most this many tokens per frame, fewer once they hold all but STORED_REST of it (docs/editing.md: chosen on dev data). */
export const STORED_TOP_K = 8;
export const STORED_REST = 0.001;
/** Quantisation steps per nat. */
const STEPS = 16;

/** The stored shape (src/shared/contract.ts, a segment's `ctc`): vocabulary, frame length, frames × k (token id byte, quantised -log p byte) in base64, likeliest first. */
export type StoredPosteriors = NonNullable<StoredSegment['ctc']>;

export interface StoreOptions {
  /** At most this many tokens per frame. */
  k?: number;
  /** Fewer where the kept ones already hold all but this much of the frame's probability (0: always k). */
  rest?: number;
}

/**
 * Keeps each frame's likeliest tokens: at least one, at most `k`, stopping once they hold all but `rest` of the
 * probability. Bytes per kept token: its id, with the top bit set on a frame's last, then -log p in 1/16 nats.
 */
export function storePosteriors(posteriors: CtcPosteriors, vocabulary: AlignmentVocabulary, frameS: number, options: StoreOptions = {}): StoredPosteriors {
  const { logProbs, frames, vocabulary: V } = posteriors;
  if (V > 128) throw new Error(`storePosteriors: a vocabulary of ${V} tokens does not fit 7 bits per id`);
  const k = Math.min(options.k ?? STORED_TOP_K, V);
  const rest = options.rest ?? STORED_REST;
  const bytes: number[] = [];
  const order = Array.from({ length: V }, (_, i) => i);
  for (let t = 0; t < frames; t++) {
    const row = logProbs.subarray(t * V, (t + 1) * V);
    order.sort((a, b) => row[b]! - row[a]! || a - b);
    let mass = 0;
    for (let j = 0; j < k; j++) {
      const id = order[j]!;
      mass += Math.exp(row[id]!);
      const last = j === k - 1 || mass >= 1 - rest;
      bytes.push(id | (last ? 0x80 : 0), Math.min(255, Math.max(0, Math.round(-row[id]! * STEPS))));
      if (last) break;
    }
  }
  return { frameS, tokens: [...vocabulary.list], blank: vocabulary.blank, space: vocabulary.space, frames, k, data: toBase64(Uint8Array.from(bytes)) };
}

/** The dense frames × vocabulary log-posteriors the stored ones stand for. */
export function restorePosteriors(stored: StoredPosteriors): CtcPosteriors {
  const V = stored.tokens.length;
  const { frames } = stored;
  const bytes = fromBase64(stored.data);
  const logProbs = new Float32Array(frames * V);
  const ids: number[] = [];
  const values: number[] = [];
  let at = 0;
  for (let t = 0; t < frames; t++) {
    ids.length = 0;
    values.length = 0;
    let last = false;
    while (!last) {
      if (at + 1 >= bytes.length) throw new Error(`stored posteriors end at frame ${t} of ${frames}`);
      last = (bytes[at]! & 0x80) !== 0;
      ids.push(bytes[at]! & 0x7f);
      values.push(-bytes[at + 1]! / STEPS);
      at += 2;
    }
    const mass = values.reduce((a, v) => a + Math.exp(v), 0);
    const least = Math.min(...values);
    const others = V - ids.length;
    const share = others > 0 ? Math.min(least, Math.log(Math.max(1 - mass, 1e-7) / others)) : -Infinity;
    logProbs.fill(share, t * V, (t + 1) * V);
    ids.forEach((id, j) => (logProbs[t * V + id] = values[j]!));
  }
  if (at !== bytes.length) throw new Error(`stored posteriors hold ${bytes.length - at} bytes after their ${frames} frames`);
  return { logProbs, frames, vocabulary: V };
}

/** The vocabulary a stored record aligns with. */
export function storedVocabulary(stored: StoredPosteriors): AlignmentVocabulary {
  return { list: stored.tokens, blank: stored.blank, space: stored.space };
}

// base64 by hand over btoa/atob (both in browsers, workers and Node), in chunks so long segments do not
// overflow the argument list.
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
