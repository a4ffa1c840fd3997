// One file through the model by the core's own path (transcribeStream: cut at pauses, silence skipped,
// each segment recognised by the worker with the chosen decoder, timestamps offset, statistics
// combined), the same path the CLI takes. Returns the result as stored on disk plus what the views
// need and the disk does not keep (attention maps).

import type { AudioBlock } from '../../core/pipeline';
import { transcribeStream } from '../../core/pipeline';
import type { DecodeOptions, DecoderKind, TokenAttention } from '../../core/decoding';
import type { Recognition, RecogniseOptions } from '../../core/recogniser';
import { resultBody } from '../../core/result';
import type { RunSettings } from '../../core/run-settings';
import type { CoreClient, LoadedModel } from './core-engine';
import type { StoredRunStats, TranscriptionResult, WorkbenchSettings } from '../../shared/contract';
import features from '../../shared/features.json';
import { boundViews, nextUse } from '../state/segment-views';

/** Seconds per feature frame: the audio front end's hop (src/shared/features.json), which every bundle must match. */
export const FEATURE_FRAME_S = features.hopSize / features.sampleRate;

/** What the attention view shows for one recognised segment. */
export interface SegmentView {
  offsetS: number;
  /** The segment's end (seconds): with offsetS, what a dropped view is recomputed from. */
  endS: number;
  tokens: string[];
  tokenTimes: { start: number; end: number }[];
  attention: TokenAttention;
  /** Encoder self-attention (S × S, last layer, mean over heads); absent from streamed encodes. */
  selfAttention?: Float32Array;
  encoderFrames: number;
  /** Seconds per encoder frame (the model's architecture.frameMs). */
  encoderFrameS: number;
  window: { left: number; right: number };
  /** When it was made or last shown (state/segment-views.ts keeps the most recent ones). */
  usedAt: number;
}

/**
 * A segment whose view was dropped to bound memory (state/segment-views.ts): its span, so the view can be
 * recomputed by decoding the segment again; `recomputing` while that runs, `problem` when it failed.
 */
export interface DroppedView {
  dropped: true;
  offsetS: number;
  endS: number;
  recomputing?: boolean;
  problem?: string;
}

export type HeldView = SegmentView | DroppedView;

export interface RunOutput {
  decoder: DecoderKind;
  text: string;
  segments: TranscriptionResult['segments'];
  stats: StoredRunStats;
  /** One per recognised segment; only the most recent few keep their attention (state/segment-views.ts). */
  views: HeldView[];
  /** What ran (absent for a result read back from disk, whose options say it). */
  ran?: RunSettings;
}

/** A run just made (not read back from disk): it says what it ran. */
export type FinishedRunOutput = RunOutput & { ran: RunSettings };

export interface RunOptions {
  settings: WorkbenchSettings;
  decoder?: DecoderKind;
  model: LoadedModel;
  /** Called after each segment with the fraction done (0..1), when the audio's duration is given. */
  onProgress?(fraction: number): void;
  durationS?: number;
  /** Checked after each segment: a cancelled job stops there. */
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
    // Rescoring's n-best size is the bundle's (decoding.rescoreBeam, chosen on dev data: 64), not the CTC beam's.
    ...(decoder === 'rescore' ? {} : { beam: decoder === 'ctc' ? settings.ctcBeam : settings.beam }),
    iterations: settings.iterations,
    ...(settings.jointCtc ? {} : { ctcWeight: 0 }),
    // Off means both language models: the characters' and, where the bundle has one, the words'.
    ...(settings.languageModel ? {} : { lmWeight: 0, wordLmWeight: 0 }),
  };
}

export function encoderWindow(settings: WorkbenchSettings, unlimited: number) {
  return settings.truncated ? { left: settings.windowLeft, right: settings.windowRight } : { left: unlimited, right: unlimited };
}

/** Recognises audio blocks (samples with their feature frames: a file streamed from main, or a whole item's audio). */
export async function recogniseBlocks(core: CoreClient, blocks: AsyncIterable<AudioBlock> | Iterable<AudioBlock>, options: RunOptions): Promise<FinishedRunOutput> {
  const { model, settings } = options;
  const decoder = options.decoder ?? settings.decoder;
  let views: HeldView[] = [];
  const worker = { config: model.config, backend: model.backend, recognise: (features: Float32Array, nFrames: number, recogniseOptions: RecogniseOptions) => core.recognise({ features, nFrames, options: recogniseOptions }) };
  const transcript = await transcribeStream(worker, blocks, {
    ...decodeOptions(settings, decoder),
    window: encoderWindow(settings, model.config.architecture.trainedWindows.unlimited),
    onSegment: (recognition, segment) => {
      // a long file's views are bounded as they come: only the last few segments keep their attention
      views = boundViews([...views, segmentView(recognition, segment, model)]);
      if (options.durationS) options.onProgress?.(Math.min(1, segment.end / options.durationS));
      if (options.cancelled?.()) throw new CancelledError();
    },
  });
  // The segments as a stored result holds them (the one result builder), so the views show what is saved.
  const { segments } = resultBody(transcript, '', transcript.stats.audioS);
  return { decoder, text: transcript.text, segments, stats: transcript.stats, views, ran: transcript.ran };
}

/** The attention view of a recognised segment (a run's, or one recomputed after it was dropped). */
export function segmentView(recognition: Recognition, span: { start: number; end: number }, model: LoadedModel): SegmentView {
  return {
    offsetS: span.start,
    endS: span.end,
    tokens: recognition.decoded.tokens.map((id) => model.tokens[id] ?? `#${id}`),
    tokenTimes: recognition.tokenTimes,
    attention: recognition.decoded.attention,
    ...(recognition.encoder.selfAttention ? { selfAttention: recognition.encoder.selfAttention } : {}),
    encoderFrames: recognition.encoder.frames,
    encoderFrameS: model.config.architecture.frameMs / 1000,
    window: recognition.encoder.window,
    usedAt: nextUse(),
  };
}
