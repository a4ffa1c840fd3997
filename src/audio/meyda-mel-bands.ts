// Meyda's melBands for every frame, with Meyda's definition and the shared parameters, computed by the
// fast path in log-mel-frame-writer.ts (a real FFT and a packed filterbank over preallocated buffers:
// Meyda.extract allocated arrays and ran a complex FFT of objects on every call, ~0.3 ms a frame).
//
// The window and the filterbank come from Meyda's own functions, built once here: Meyda builds
// max(melBands, numberOfMFCCCoefficients) filters (the count sets the mel spacing), and the features
// are the first nMels of them.
//
// We still keep Meyda's process-wide singleton configured with our parameters, so that Meyda.extract
// called directly in this process (the parity tests' reference, tools) computes what we compute. The
// singleton has caches that can go stale (see Meyda.extract in node_modules/meyda/dist/node/main.js):
//  - the mel filterbank is rebuilt only when `melFilterBank.length != melBands`, so a change of
//    sampleRate or bufferSize alone keeps the old filters;
//  - windows are cached per (name, length), which is harmless.
// Anyone else in the main process may reconfigure it, so before every batch of frames we re-apply our
// parameters and install our filterbank unless it is still there. That is a few comparisons per batch.

import MeydaModule from 'meyda';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { LogMelFrameWriter } from './log-mel-frame-writer';
import { createMelFilterBank, meydaWindow } from './meyda-building-blocks';
import { packFilterBank } from './mel-filterbank';

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

/** The filterbank Meyda.extract would build under our parameters (its own function, same arguments). */
const ourFilterBank: number[][] = createMelFilterBank(filterCount, sampleRate, frameSize);

const frameWriter = new LogMelFrameWriter(meydaWindow(window, frameSize), packFilterBank(ourFilterBank, nMels, frameSize / 2));

function configureMeyda(): void {
  const unchanged =
    Meyda.bufferSize === frameSize &&
    Meyda.sampleRate === sampleRate &&
    Meyda.melBands === nMels &&
    Meyda.numberOfMFCCCoefficients === numberOfMFCCCoefficients &&
    Meyda.windowingFunction === window &&
    Meyda.melFilterBank === ourFilterBank;
  if (unchanged) return;
  Meyda.bufferSize = frameSize;
  Meyda.sampleRate = sampleRate;
  Meyda.melBands = nMels;
  Meyda.numberOfMFCCCoefficients = numberOfMFCCCoefficients;
  Meyda.windowingFunction = window;
  Meyda.melFilterBank = ourFilterBank;
}

/**
 * Computes `count` log-mel frames, the first starting at sample `firstSample` of `samples` and each
 * next one `hop` samples later, and writes them row-major into `out` from row `firstRow`.
 */
export function writeMelBandFrames(samples: Float32Array, firstSample: number, count: number, hop: number, out: Float32Array, firstRow: number): void {
  configureMeyda();
  if (count <= 0) return;
  const lastEnd = firstSample + (count - 1) * hop + frameSize;
  if (firstSample < 0 || lastEnd > samples.length) {
    throw new RangeError(`frames need samples [${firstSample}, ${lastEnd}), only ${samples.length} given`);
  }
  if ((firstRow + count) * nMels > out.length) {
    throw new RangeError(`${firstRow + count} rows of ${nMels} do not fit in ${out.length} values`);
  }
  for (let t = 0; t < count; t++) frameWriter.write(samples, firstSample + t * hop, out, (firstRow + t) * nMels);
}

/** For tests: the singleton, to prove the stale-cache handling and to compute the per-frame reference. */
export const meydaForTests: MeydaSingleton = Meyda;
