// The log-mel feature parameters. They live in src/shared/features.json, the single place shared with
// the Python recipe (training/features.py) and the model bundle (docs/bundle.md); this module only
// gives them types.

import features from '../shared/features.json';

export interface FeatureParameters {
  /** Hz; everything the front end emits is at this rate, mono. */
  readonly sampleRate: number;
  readonly nMels: number;
  /** Samples per analysis frame (a power of two, as Meyda requires). */
  readonly frameSize: number;
  /** Samples between frame starts. */
  readonly hopSize: number;
  /** Meyda's windowing function name. */
  readonly window: string;
  /** Meyda builds max(nMels, numberOfMFCCCoefficients) mel filters, so this matters for melBands too. */
  readonly numberOfMFCCCoefficients: number;
}

export const FEATURE_PARAMETERS: FeatureParameters = Object.freeze({
  sampleRate: features.sampleRate,
  nMels: features.nMels,
  frameSize: features.frameSize,
  hopSize: features.hopSize,
  window: features.window,
  numberOfMFCCCoefficients: features.numberOfMFCCCoefficients,
});

/** The rate of every sample array the front end returns or emits. */
export const TARGET_SAMPLE_RATE = FEATURE_PARAMETERS.sampleRate;
