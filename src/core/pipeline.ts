// transcribe(): samples in, transcript out (Whisper's naming); transcribeStream(): the same over sample
// chunks (a decoder's stream), holding at most one segment of audio. Long audio is cut at pauses into
// bounded segments (segment.ts); each segment's features are computed, encoded and decoded on their
// own, and its timestamps are offset by the segment's start. Only text, tokens and times are kept per
// segment (attention goes to onSegment and is dropped), so memory stays bounded for any length.

import type { AttentionWindow } from './bundle';
import type { DecodeOptions, DecoderKind } from './decoding';
import type { Recogniser, Recognition } from './recogniser';
import { PauseSegmenter, type SampleSegment, type SegmentOptions } from './segment';
import { combineStats, timed, type RunStats } from './stats';
import type { AttentionTimingOptions, TokenTime, WordTiming } from './timing';

/** Log-mel features of 16 kHz mono samples: the audio front end's extractFeatures. */
export type FeatureExtractor = (samples: Float32Array) => { frames: Float32Array; nFrames: number };

export interface TranscribeOptions extends DecodeOptions {
  extractFeatures: FeatureExtractor;
  /** Encoder window; default full context. */
  window?: AttentionWindow;
  segmentation?: SegmentOptions;
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
}

export interface Transcript {
  decoder: DecoderKind;
  text: string;
  segments: TranscriptSegment[];
  words: WordTiming[];
  stats: RunStats;
}

export function transcribe(recogniser: Recogniser, samples: Float32Array, options: TranscribeOptions): Promise<Transcript> {
  return transcribeStream(recogniser, [samples], options);
}

/** `chunks`: 16 kHz mono samples in order (e.g. the front end's DecodedStream). */
export async function transcribeStream(
  recogniser: Recogniser,
  chunks: AsyncIterable<Float32Array> | Iterable<Float32Array>,
  options: TranscribeOptions,
): Promise<Transcript> {
  const sampleRate = recogniser.config.features.sampleRate;
  const segmenter = new PauseSegmenter(sampleRate, options.segmentation);
  const segments: TranscriptSegment[] = [];
  const stats: RunStats[] = [];
  let featureMs = 0;
  const decode = async (piece: SampleSegment) => {
    if (piece.silent) return;
    const [features, ms] = await timed(() => options.extractFeatures(piece.samples));
    featureMs += ms;
    if (features.nFrames === 0) return;
    const offsetSeconds = piece.start / sampleRate;
    const recognition = await recogniser.recognise(features.frames, features.nFrames, {
      ...options,
      offsetSeconds,
      featureMs: ms,
      ...(options.window ? { window: options.window } : {}),
    });
    const segment: TranscriptSegment = {
      start: offsetSeconds,
      end: piece.end / sampleRate,
      text: recognition.decoded.text.trim(),
      tokens: recognition.decoded.tokens,
      confidences: recognition.decoded.confidences,
      tokenTimes: recognition.tokenTimes,
      words: recognition.words,
    };
    options.onSegment?.(recognition, segment);
    segments.push(segment);
    stats.push(recognition.stats);
  };
  for await (const chunk of chunks) for (const piece of segmenter.push(chunk)) await decode(piece);
  for (const piece of segmenter.finish()) await decode(piece);
  return {
    decoder: options.decoder,
    text: segments
      .map((s) => s.text)
      .filter((t) => t.length > 0)
      .join(' '),
    segments,
    words: segments.flatMap((s) => s.words),
    stats: combineStats(stats, { decoder: options.decoder, backend: recogniser.backend, audioS: segmenter.samplesSeen / sampleRate, featureMs }),
  };
}
