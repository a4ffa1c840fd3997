// Long audio: cut into bounded segments at pauses, so the encoder's attention (quadratic in length)
// and the decoders' work stay bounded whatever the file's length. A cut goes at the quietest stretch
// (lowest smoothed energy) between minSegmentS and maxSegmentS after the previous cut; segments with
// no frame above the silence level are marked so callers can skip them (no decoder runs on silence).
// PauseSegmenter does the same over a stream of sample chunks, holding at most one segment (plus a
// little look-ahead) in memory, so a file of any length is transcribed in constant memory.

export interface SegmentOptions {
  /** No segment is longer than this (seconds). Default 20. */
  maxSegmentS?: number;
  /** A cut is searched no earlier than this after the previous one (seconds). Default 8. */
  minSegmentS?: number;
  /** Energy frame length (seconds). Default 0.01. */
  frameS?: number;
  /** Stretch over which energy is averaged when looking for a pause (seconds). Default 0.3. */
  pauseS?: number;
  /** A segment whose loudest frame is below this level (dB full scale) is silent. Default -55. */
  silenceDb?: number;
}

export interface AudioSegment {
  /** First sample. */
  start: number;
  /** One past the last sample. */
  end: number;
  silent: boolean;
}

interface Geometry {
  hop: number;
  pauseFrames: number;
  maxFrames: number;
  minFrames: number;
  silenceDb: number;
}

function geometry(sampleRate: number, options: SegmentOptions): Geometry {
  const maxS = options.maxSegmentS ?? 20;
  const minS = Math.min(options.minSegmentS ?? 8, maxS / 2);
  const hop = Math.max(1, Math.round((options.frameS ?? 0.01) * sampleRate));
  return {
    hop,
    pauseFrames: Math.max(1, Math.round(((options.pauseS ?? 0.3) * sampleRate) / hop)),
    maxFrames: Math.max(1, Math.floor((maxS * sampleRate) / hop)),
    minFrames: Math.max(1, Math.floor((minS * sampleRate) / hop)),
    silenceDb: options.silenceDb ?? -55,
  };
}

export function segmentAtPauses(samples: Float32Array, sampleRate: number, options: SegmentOptions = {}): AudioSegment[] {
  const { hop, pauseFrames, maxFrames, minFrames, silenceDb } = geometry(sampleRate, options);
  const energy = frameEnergies(samples, hop);
  const cuts = quietestCuts(movingAverage(energy, pauseFrames), minFrames, maxFrames);
  const segments: AudioSegment[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const first = cuts[i]!;
    const last = i + 1 < cuts.length ? cuts[i + 1]! : energy.length;
    const start = first * hop;
    const end = i + 1 < cuts.length ? last * hop : samples.length;
    let loudest = -Infinity;
    for (let f = first; f < last; f++) loudest = Math.max(loudest, energy[f]!);
    segments.push({ start, end, silent: decibels(loudest) < silenceDb });
  }
  return segments;
}

export interface SampleSegment extends AudioSegment {
  /** The segment's samples (start and end are counted from the start of the stream). */
  samples: Float32Array;
}

/** Cuts a stream of sample chunks at pauses, exactly as segmentAtPauses cuts the whole. */
export class PauseSegmenter {
  private readonly geometry: Geometry;
  /** The whole-stream cut search needs this many samples after the previous cut. */
  private readonly window: number;
  private buffer = new Float32Array(0);
  private length = 0;
  private start = 0;

  constructor(
    private readonly sampleRate: number,
    private readonly options: SegmentOptions = {},
  ) {
    this.geometry = geometry(sampleRate, options);
    const { hop, maxFrames, pauseFrames } = this.geometry;
    // Up to the last candidate cut plus the smoothing's reach beyond it, plus one frame so a remainder
    // exactly maxFrames long is not cut.
    this.window = (maxFrames + Math.floor(pauseFrames / 2) + 2) * hop;
  }

  /** Samples seen so far. */
  get samplesSeen(): number {
    return this.start + this.length;
  }

