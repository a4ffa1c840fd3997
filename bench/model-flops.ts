// Multiply-adds of the model's parts, from model.json's architecture (training/encoder.py, decoder.py,
// nat.py): the dense layers and attention products, which are nearly all of the arithmetic. FLOPs are
// twice the multiply-adds.

import { encodedFrameCount, type ModelConfig } from '../src/core';

/** training/model.py's default subsampling channels (not in model.json; the shipped bundle's is 48). */
export const SUBSAMPLING_CHANNELS = 48;

/** Full-context encoder on `featureFrames` frames: the two convolutions, the projection, every layer, the CTC head. */
export function encoderMacs(config: ModelConfig, featureFrames: number): number {
  const { dModel: d, ffDim, encoderLayers } = config.architecture;
  const nMels = config.features.nMels;
  const V = config.tokens.list.length;
  const C = SUBSAMPLING_CHANNELS;
  const rows1 = Math.floor((featureFrames - 3) / 2) + 1;
  const freq1 = Math.floor((nMels - 3) / 2) + 1;
  const S = encodedFrameCount(featureFrames);
  const freq2 = Math.floor((freq1 - 3) / 2) + 1;
  const convolutions = C * 9 * rows1 * freq1 + C * C * 9 * S * freq2;
  const projection = S * C * freq2 * d;
  // q, k, v, out; the feed-forward; scores and weighted sum over all S × S pairs (the window is a mask).
  const layer = S * (4 * d * d + 2 * d * ffDim) + 2 * S * S * d;
  return convolutions + projection + encoderLayers * layer + S * d * V;
}

/** One NAT pass over U tokens and S encoder frames. */
export function natPassMacs(config: ModelConfig, S: number, U: number): number {
  const { dModel: d, ffDim, natLayers } = config.architecture;
  const V = config.tokens.list.length;
  // self-attention (q, k, v, out + U × U products), cross-attention (q, out on tokens, k, v on frames + U × S products), feed-forward
  const layer = U * 4 * d * d + 2 * U * U * d + U * 2 * d * d + S * 2 * d * d + 2 * U * S * d + U * 2 * d * ffDim;
  return natLayers * layer + U * d * V;
}
