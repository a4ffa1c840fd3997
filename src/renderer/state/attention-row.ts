// One row of a cross-attention map (one decoder step's attention over the encoder frames): a chosen layer and head,
// or the mean over all layers and/or heads, as the attention pane averages them. The explorer draws it over the
// waveform's time axis at the step shown, and says which frame it peaks at.
import type { TokenAttention } from '../../core/decoding';

/**
 * The mean over the chosen layer and head (each -1: all of them) of the values [offset, offset + length) of every
 * layer × head slice of `attention` (each slice rows × frames): the whole map, or one row of it.
 */
function meanOfSlices(attention: TokenAttention, layer: number, head: number, offset: number, length: number): Float32Array {
  const { layers, heads, rows, frames, data } = attention;
  const out = new Float32Array(length);
  let count = 0;
  for (let l = 0; l < layers; l++) {
    if (layer >= 0 && l !== layer) continue;
    for (let h = 0; h < heads; h++) {
      if (head >= 0 && h !== head) continue;
      const base = (l * heads + h) * rows * frames + offset;
      for (let i = 0; i < length; i++) out[i]! += data[base + i]!;
      count++;
    }
  }
  if (count > 1) for (let i = 0; i < length; i++) out[i]! /= count;
  return out;
}

/** The chosen layer/head's rows × frames, or the mean over all layers and/or heads (the attention pane's map). */
export function selectHeads(attention: TokenAttention, layer = -1, head = -1): Float32Array {
  return meanOfSlices(attention, layer, head, 0, attention.rows * attention.frames);
}

/** Row `row` of `attention` over its frames (layer/head -1: the mean over all of them). */
export function attentionRow(attention: TokenAttention, row: number, layer = -1, head = -1): Float32Array {
  const { rows, frames } = attention;
  if (!(row >= 0 && row < rows)) throw new Error(`attention row ${row} is outside its ${rows} rows`);
  return meanOfSlices(attention, layer, head, row * frames, frames);
}

/** The frame a row peaks at (the first of equals), or -1 for an empty row. */
export function peakFrame(row: Float32Array): number {
  let best = -1;
  for (let f = 0; f < row.length; f++) if (best < 0 || row[f]! > row[best]!) best = f;
  return best;
}
