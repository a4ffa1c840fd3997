// Watches the source samples (every channel, before downmixing and resampling, where full scale is
// still full scale) for values that must not reach the model (NaN, ±Infinity) and for the two
// conditions worth a warning: a silent file and a clipped one.

import { fileError } from './audio-error';
import type { AudioWarning } from './audio-warning';

/** Peak at or below −60 dBFS: nothing a recogniser can use. */
export const SILENCE_PEAK = 0.001;
/** |x| at or above this counts as a full-scale (clipped) sample; 32767/32768 ≈ 0.99997 does. */
export const CLIP_LEVEL = 0.999;
/** Warn when more than this fraction of samples is clipped (a loud but clean file has almost none). */
export const CLIP_FRACTION = 0.001;

export class SignalInspector {
  private samples = 0;
  private clipped = 0;
  private peak = 0;

  constructor(
    private readonly file: string,
    private readonly sampleRate: number,
  ) {}

  /** Checks one block of planar samples; throws 'invalid-samples' at the first NaN or infinity. */
  inspect(channels: readonly Float32Array[]): void {
    let peak = this.peak;
    let clipped = 0;
    for (const channel of channels) {
      for (let i = 0; i < channel.length; i++) {
        const x = channel[i]!;
        const magnitude = x < 0 ? -x : x;
        // NaN fails every comparison, so test for finiteness explicitly.
        if (!(magnitude <= Number.MAX_VALUE)) this.throwInvalid(x, i, channels);
        if (magnitude > peak) peak = magnitude;
        if (magnitude >= CLIP_LEVEL) clipped++;
      }
    }
    this.peak = peak;
    this.clipped += clipped;
    this.samples += (channels[0]?.length ?? 0) * channels.length;
  }

  warnings(): AudioWarning[] {
    const warnings: AudioWarning[] = [];
    if (this.samples > 0 && this.peak <= SILENCE_PEAK) {
      const dbfs = this.peak === 0 ? '-∞' : (20 * Math.log10(this.peak)).toFixed(1);
      warnings.push({ code: 'silence', message: `${this.file}: the audio is silent (peak ${dbfs} dBFS)` });
    }
    if (this.samples > 0 && this.clipped / this.samples > CLIP_FRACTION) {
      const percent = ((100 * this.clipped) / this.samples).toFixed(2);
      warnings.push({ code: 'clipping', message: `${this.file}: the audio is clipped (${percent} % of samples at full scale; peak ${this.peak.toFixed(3)})` });
    }
    return warnings;
  }

  private throwInvalid(value: number, index: number, channels: readonly Float32Array[]): never {
    const frame = Math.floor(this.samples / Math.max(1, channels.length)) + index;
    const seconds = (frame / this.sampleRate).toFixed(3);
    throw fileError('invalid-samples', this.file, `invalid sample values (${value}) from ${seconds} s on; NaN and infinite samples cannot be used`);
  }
}
