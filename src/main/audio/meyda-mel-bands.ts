// Meyda's melBands for one frame, with Meyda configured from the shared parameters.
//
// Meyda is a process-wide singleton with two caches that can go stale (see Meyda.extract in
// node_modules/meyda/dist/node/main.js):
//  - the mel filterbank is rebuilt only when `melFilterBank.length != melBands`, so a change of
//    sampleRate or bufferSize alone keeps the old filters; and it is built with
//    max(melBands, numberOfMFCCCoefficients) filters, so numberOfMFCCCoefficients matters too;
//  - windows are cached per (name, length), which is harmless.
// Anyone else in the main process may reconfigure the singleton, so before every batch of frames we
// re-apply our parameters and drop the filterbank unless it is the one built under them.

import MeydaModule from 'meyda';
import { FEATURE_PARAMETERS } from './feature-parameters';

interface MeydaSingleton {
  bufferSize: number;
  sampleRate: number;
  melBands: number;
  numberOfMFCCCoefficients: number;
  windowingFunction: string;
  melFilterBank?: number[][];
  extract(feature: 'melBands', signal: Float32Array): number[];
}

// Meyda is CommonJS: under Node ESM the default import is module.exports itself, under a bundler's
// interop it may be wrapped in { default }.
const Meyda: MeydaSingleton =
  (MeydaModule as unknown as { default?: MeydaSingleton }).default ?? (MeydaModule as unknown as MeydaSingleton);

const { sampleRate, nMels, frameSize, window, numberOfMFCCCoefficients } = FEATURE_PARAMETERS;
const filterCount = Math.max(nMels, numberOfMFCCCoefficients);

/** The filterbank Meyda built under our parameters, once it has. */
let ourFilterBank: number[][] | undefined;

function configureMeyda(): void {
  const unchanged =
    Meyda.bufferSize === frameSize &&
    Meyda.sampleRate === sampleRate &&
    Meyda.melBands === nMels &&
    Meyda.numberOfMFCCCoefficients === numberOfMFCCCoefficients &&
    Meyda.windowingFunction === window &&
    Meyda.melFilterBank !== undefined &&
    Meyda.melFilterBank === ourFilterBank;
  if (unchanged) return;
  Meyda.bufferSize = frameSize;
  Meyda.sampleRate = sampleRate;
  Meyda.melBands = nMels;
  Meyda.numberOfMFCCCoefficients = numberOfMFCCCoefficients;
  Meyda.windowingFunction = window;
  Meyda.melFilterBank = undefined; // forces Meyda to rebuild it on the next extract
  ourFilterBank = undefined;
}

/**
 * Computes `count` log-mel frames, the first starting at sample `firstSample` of `samples` and each
 * next one `hop` samples later, and writes them row-major into `out` from row `firstRow`.
 */
export function writeMelBandFrames(samples: Float32Array, firstSample: number, count: number, hop: number, out: Float32Array, firstRow: number): void {
  configureMeyda();
  for (let t = 0; t < count; t++) {
    const start = firstSample + t * hop;
    const bands = Meyda.extract('melBands', samples.subarray(start, start + frameSize));
    if (ourFilterBank === undefined) {
      ourFilterBank = Meyda.melFilterBank;
      if (ourFilterBank?.length !== filterCount) {
        throw new Error(`Meyda built ${ourFilterBank?.length} mel filters, expected ${filterCount}`);
      }
    }
    // Meyda builds `filterCount` filters; the features are the first nMels of them.
    const row = (firstRow + t) * nMels;
    for (let m = 0; m < nMels; m++) out[row + m] = bands[m]!;
  }
}

/** For tests: the singleton, to prove the stale-cache handling. */
export const meydaForTests: MeydaSingleton = Meyda;
