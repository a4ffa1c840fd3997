// transcribe(): samples in, transcript out (Whisper's naming); transcribeStream(): the same over a
// stream, holding at most one segment of audio. This is the one transcription path: the CLI, the
// app's batch jobs (blocks pulled from the main process), the benchmarks and the tests all call it.
// Long audio is cut at pauses into bounded segments (segment.ts, on samples); silent segments are
// skipped; each segment's features are encoded and decoded on their own, and its timestamps are offset
// by the segment's start. A stream's chunks are either plain samples (each segment's features are then
// computed by options.extractFeatures) or blocks of samples with the feature frames they completed (a
// segment's frames are then taken from those; both give the same frames, as a frame covers samples
// inside its segment either way). Only text, tokens and times are kept per segment (attention goes to
// onSegment and is dropped), so memory stays bounded for any length.

import type { BackendName } from './backend';
import type { AttentionWindow, ModelConfig } from './bundle';
import type { DecodeOptions, DecoderKind } from './decoding';
import { FrameStore } from './frame-store';
import type { Recognition, RecogniseOptions } from './recogniser';
import { runSettings, type RunSettings } from './run-settings';
import { CTC_CONFIDENCE_WEIGHT, wordConfidences } from './confidence';
import { storePosteriors, type StoredPosteriors } from './posteriors';
import { PauseSegmenter, type SampleSegment, type SegmentOptions } from './segment';
import { combineStats, timed, type RunStats } from './stats';
import type { AttentionTimingOptions, TokenTime, WordTiming } from './timing';
import { TokenTable } from './tokens';
import { ctcLane } from './ctc-lane';
import type { SegmentTrace } from './trace';

/** Log-mel features of 16 kHz mono samples: the audio front end's extractFeatures. */
export type FeatureExtractor = (samples: Float32Array) => { frames: Float32Array; nFrames: number };

/** Samples with the feature frames they completed (continuing the previous block's frames). */
export interface AudioBlock {
  samples: Float32Array;
  /** Row-major nFrames × nMels raw log-mel features. */
  frames: Float32Array;
  nFrames: number;
  /** Milliseconds spent computing `frames`, for the statistics. */
  featureMs?: number;
}

/** What transcribeStream needs of a recogniser: a Recogniser, or the app's worker client in its shape. */
export interface SegmentRecogniser {
  /** With `tokens`, each segment keeps its CTC log-posteriors (TranscriptSegment.ctc). */
  readonly config: Pick<ModelConfig, 'features' | 'decoding' | 'architecture'> & Partial<Pick<ModelConfig, 'tokens'>>;
  /** The backend before the first segment ran (each recognition says which ran it). */
  readonly backend?: BackendName;
  recognise(features: Float32Array, nFrames: number, options: RecogniseOptions): Promise<Recognition>;
}

export interface TranscribeOptions extends DecodeOptions {
  /** Features of a segment's samples; needed when the chunks are plain samples. */
  extractFeatures?: FeatureExtractor;
  /** Encoder window; default full context. */
  window?: AttentionWindow;
  /** Where to cut (the energy frame is always the features' hop, so cuts fall on feature frames). */
  segmentation?: Omit<SegmentOptions, 'frameS'>;
  timing?: AttentionTimingOptions;
  /** Sees each segment's full recognition (attention included) as it completes. */
  onSegment?: (recognition: Recognition, segment: TranscriptSegment) => void;
}

export interface TranscriptSegment {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  text: string;
  tokens: number[];
  confidences: number[];
  tokenTimes: TokenTime[];
  words: WordTiming[];
  /** The segment's CTC log-posteriors as results keep them (posteriors.ts), when the recogniser's config names its tokens. */
  ctc?: StoredPosteriors;
  /** With options.trace: what the decoder did (Decoded.trace) and the CTC evidence lane (ctc-lane.ts). */
  trace?: SegmentTrace;
}

export interface Transcript {
  decoder: DecoderKind;
  /** What every segment ran with (the options resolved against the bundle's defaults). */
  ran: RunSettings;
  text: string;
  segments: TranscriptSegment[];
  words: WordTiming[];
  stats: RunStats;
}

export function transcribe(recogniser: SegmentRecogniser, samples: Float32Array, options: TranscribeOptions): Promise<Transcript> {
  return transcribeStream(recogniser, [samples], options);
}

