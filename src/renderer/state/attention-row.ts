// One row of a cross-attention map (one decoder step's attention over the encoder frames): a chosen layer and head,
// or the mean over all layers and/or heads, as the attention pane averages them. The explorer draws it over the
// waveform's time axis at the step shown, and says which frame it peaks at.
import type { TokenAttention } from '../../core/decoding';

/** Row `row` of `attention` over its frames (layer/head -1: the mean over all of them). */
export function attentionRow(attention: TokenAttention, row: number, layer = -1, head = -1): Float32Array {
  const { layers, heads, rows, frames, data } = attention;
  if (!(row >= 0 && row < rows)) throw new Error(`attention row ${row} is outside its ${rows} rows`);
  const out = new Float32Array(frames);
  let count = 0;
  for (let l = 0; l < layers; l++) {
    if (layer >= 0 && l !== layer) continue;
    for (let h = 0; h < heads; h++) {
      if (head >= 0 && h !== head) continue;
      const base = ((l * heads + h) * rows + row) * frames;
      for (let f = 0; f < frames; f++) out[f]! += data[base + f]!;
      count++;
    }
  }
  if (count > 1) for (let f = 0; f < frames; f++) out[f]! /= count;
  return out;
}

/** The frame a row peaks at (the first of equals), or -1 for an empty row. */
export function peakFrame(row: Float32Array): number {
  let best = -1;
  for (let f = 0; f < row.length; f++) if (best < 0 || row[f]! > row[best]!) best = f;
  return best;
}