  /** Adds samples; returns the segments now complete (usually none). */
  push(chunk: Float32Array): SampleSegment[] {
    this.append(chunk);
    const done: SampleSegment[] = [];
    while (this.length >= this.window) {
      const [first] = segmentAtPauses(this.buffer.subarray(0, this.window), this.sampleRate, this.options);
      done.push(this.take(first!));
    }
    return done;
  }

  /** End of stream: the remaining segments. */
  finish(): SampleSegment[] {
    const rest = segmentAtPauses(this.buffer.subarray(0, this.length), this.sampleRate, this.options);
    const base = this.start;
    const all = this.buffer.subarray(0, this.length);
    this.start += this.length;
    this.length = 0;
    return rest.filter((s) => s.end > s.start).map((s) => ({ ...s, start: base + s.start, end: base + s.end, samples: all.slice(s.start, s.end) }));
  }

  private take(segment: AudioSegment): SampleSegment {
    const taken = { ...segment, start: this.start + segment.start, end: this.start + segment.end, samples: this.buffer.slice(segment.start, segment.end) };
    this.buffer.copyWithin(0, segment.end, this.length);
    this.length -= segment.end;
    this.start += segment.end;
    return taken;
  }

  private append(chunk: Float32Array): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.length + chunk.length, this.buffer.length * 2, this.window + this.sampleRate));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
  }
}

/** Mean square per frame of `hop` samples (the last frame may be shorter). */
export function frameEnergies(samples: Float32Array, hop: number): Float64Array {
  const frames = Math.ceil(samples.length / hop);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    const end = Math.min(samples.length, (f + 1) * hop);
    let sum = 0;
    for (let i = f * hop; i < end; i++) sum += samples[i]! * samples[i]!;
    energy[f] = sum / (end - f * hop);
  }
  return energy;
}

/**
 * Where pieces of a frame series start (0 first) so that none is longer than `maxFrames`: each cut at the
 * lowest `smoothed` value from `minFrames` to `maxFrames` after the previous cut (the earliest on a tie).
 */
export function quietestCuts(smoothed: ArrayLike<number>, minFrames: number, maxFrames: number): number[] {
  const cuts: number[] = [0];
  let cursor = 0;
  while (smoothed.length - cursor > maxFrames) {
    let best = cursor + minFrames;
    for (let f = best; f <= cursor + maxFrames; f++) if (smoothed[f]! < smoothed[best]!) best = f;
    cuts.push(best);
    cursor = best;
  }
  return cuts;
}

/** Centred moving average, summed directly per frame (no running sum) so a stream's cuts equal the whole file's. */
export function movingAverage(values: ArrayLike<number>, width: number): Float64Array {
  const out = new Float64Array(values.length);
  const half = Math.floor(width / 2);
  for (let i = 0; i < values.length; i++) {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length, i + half + 1);
    let sum = 0;
    for (let k = from; k < to; k++) sum += values[k]!;
    out[i] = sum / (to - from);
  }
  return out;
}

export function decibels(meanSquare: number): number {
  return 10 * Math.log10(meanSquare + 1e-12);
}

export interface EndpointOptions {
  /**
   * Quiet, blank stretch after the last character that ends a live utterance (seconds). Default 0.12, chosen on
   * so762-dev150 with bench/endpoint-sweep.ts: the longest pause whose end decision comes within 300 ms of the
   * speech end for 9 sentences in 10 (0.12: 290 ms, 0.2: 350 ms), so that with the fast final decode (about 40 ms)
   * the final words come within the 400 ms issue 29 asks. Shorter pauses end more utterances between words: the
   * live transcript's WER was 40.44 % at 0.12 against 39.96 % at 0.2 and 39.01 % at 0.3 (docs/benchmarks.md).
   */
  pauseS?: number;
  /** A feature frame is quiet this many dB below the loudest frame of the utterance. Default 20. */
  quietDb?: number;
  /** No live utterance is longer than this (seconds), as files' segments (maxSegmentS). Default 20. */
  maxSegmentS?: number;
}