/** `chunks`: 16 kHz mono samples in order (e.g. the front end's DecodedStream), or blocks of samples with their frames. */
export async function transcribeStream(
  recogniser: SegmentRecogniser,
  chunks: AsyncIterable<Float32Array | AudioBlock> | Iterable<Float32Array | AudioBlock>,
  options: TranscribeOptions,
): Promise<Transcript> {
  const { sampleRate, hopSize, frameSize, nMels } = recogniser.config.features;
  const frameCount = (samples: number) => (samples < frameSize ? 0 : Math.floor((samples - frameSize) / hopSize) + 1);
  const segmenter = new PauseSegmenter(sampleRate, { ...options.segmentation, frameS: hopSize / sampleRate });
  const store = new FrameStore(nMels);
  const recogniseOptions = recognitionOptions(options);
  const segments: TranscriptSegment[] = [];
  const stats: RunStats[] = [];
  let featureMs = 0;
  let blocks = false;

  /** The segment's features: from the stream's frames (blocks), or computed from its samples. */
  const featuresOf = async (piece: SampleSegment) => {
    if (!blocks) {
      if (!options.extractFeatures) throw new Error('transcribeStream: plain sample chunks need options.extractFeatures');
      const [features, ms] = await timed(() => options.extractFeatures!(piece.samples));
      featureMs += ms;
      return { ...features, ms };
    }
    const nFrames = frameCount(piece.end - piece.start);
    const first = piece.start / hopSize;
    return { frames: store.take(first, nFrames), nFrames, ms: 0 };
  };
  /** The segment's CTC log-posteriors, where the encoder sent them back whole. */
  const ctcPosteriors = ({ encoder }: Recognition) =>
    encoder.ctcLogProbs.length > 0 && encoder.ctcLogProbs.length === encoder.frames * encoder.vocabulary
      ? { logProbs: encoder.ctcLogProbs, frames: encoder.frames, vocabulary: encoder.vocabulary }
      : undefined;
  const storedCtc = (recognition: Recognition): { ctc?: StoredPosteriors } => {
    const { tokens } = recogniser.config;
    const posteriors = ctcPosteriors(recognition);
    return tokens && posteriors ? { ctc: storePosteriors(posteriors, tokens, recogniser.config.architecture.frameMs / 1000) } : {};
  };
  const table = recogniser.config.tokens ? new TokenTable(recogniser.config.tokens) : undefined;
  /** The words with their confidence from both witnesses (confidence.ts), where the decoder's CTC weight is not 0. */
  const confidentWords = (recognition: Recognition): WordTiming[] => {
    const { decoded, words } = recognition;
    const weight = CTC_CONFIDENCE_WEIGHT[decoded.decoder];
    const posteriors = ctcPosteriors(recognition);
    if (!table || weight === 0 || !posteriors) return words;
    const confidences = wordConfidences(decoded.tokens, decoded.confidences, posteriors, table, weight);
    return confidences.length === words.length ? words.map((w, i) => ({ ...w, confidence: confidences[i]! })) : words;
  };
  /** The segment's trace, when one was asked for: the decoder's, and the CTC lane where the posteriors came back. */
  const traced = (recognition: Recognition): { trace?: SegmentTrace } => {
    if (!options.trace) return {};
    const posteriors = ctcPosteriors(recognition);
    const { tokens } = recogniser.config;
    const lane = posteriors && tokens ? ctcLane(posteriors, tokens.blank, recogniser.config.architecture.frameMs / 1000) : undefined;
    return {
      trace: { ...(recognition.decoded.trace ? { decoder: recognition.decoded.trace } : {}), ...(lane ? { ctc: lane } : {}), ...(tokens ? { vocabulary: [...tokens.list] } : {}) },
    };
  };
  const decode = async (piece: SampleSegment) => {
    try {
      if (piece.silent) return;
      const features = await featuresOf(piece);
      if (features.nFrames === 0) return;
      const offsetSeconds = piece.start / sampleRate;
      const recognition = await recogniser.recognise(features.frames, features.nFrames, { ...recogniseOptions, offsetSeconds, featureMs: features.ms });
      const segment: TranscriptSegment = {
        start: offsetSeconds,
        end: piece.end / sampleRate,
        text: recognition.decoded.text.trim(),
        tokens: recognition.decoded.tokens,
        confidences: recognition.decoded.confidences,
        tokenTimes: recognition.tokenTimes,
        words: confidentWords(recognition),
        ...storedCtc(recognition),
        ...traced(recognition),
      };
      options.onSegment?.(recognition, segment);
      segments.push(segment);
      stats.push(recognition.stats);
    } finally {
      store.dropBefore(Math.floor(piece.end / hopSize));
    }
  };
  for await (const chunk of chunks) {
    let samples: Float32Array;
    if (chunk instanceof Float32Array) samples = chunk;
    else {
      blocks = true;
      store.append(chunk.frames, chunk.nFrames);
      featureMs += chunk.featureMs ?? 0;
      samples = chunk.samples;
    }
    for (const piece of segmenter.push(samples)) await decode(piece);
  }
  for (const piece of segmenter.finish()) await decode(piece);
  return {
    decoder: options.decoder,
    ran: runSettings(recogniser.config, options),
    text: segments
      .map((s) => s.text)
      .filter((t) => t.length > 0)
      .join(' '),
    segments,
    words: segments.flatMap((s) => s.words),
    stats: combineStats(stats, { decoder: options.decoder, backend: recogniser.backend ?? 'wasm', audioS: segmenter.samplesSeen / sampleRate, featureMs }),
  };
}

/** The options each segment is recognised with: plain data only (they may cross to a worker). */
function recognitionOptions(options: TranscribeOptions): RecogniseOptions {
  const { extractFeatures: _features, segmentation: _segmentation, onSegment: _onSegment, ...rest } = options;
  return rest;
}
