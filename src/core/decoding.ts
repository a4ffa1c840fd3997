// What every decoder returns, so the transcript, alignment and timing code treat CTC, AT and NAT alike.

import { RESCORE_DEFAULTS, type DecodingConfig } from './bundle';
import type { DecoderTrace, TraceOptions } from './trace';

/** 'rescore': the CTC prefix beam's n-best reranked by the AT decoder (rescore.ts). */
export type DecoderKind = 'ctc' | 'at' | 'nat' | 'rescore';

/**
 * Attention from output tokens (rows) to encoder frames (columns), per layer and head:
 * data[((layer · heads + head) · rows + row) · frames + frame].
 */
export interface TokenAttention {
  /** 'cross-attention' for AT/NAT; 'ctc-posterior' for CTC (one layer, one head: each token's probability per frame). */
  source: 'cross-attention' | 'ctc-posterior';
  layers: number;
  heads: number;
  rows: number;
  frames: number;
  data: Float32Array;
}

export interface Decoded {
  decoder: DecoderKind;
  /** Model token ids (special ids included: they are what the model chose). */
  tokens: number[];
  text: string;
  /** Probability of each token, 0..1. */
  confidences: number[];
  /**
   * Rows of `attention` belong to tokens[i] for i < tokens.length; AT adds one row for the step that
   * predicted end-of-sequence when it did.
   */
  attention: TokenAttention;
  /** CTC only: each token's run of encoder frames [first, last]. */
  frameSpans?: { first: number; last: number }[];
  /** AT: decoder steps; NAT: decoder passes; CTC: 0. */
  steps: number;
  /** What the search did, step by step (trace.ts), when DecodeOptions.trace asked for it. */
  trace?: DecoderTrace;
}

export interface DecodeOptions {
  decoder: DecoderKind;
  /** AT or CTC beam size; 1 is greedy. Default 1. Rescore: the n-best size (the CTC beam's), default model.json decoding.rescoreBeam. */
  beam?: number;
  /**
   * AT: weight of the CTC prefix score in joint decoding, in [0, 1); 0 is the AT decoder alone. Rescore: the CTC
   * score's weight against the AT score's, in [0, 1]. Default from model.json.
   */
  ctcWeight?: number;
  /**
   * AT and CTC: weight of the bundle's character language model (shallow fusion), >= 0; 0 is none. Default:
   * model.json decoding.lmWeight (AT) or ctcLmWeight (CTC) for beam search (beam > 1), 0 for greedy decoding
   * (AT: it was measured to hurt; CTC greedy has no search to fuse it into). Rescore: the weight of the n-best's
   * language-model score in the combined score (model.json decoding.rescoreLmWeight); the n-best itself comes from
   * CTC beam search at the CTC weights.
   */
  lmWeight?: number;
  /**
   * AT and CTC beam search: weight of the bundle's word language model (word-fusion.ts: each completed word adds
   * weight · ln p(word | previous words)), >= 0; 0 is none. Default: model.json decoding.wordLmWeight (AT) or
   * ctcWordLmWeight (CTC) for beam search, 0 for greedy decoding.
   */
  wordLmWeight?: number;
  /** With the word model: subtracted once per word outside its vocabulary. Default: decoding.oovPenalty (AT) or ctcOovPenalty (CTC). */
  oovPenalty?: number;
  /** NAT mask-predict iterations after the first pass. Default 0. */
  iterations?: number;
  /** NAT: CTC characters below this probability are masked; default from model.json. */
  maskCtcThreshold?: number;
  /**
   * Record the search for the decoding explorer (Decoded.trace, trace.ts): true for the default bounds, or how
   * much to keep. Absent or false: nothing is recorded and the decoders run as without the option.
   */
  trace?: boolean | TraceOptions;
}

export type WeightDefaults = Pick<
  DecodingConfig,
  'atCtcWeight' | 'lmWeight' | 'ctcLmWeight' | 'ctcLengthBonus' | 'wordLmWeight' | 'oovPenalty' | 'wordBonus' | 'ctcWordLmWeight' | 'ctcOovPenalty' | 'ctcWordBonus'
> &
  Partial<Pick<DecodingConfig, 'rescoreCtcWeight' | 'rescoreLmWeight' | 'rescoreLengthBonus'>>;

/**
 * The weights a decoder searches with: AT's CTC and language-model weights; CTC beam search's language-model weight
 * and length bonus; for both, with the word language model, its weight, out-of-vocabulary penalty and word bonus
 * (present only when the word weight is above 0, so a search without the word model records what it did before).
 */
export interface SearchWeights {
  ctcWeight?: number;
  lmWeight?: number;
  lengthBonus?: number;
  wordLmWeight?: number;
  oovPenalty?: number;
  wordBonus?: number;
}

export type WeightOptions = Pick<DecodeOptions, 'decoder' | 'beam' | 'ctcWeight' | 'lmWeight' | 'wordLmWeight' | 'oovPenalty'>;

function wordWeights(wordLmWeight: number, oovPenalty: number, wordBonus: number): SearchWeights {
  return wordLmWeight > 0 ? { wordLmWeight, oovPenalty, wordBonus } : {};
}

/**
 * The weights `options` decode with, given a bundle's defaults: the one rule the recogniser decodes by and the
 * app and the CLI record in results. NAT and greedy CTC search nothing, so they have none.
 */
export function searchWeights(defaults: WeightDefaults, options: WeightOptions): SearchWeights {
  const beam = (options.beam ?? 1) > 1;
  if (options.decoder === 'rescore') {
    // The word terms are those of the CTC beam that gives the n-best (with the word model, its word beam's).
    return {
      ctcWeight: options.ctcWeight ?? defaults.rescoreCtcWeight ?? RESCORE_DEFAULTS.ctcWeight,
      lmWeight: options.lmWeight ?? defaults.rescoreLmWeight ?? RESCORE_DEFAULTS.lmWeight,
      lengthBonus: defaults.rescoreLengthBonus ?? RESCORE_DEFAULTS.lengthBonus,
      ...wordWeights(options.wordLmWeight ?? defaults.ctcWordLmWeight, options.oovPenalty ?? defaults.ctcOovPenalty, defaults.ctcWordBonus),
    };
  }
  if (options.decoder === 'at') {
    return {
      ctcWeight: options.ctcWeight ?? defaults.atCtcWeight,
      lmWeight: options.lmWeight ?? (beam ? defaults.lmWeight : 0),
      ...wordWeights(options.wordLmWeight ?? (beam ? defaults.wordLmWeight : 0), options.oovPenalty ?? defaults.oovPenalty, defaults.wordBonus),
    };
  }
  if (options.decoder === 'ctc' && beam) {
    const lmWeight = options.lmWeight ?? defaults.ctcLmWeight;
    // The bonus offsets what each character costs under the language model: without it, none.
    return {
      lmWeight,
      lengthBonus: lmWeight > 0 ? defaults.ctcLengthBonus : 0,
      ...wordWeights(options.wordLmWeight ?? defaults.ctcWordLmWeight, options.oovPenalty ?? defaults.ctcOovPenalty, defaults.ctcWordBonus),
    };
  }
  return {};
}
