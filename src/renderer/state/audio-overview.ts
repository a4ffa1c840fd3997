// What the renderer keeps of an item's audio. Whole-file samples and feature frames only for short audio
// (FULL_AUDIO_MAX_S); for any length, an overview of fixed size: the waveform's min/max peaks and the filterbank
// averaged to a fixed number of columns. A long file's exact audio (a segment traced or its attention recomputed, a
// stretch played, a rerun) is read again from main (readAudioRange, or the stream once more), so the renderer's
// memory no longer grows with the file's length (docs/benchmarks.md: 60 minutes held 230 MB of samples and 115 MB
// of frames).
//
// Why 5 minutes: whole audio costs 4 bytes a sample and 320 bytes a 10 ms frame, 5.8 MB a minute, plus the 16-bit WAV
// the waveform's media element plays (1.9 MB a minute); at 5 minutes that is about 39 MB per item, a batch of such
// items stays in the hundreds of MB, and any clip a user would step through word by word (utterances, voice notes,
// test sets: seconds to a few minutes) keeps sample-exact zoom and full playback. Longer files are talks and
// meetings, read as an overview.
import type { AudioWarning } from '../../shared/contract';

/** Audio up to this long keeps its whole samples and frames in the renderer. */
export const FULL_AUDIO_MAX_S = 5 * 60;

/** The overview's size, whatever the length: at most this many peaks (each a min and a max) and filterbank columns. */
export const OVERVIEW_PEAKS = 16_384;
export const OVERVIEW_COLUMNS = 4_096;

export interface AudioOverview {
  /** Per bucket of `samplesPerPeak` samples (the last one partial): its largest and smallest sample. */
  peakMax: Float32Array;
  peakMin: Float32Array;
  samplesPerPeak: number;
  /** Row-major columns × nMels: the mean log-mel of each `framesPerColumn` frames (the last column partial). */
  filterbank: Float32Array;
  columns: number;
  framesPerColumn: number;
  nMels: number;
}

/** Where a file's exact audio is read again (readAudioRange, openAudioStream): its path and the name errors give it. */
export interface AudioOrigin {
  path: string;
  reportAs?: string;
}

export interface ItemAudio {
  durationS: number;
  warnings: AudioWarning[];
  nSamples: number;
  nFrames: number;
  nMels: number;
  overview: AudioOverview;
  /** The whole file's samples and row-major frames: only for audio up to FULL_AUDIO_MAX_S (or with no origin to read again). */
  full?: { samples: Float32Array; frames: Float32Array };
  /** Where exact audio is read again; absent for audio that only the renderer has (a recording without a file). */
  origin?: AudioOrigin;
}

/**
 * Builds the overview while the audio streams in, in fixed memory without knowing the length: buckets fill at the
 * finest resolution, and whenever they are all used, neighbours merge in pairs and each bucket spans twice as much.
 */
export class OverviewBuilder {
  private readonly peakMax: Float32Array;
  private readonly peakMin: Float32Array;
  private samplesPerPeak = 1;
  private samples = 0;
  private sums: Float32Array | undefined;
  private readonly counts: Uint32Array;
  private framesPerColumn = 1;
  private frames = 0;
  private nMels = 0;

  constructor(
    private readonly maxPeaks = OVERVIEW_PEAKS,
    private readonly maxColumns = OVERVIEW_COLUMNS,
  ) {
    this.peakMax = new Float32Array(maxPeaks).fill(-Infinity);
    this.peakMin = new Float32Array(maxPeaks).fill(Infinity);
    this.counts = new Uint32Array(maxColumns);
  }

  addSamples(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++, this.samples++) {
      let bucket = Math.floor(this.samples / this.samplesPerPeak);
      if (bucket >= this.maxPeaks) {
        this.halvePeaks();
        bucket = Math.floor(this.samples / this.samplesPerPeak);
      }
      const value = samples[i]!;
      if (value > this.peakMax[bucket]!) this.peakMax[bucket] = value;
      if (value < this.peakMin[bucket]!) this.peakMin[bucket] = value;
    }
  }

  /** Row-major nFrames × nMels frames, continuing the ones added before. */
  addFrames(frames: Float32Array, nFrames: number, nMels: number): void {
    if (nFrames === 0) return;
    if (!this.sums) {
      this.nMels = nMels;
      this.sums = new Float32Array(this.maxColumns * nMels);
    }
    const sums = this.sums;
    for (let f = 0; f < nFrames; f++, this.frames++) {
      let column = Math.floor(this.frames / this.framesPerColumn);
      if (column >= this.maxColumns) {
        this.halveColumns();
        column = Math.floor(this.frames / this.framesPerColumn);
      }
      for (let m = 0; m < nMels; m++) sums[column * nMels + m]! += frames[f * nMels + m]!;
      this.counts[column]!++;
    }
  }

  finish(): AudioOverview {
    const peaks = Math.ceil(this.samples / this.samplesPerPeak);
    const columns = Math.ceil(this.frames / this.framesPerColumn);
    const nMels = this.nMels;
    const filterbank = new Float32Array(columns * nMels);
    for (let c = 0; c < columns; c++) for (let m = 0; m < nMels; m++) filterbank[c * nMels + m] = this.sums![c * nMels + m]! / this.counts[c]!;
    return {
      peakMax: this.peakMax.slice(0, peaks),
      peakMin: this.peakMin.slice(0, peaks),
      samplesPerPeak: this.samplesPerPeak,
      filterbank,
      columns,
      framesPerColumn: this.framesPerColumn,
      nMels,
    };
  }

  private halvePeaks(): void {
    const half = this.maxPeaks / 2;
    for (let i = 0; i < half; i++) {
      this.peakMax[i] = Math.max(this.peakMax[2 * i]!, this.peakMax[2 * i + 1]!);
      this.peakMin[i] = Math.min(this.peakMin[2 * i]!, this.peakMin[2 * i + 1]!);
    }
    this.peakMax.fill(-Infinity, half);
    this.peakMin.fill(Infinity, half);
    this.samplesPerPeak *= 2;
  }

  private halveColumns(): void {
    const sums = this.sums!;
    const nMels = this.nMels;
    const half = this.maxColumns / 2;
    for (let c = 0; c < half; c++) {
      for (let m = 0; m < nMels; m++) sums[c * nMels + m] = sums[2 * c * nMels + m]! + sums[(2 * c + 1) * nMels + m]!;
      this.counts[c] = this.counts[2 * c]! + this.counts[2 * c + 1]!;
    }
    sums.fill(0, half * nMels);
    this.counts.fill(0, half);
    this.framesPerColumn *= 2;
  }
}

/** Bytes of the arrays an item keeps of its audio: what FULL_AUDIO_MAX_S and the overview's fixed size bound. */
export function retainedBytes(audio: ItemAudio): number {
  const { overview, full } = audio;
  const kept = [overview.peakMax, overview.peakMin, overview.filterbank, ...(full ? [full.samples, full.frames] : [])];
  return kept.reduce((n, a) => n + a.byteLength, 0);
}

/** The most an overview takes, whatever the length (peaks and filterbank columns at their fixed capacity, 80 mels). */
export const OVERVIEW_MAX_BYTES = OVERVIEW_PEAKS * 2 * 4 + OVERVIEW_COLUMNS * 80 * 4;

/** The overview of audio held whole (a recording): the same as a stream's. */
export function overviewOf(samples: Float32Array, frames: Float32Array, nFrames: number, nMels: number): AudioOverview {
  const builder = new OverviewBuilder();
  builder.addSamples(samples);
  builder.addFrames(frames, nFrames, nMels);
  return builder.finish();
}
