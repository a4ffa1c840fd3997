// One segment of a finished result decoded again with a trace (core's DecodeOptions.trace), for the decoding
// explorer: the explorer asks for it when it opens on a result, so a normal transcription records nothing. The
// segment's feature frames are taken where the core's segmenter took them (segments start and end on feature
// frames): from the item's whole audio when it keeps it, else read again from main (item-audio-access.ts), and the worker decodes them with the same settings, window and offset as a run, so
// the trace's best path is the run's transcript of that segment.
import type { CtcPosteriors } from '../../core/align';
import { ctcLane } from '../../core/ctc-lane';
import type { AttentionWindow } from '../../core/bundle';
import type { DecodeOptions, DecoderKind, TokenAttention } from '../../core/decoding';
import type { RunSettings } from '../../core/run-settings';
import type { CtcLane, DecoderTrace } from '../../core/trace';
import type { WorkbenchSettings } from '../../shared/contract';
import features from '../../shared/features.json';
import type { ItemAudio } from '../state/types';
import type { CoreClient, LoadedModel } from './core-engine';
import { exactRange, type RangeApi } from './item-audio-access';
import { decodeOptions, encoderWindow } from './transcription';

/** What the explorer shows of one traced segment. */
export interface TracedSegment {
  decoder: DecoderKind;
  /** The segment's start in the audio (seconds): encoder frame f starts at offsetS + f · encoderFrameS. */
  offsetS: number;
  endS: number;
  encoderFrameS: number;
  text: string;
  tokens: number[];
  /** What the decoder recorded (absent for greedy CTC, which searches nothing). */
  trace?: DecoderTrace;
  /** The CTC evidence lane (per encoder frame: blank, likeliest other token), and the posteriors it came from (top-k per frame). */
  lane?: CtcLane;
  posteriors?: CtcPosteriors;
  /** The encoder's attention window the segment was decoded with, and the bundle's "unlimited" (full context). */
  window: { left: number; right: number };
  unlimited: number;
  /** The decoder's cross-attention (AT: row t is step t's). */
  attention: TokenAttention;
  /** The model's tokens, so the trace's ids read as text, and its special ids. */
  vocabulary: readonly string[];
  special: TokenSpecials;
}

export interface TokenSpecials {
  blank: number;
  sosEos: number;
  mask: number;
}

/** A segment as a result holds it: seconds from the start of the audio. */
export interface SegmentSpan {
  start: number;
  end: number;
}

/** The segment's feature frames [first, first + nFrames) of the audio (the segmenter cuts on feature frames; stored times are rounded). */
export function segmentFrames(span: SegmentSpan, audio: Pick<ItemAudio, 'nFrames'>): { first: number; nFrames: number } {
  const { sampleRate, hopSize, frameSize } = features;
  const first = Math.max(0, Math.round((span.start * sampleRate) / hopSize));
  const samples = Math.round((span.end - span.start) * sampleRate);
  const frames = samples < frameSize ? 0 : Math.floor((samples - frameSize) / hopSize) + 1;
  return { first, nFrames: Math.max(0, Math.min(frames, audio.nFrames - first)) };
}

/**
 * The options a trace decodes with: what the run recorded it ran with (RunSettings) when the explorer shows that
 * run's decoder, so the trace reproduces the stored transcript even after the settings changed; otherwise the
 * current settings (another decoder on the same audio, or a result read back without them).
 */
/** The segment's feature frames: its first frame, row-major frames and their count (throws when it has none). */
export async function segmentFeatures(range: RangeApi | undefined, audio: ItemAudio, span: SegmentSpan): Promise<{ first: number; frames: Float32Array; nFrames: number }> {
  const { first, nFrames } = segmentFrames(span, audio);
  if (nFrames === 0) throw new Error(`segment ${span.start.toFixed(2)}-${span.end.toFixed(2)} s has no feature frames to decode`);
  const read = await exactRange(range, audio, first, nFrames);
  return { first, frames: read.frames, nFrames: read.nFrames };
}

export function traceOptions(settings: WorkbenchSettings, model: LoadedModel, decoder: DecoderKind, ran: RunSettings | undefined): DecodeOptions & { window: AttentionWindow } {
  if (ran && ran.decoder === decoder) {
    const { beam, iterations, window, ctcWeight, lmWeight, wordLmWeight, oovPenalty } = ran;
    return {
      decoder,
      beam,
      iterations,
      window,
      ...(ctcWeight === undefined ? {} : { ctcWeight }),
      ...(lmWeight === undefined ? {} : { lmWeight }),
      // recorded only where the word model took part: none recorded means it was off
      wordLmWeight: wordLmWeight ?? 0,
      ...(oovPenalty === undefined ? {} : { oovPenalty }),
    };
  }
  return { ...decodeOptions(settings, decoder), window: encoderWindow(settings, model.config.architecture.trainedWindows.unlimited) };
}

export async function traceSegment(
  core: CoreClient,
  model: LoadedModel,
  settings: WorkbenchSettings,
  audio: ItemAudio,
  span: SegmentSpan,
  decoder: DecoderKind,
  ran?: RunSettings,
  range?: RangeApi,
): Promise<TracedSegment> {
  const { first, frames, nFrames } = await segmentFeatures(range, audio, span);
  const recognition = await core.recognise({
    features: frames,
    nFrames,
    options: {
      ...traceOptions(settings, model, decoder, ran),
      offsetSeconds: first * (features.hopSize / features.sampleRate),
      trace: true,
    },
  });
  const { decoded, encoder } = recognition;
  const encoderFrameS = model.config.architecture.frameMs / 1000;
  const posteriors =
    encoder.ctcLogProbs.length > 0 && encoder.ctcLogProbs.length === encoder.frames * encoder.vocabulary
      ? { logProbs: encoder.ctcLogProbs, frames: encoder.frames, vocabulary: encoder.vocabulary }
      : undefined;
  return {
    decoder,
    offsetS: span.start,
    endS: span.end,
    encoderFrameS,
    text: decoded.text.trim(),
    tokens: decoded.tokens,
    ...(decoded.trace ? { trace: decoded.trace } : {}),
    ...(posteriors ? { posteriors, lane: ctcLane(posteriors, model.config.tokens.blank, encoderFrameS) } : {}),
    window: encoder.window,
    unlimited: model.config.architecture.trainedWindows.unlimited,
    attention: decoded.attention,
    vocabulary: model.tokens,
    special: { blank: model.config.tokens.blank, sosEos: model.config.tokens.sosEos, mask: model.config.tokens.mask },
  };
}