/**
 * Live: where an utterance ends, decided as its frames arrive. The end of speech is a stretch of `pauseS`
 * after at least one character in which CTC's best label is blank on every encoder frame and every feature
 * frame is quiet: CTC alone can stay blank through a long vowel, energy alone through a held breath, so both
 * must agree. CTC's frames arrive later than the features (the encoder's look-ahead), so its blank run is
 * what decides. Utterances are cut at `maxSegmentS` whatever they hold, as files are.
 */
export class SpeechEndpointer {
  private readonly pauseS: number;
  private readonly quietDb: number;
  private readonly maxS: number;
  private loudestDb = -Infinity;
  private quietRun = 0;
  private blankRun = 0;
  private speechFrames = 0;
  private featureFrames = 0;
  private provisional: ArrayLike<boolean> = [];

  constructor(
    /** Seconds per feature frame (the front end's hop) and per encoder frame. */
    private readonly featureFrameS: number,
    private readonly encoderFrameS: number,
    options: EndpointOptions = {},
  ) {
    this.pauseS = options.pauseS ?? 0.12;
    this.quietDb = options.quietDb ?? 20;
    this.maxS = options.maxSegmentS ?? 20;
  }

  /** Feature frames' levels in dB, in order. */
  pushLevels(levelsDb: ArrayLike<number>): void {
    for (let i = 0; i < levelsDb.length; i++) {
      const level = levelsDb[i]!;
      this.loudestDb = Math.max(this.loudestDb, level);
      this.quietRun = level < this.loudestDb - this.quietDb ? this.quietRun + 1 : 0;
    }
    this.featureFrames += levelsDb.length;
  }

  /** Encoder frames' CTC verdicts, in order: whether each frame's best label is blank. */
  pushCtc(blank: ArrayLike<boolean>): void {
    for (let i = 0; i < blank.length; i++) {
      if (blank[i]) this.blankRun++;
      else {
        this.blankRun = 0;
        this.speechFrames++;
      }
    }
  }

  /**
   * CTC verdicts of the frames after those pushed, computed before their look-ahead arrived (the streaming
   * encoder's provisional frames); each call replaces the last. Without them the end of speech would wait
   * for the encoder's whole look-ahead (right window × layers: 0.8 s with the shipped bundle's 2 × 10).
   */
  setProvisionalCtc(blank: ArrayLike<boolean>): void {
    this.provisional = blank;
  }

  /** Seconds CTC has been blank since the last character, provisional frames included (0 before the first). */
  get blankS(): number {
    const { run, speech } = this.ctcRun();
    return speech === 0 ? 0 : run * this.encoderFrameS;
  }

  /**
   * Seconds of pause so far: how long CTC has been blank after the last character and the audio quiet, both
   * at once (0 before the first character). The utterance ends when this reaches `pauseS`.
   */
  get pauseSoFarS(): number {
    return Math.min(this.blankS, this.quietRun * this.featureFrameS);
  }

  /** Whether the utterance has ended: its speech followed by a pause, or it reached maxSegmentS. */
  get ended(): boolean {
    if (this.featureFrames * this.featureFrameS >= this.maxS) return true;
    return this.pauseSoFarS >= this.pauseS - 1e-9;
  }

  private ctcRun(): { run: number; speech: number } {
    let run = this.blankRun;
    let speech = this.speechFrames;
    for (let i = 0; i < this.provisional.length; i++) {
      if (this.provisional[i]) run++;
      else {
        run = 0;
        speech++;
      }
    }
    return { run, speech };
  }
}

/** A log-mel frame's level in dB: its mel powers summed (the features are ln(1 + power), training/features.py). */
export function logMelLevelsDb(features: Float32Array, nMels: number, nFrames = features.length / nMels): Float32Array {
  const levels = new Float32Array(nFrames);
  for (let f = 0; f < nFrames; f++) {
    let power = 0;
    for (let m = 0; m < nMels; m++) power += Math.expm1(features[f * nMels + m]!);
    levels[f] = decibels(power);
  }
  return levels;
}
