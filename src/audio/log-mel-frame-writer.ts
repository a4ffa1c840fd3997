// One frame of Meyda's melBands, ln(1 + Σ_j filter[m][j]·|X[j]|²), computed in one pass over
// preallocated buffers instead of Meyda.extract's arrays, objects and complex FFT per call.
//
// Meyda's arithmetic is followed step by step, float32 roundings included, so the result is the same
// float32 as Meyda's up to the last-bit rounding of a different (but double-precision) FFT:
//   windowed[i] = x[i]·w[i]                          (double; exact, both factors are float32)
//   X = FFT(windowed)                                (double)
//   amplitude[j] = fround(√(Re² + Im²)), j < N/2     (Meyda's Float32Array ampSpectrum, no Nyquist bin)
//   power[j]     = fround(amplitude[j]²)             (its Float32Array powerSpectrum)
//   sum_m = fround(sum_m + fround(filter[m][j]·power[j])), j ascending   (its Float32Array accumulators)
//   band_m = ln(sum_m + 1), stored as float32
// See node_modules/meyda/dist/node/main.js: prepareSignalWithSpectrum, extractPowerSpectrum, melBands.

import type { PackedFilterBank } from './mel-filterbank';
import { RealFft } from './real-fft';

export class LogMelFrameWriter {
  readonly frameSize: number;
  readonly bandCount: number;
  private readonly window: Float64Array;
  private readonly bank: PackedFilterBank;
  private readonly fft: RealFft;
  private readonly windowed: Float64Array;
  private readonly spectrumRe: Float64Array;
  private readonly spectrumIm: Float64Array;
  private readonly power: Float64Array;

  /** `window` is Meyda's (float32) window of frameSize samples; the first `bank.filterCount` bands are written. */
  constructor(window: Float32Array, bank: PackedFilterBank) {
    this.frameSize = window.length;
    this.bandCount = bank.filterCount;
    this.window = Float64Array.from(window);
    this.bank = bank;
    this.fft = new RealFft(this.frameSize);
    this.windowed = new Float64Array(this.frameSize);
    this.spectrumRe = new Float64Array(this.frameSize / 2 + 1);
    this.spectrumIm = new Float64Array(this.frameSize / 2 + 1);
    this.power = new Float64Array(this.frameSize / 2);
  }

  /** Writes the bands of the frame samples[start, start + frameSize) to out[outStart, outStart + bandCount). */
  write(samples: Float32Array, start: number, out: Float32Array, outStart: number): void {
    const { frameSize, window, windowed, spectrumRe, spectrumIm, power } = this;
    for (let i = 0; i < frameSize; i++) windowed[i] = samples[start + i]! * window[i]!;
    this.fft.transform(windowed, spectrumRe, spectrumIm);
    for (let j = 0; j < power.length; j++) {
      const re = spectrumRe[j]!;
      const im = spectrumIm[j]!;
      const amplitude = Math.fround(Math.sqrt(re * re + im * im));
      power[j] = Math.fround(amplitude * amplitude);
    }
    const { firstBin, endBin, weightStart, weights } = this.bank;
    for (let m = 0; m < this.bandCount; m++) {
      const first = firstBin[m]!;
      const end = endBin[m]!;
      const offset = weightStart[m]! - first;
      let sum = 0;
      for (let j = first; j < end; j++) sum = Math.fround(sum + Math.fround(weights[offset + j]! * power[j]!));
      out[outStart + m] = Math.log(sum + 1);
    }
  }
}
