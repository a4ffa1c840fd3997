// The encoder part (with its CTC head): raw log-mel features in, encoder states, CTC log-probabilities
// and the last layer's self-attention out. Batch size is always 1 here.

import type { AttentionWindow, ModelConfig } from './bundle';
import type { PartSession } from './backend';
import { float32, floats, int64, int64s } from './tensors';

/** Feature frames one encoder frame sees: two valid 3x3 stride-2 convolutions (training/encoder.py). */
export const ENCODER_RECEPTIVE_FIELD = 7;
/** Feature frames between consecutive encoder frames. */
export const ENCODER_STRIDE = 4;

/** Encoder frames produced by `featureFrames` feature frames: floor((T - 7) / 4) + 1, none below 7. */
export function encodedFrameCount(featureFrames: number): number {
  return featureFrames < ENCODER_RECEPTIVE_FIELD ? 0 : Math.floor((featureFrames - ENCODER_RECEPTIVE_FIELD) / ENCODER_STRIDE) + 1;
}

/** Feature frames [start, end) that encoder frames [first, last) are computed from. */
export function featureSpan(first: number, last: number): { start: number; end: number } {
  return { start: ENCODER_STRIDE * first, end: ENCODER_STRIDE * (last - 1) + ENCODER_RECEPTIVE_FIELD };
}

export interface EncoderOutput {
  /** Encoder frames S. */
  frames: number;
  dModel: number;
  vocabulary: number;
  /** Row-major S × dModel. */
  encoded: Float32Array;
  /** Row-major S × V, natural-log probabilities. */
  ctcLogProbs: Float32Array;
  /** Row-major S × S, last layer, mean over heads; absent from streaming output. */
  selfAttention?: Float32Array;
  window: AttentionWindow;
}

/** Runs the encoder on `nFrames` feature frames (row-major nFrames × nMels) with the given window. */
export async function runEncoder(
  session: PartSession,
  config: ModelConfig,
  features: Float32Array,
  nFrames: number,
  window: AttentionWindow,
): Promise<EncoderOutput> {
  const { nMels } = config.features;
  const dModel = config.architecture.dModel;
  const vocabulary = config.tokens.list.length;
  if (features.length < nFrames * nMels) throw new Error(`features hold ${features.length} values, fewer than ${nFrames} × ${nMels}`);
  const frames = encodedFrameCount(nFrames);
  if (frames === 0) {
    return { frames, dModel, vocabulary, encoded: new Float32Array(0), ctcLogProbs: new Float32Array(0), selfAttention: new Float32Array(0), window };
  }
  const names = config.files.encoder;
  const input = features.length === nFrames * nMels ? features : features.subarray(0, nFrames * nMels);
  const out = await session.run({
    [names.inputs.features]: float32(input, [1, nFrames, nMels]),
    [names.inputs.featureLengths]: int64([nFrames]),
    [names.inputs.leftWindow]: int64([window.left]),
    [names.inputs.rightWindow]: int64([window.right]),
  });
  const produced = int64s(out[names.outputs.encodedLengths], names.outputs.encodedLengths)[0];
  if (produced !== frames) throw new Error(`the encoder produced ${produced} frames from ${nFrames} feature frames, expected ${frames}`);
  return {
    frames,
    dModel,
    vocabulary,
    encoded: floats(out[names.outputs.encoded], names.outputs.encoded),
    ctcLogProbs: floats(out[names.outputs.ctcLogProbs], names.outputs.ctcLogProbs),
    selfAttention: floats(out[names.outputs.selfAttention], names.outputs.selfAttention),
    window,
  };
}
