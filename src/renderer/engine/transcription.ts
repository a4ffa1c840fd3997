// One file through the model: its features cut into bounded segments, each recognised by the worker
// with the chosen decoder, timestamps offset by the segment's start, statistics summed. Returns the
// result as stored on disk plus what the views need and the disk does not keep (attention maps).

import type { Recognition } from '../../core/recogniser';
import type { DecodeOptions, DecoderKind, TokenAttention } from '../../core/decoding';
import type { CoreClient } from './core-engine';
import type { StoredRunStats, TranscriptionResult, WorkbenchSettings } from '../../shared/contract';
import { segmentFeatures } from './feature-segments';

/** Seconds per feature frame (hop 160 at 16 kHz, src/shared/features.json). */
export const FEATURE_FRAME_S = 0.01;
/** Seconds per encoder frame (4× subsampling). */
export const ENCODER_FRAME_S = 0.04;

export interface FeaturesInput {
  frames: Float32Array;
  nFrames: number;
  nMels: number;
  durationS: number;
}

/** What the attention view shows for one recognised segment. */
export interface SegmentView {
  offsetS: number;
  tokens: string[];
  tokenTimes: { start: number; end: number }[];
  attention: TokenAttention;
  /** Encoder self-attention (S × S, last layer, mean over heads); absent from streamed encodes. */
  selfAttention?: Float32Array;
  encoderFrames: number;
  window: { left: number; right: number };
}

export interface RunOutput {
  decoder: DecoderKind;
  text: string;
  segments: TranscriptionResult['segments'];
  stats: StoredRunStats;
  views: SegmentView[];
}

export interface RunOptions {
  settings: WorkbenchSettings;
  decoder?: DecoderKind;
  /** The model's "no limit" window value (model.json trainedWindows.unlimited). */
  unlimitedWindow: number;
  tokens: readonly string[];
  /** Called after each segment with the fraction done (0..1). */
  onProgress?(fraction: number): void;
  /** Checked between segments: a cancelled job stops at the next boundary. */
  cancelled?(): boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function decodeOptions(settings: WorkbenchSettings, decoder: DecoderKind = settings.decoder): DecodeOptions {
  return {
    decoder,
    beam: decoder === 'ctc' ? settings.ctcBeam : settings.beam,
    iterations: settings.iterations,
    ...(settings.jointCtc ? {} : { ctcWeight: 0 }),
    ...(settings.languageModel ? {} : { lmWeight: 0 }),
  };
}

export function encoderWindow(settings: WorkbenchSettings, unlimited: number) {
  return settings.truncated ? { left: settings.windowLeft, right: settings.windowRight } : { left: unlimited, right: unlimited };
}

export async function recogniseFeatures(core: CoreClient, input: FeaturesInput, options: RunOptions): Promise<RunOutput> {
  const decoder = options.decoder ?? options.settings.decoder;
  const window = encoderWindow(options.settings, options.unlimitedWindow);
  const pieces = segmentFeatures(input.frames, input.nFrames, input.nMels, { frameS: FEATURE_FRAME_S });
  const segments: TranscriptionResult['segments'] = [];
  const views: SegmentView[] = [];
  const parts: Recognition['stats'][] = [];
  for (const [index, piece] of pieces.entries()) {
    if (options.cancelled?.()) throw new CancelledError();
    const offsetS = piece.start * FEATURE_FRAME_S;
    // A copy: the worker client transfers the buffer it is given.
    const features = input.frames.slice(piece.start * input.nMels, piece.end * input.nMels);
    const recognition = await core.recognise({
      features,
      nFrames: piece.end - piece.start,
      options: { ...decodeOptions(options.settings, decoder), window, offsetSeconds: offsetS },
    });
    segments.push({
      start: offsetS,
      end: Math.min(input.durationS, piece.end * FEATURE_FRAME_S),
      text: recognition.decoded.text.trim(),
      words: recognition.words.map((w) => ({ word: w.word, start: w.start, end: w.end, confidence: w.confidence })),
    });
    views.push({
      offsetS,
      tokens: recognition.decoded.tokens.map((id) => options.tokens[id] ?? `#${id}`),
      tokenTimes: recognition.tokenTimes,
      attention: recognition.decoded.attention,
      ...(recognition.encoder.selfAttention ? { selfAttention: recognition.encoder.selfAttention } : {}),
      encoderFrames: recognition.encoder.frames,
      window: recognition.encoder.window,
    });
    parts.push(recognition.stats);
    options.onProgress?.((index + 1) / pieces.length);
  }
  return {
    decoder,
    text: segments.map((s) => s.text).filter((t) => t.length > 0).join(' '),
    segments,
    stats: combine(parts, decoder, input.durationS),
    views,
  };
}

/** The file's statistics from its segments'. */
export function combine(parts: readonly StoredRunStats[], decoder: DecoderKind, audioS: number): StoredRunStats {
  const sum = (key: 'featureMs' | 'encoderMs' | 'decoderMs' | 'decoderSteps' | 'tokens') => parts.reduce((a, s) => a + s[key], 0);
  const encoderMs = sum('encoderMs');
  const decoderMs = sum('decoderMs');
  const featureMs = sum('featureMs');
  const tokens = sum('tokens');
  return {
    decoder,
    backend: parts[parts.length - 1]?.backend ?? 'wasm',
    audioS,
    featureMs,
    encoderMs,
    decoderMs,
    decoderSteps: sum('decoderSteps'),
    tokens,
    tokensPerSecond: decoderMs > 0 ? tokens / (decoderMs / 1000) : 0,
    rtf: audioS > 0 ? (featureMs + encoderMs + decoderMs) / 1000 / audioS : 0,
    segments: parts.length,
  };
}
