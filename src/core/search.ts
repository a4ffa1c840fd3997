// Search helpers shared by the decoders (training/decode.py): the length cap, the repetition guard,
// top-k selection over a row of log-probabilities, and log-addition.

/** Most tokens an AT hypothesis may have: frames · frame seconds · tokens per second + 10 (decode.py max_tokens). */
export function maxTokens(encodedFrames: number, tokensPerSecond: number, frameSeconds = 0.04): number {
  return Math.trunc(encodedFrames * frameSeconds * tokensPerSecond) + 10;
}

/** True when the tail is one short pattern (1..span tokens) repeated `times` times: a runaway loop. */
export function repeatsTooMuch(tokens: readonly number[], span = 8, times = 4): boolean {
  for (let size = 1; size <= span; size++) {
    if (tokens.length < size * times) continue;
    const tailStart = tokens.length - size;
    let repeated = true;
    for (let r = 1; r < times && repeated; r++) {
      const start = tokens.length - size * (r + 1);
      for (let i = 0; i < size; i++) {
        if (tokens[start + i] !== tokens[tailStart + i]) {
          repeated = false;
          break;
        }
      }
    }
    if (repeated) return true;
  }
  return false;
}

export interface Scored {
  id: number;
  value: number;
}

/** The k largest values of row `row` of a row-major matrix, largest first (ties: lower id first). */
export function topK(data: Float32Array | Float64Array, row: number, width: number, k: number): Scored[] {
  const best: Scored[] = [];
  const base = row * width;
  for (let id = 0; id < width; id++) {
    const value = data[base + id]!;
    if (best.length === k && value <= best[k - 1]!.value) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.value < value) at--;
    best.splice(at, 0, { id, value });
    if (best.length > k) best.pop();
  }
  return best;
}

/** Index and value of the largest entry of row `row` (ties: lowest index). */
export function argmax(data: Float32Array, row: number, width: number): Scored {
  const base = row * width;
  let id = 0;
  let value = data[base]!;
  for (let k = 1; k < width; k++) {
    const v = data[base + k]!;
    if (v > value) {
      value = v;
      id = k;
    }
  }
  return { id, value };
}

/** log(exp(a) + exp(b)) without overflow; -Infinity is log 0. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
}
