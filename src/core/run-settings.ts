// What a recognition ran with: the decoder options resolved against the bundle's defaults (beam,
// iterations, the search weights by decoding.searchWeights, the encoder window). Recognitions and
// transcripts carry it, and results record it, so a stored result says what ran, not what was asked.

import type { AttentionWindow, ModelConfig } from './bundle';
import { searchWeights, type DecodeOptions, type DecoderKind, type SearchWeights } from './decoding';

export interface RunSettings extends SearchWeights {
  decoder: DecoderKind;
  /** AT or CTC beam size (1: greedy; NAT: 1). */
  beam: number;
  /** NAT mask-predict iterations (0 for AT and CTC). */
  iterations: number;
  /** The encoder's attention window (full context: the bundle's "unlimited" on both sides). */
  window: AttentionWindow;
}

/** `options` as they run on a bundle with `config`; no window means full context. */
export function runSettings(config: Pick<ModelConfig, 'decoding' | 'architecture'>, options: DecodeOptions & { window?: AttentionWindow | undefined }): RunSettings {
  const unlimited = config.architecture.trainedWindows.unlimited;
  const nat = options.decoder === 'nat';
  return {
    decoder: options.decoder,
    beam: nat ? 1 : (options.beam ?? (options.decoder === 'rescore' ? config.decoding.rescoreBeam : 1)),
    iterations: nat ? (options.iterations ?? 0) : 0,
    window: options.window ?? { left: unlimited, right: unlimited },
    ...searchWeights(config.decoding, options),
  };
}
