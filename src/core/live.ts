// Live transcription: feature chunks from the microphone in, a CTC partial out after every chunk
// (streaming encoder + incremental CTC: greedy, or prefix beam search with the language model, which is
// frame-synchronous too, so each chunk costs about the same), and at the end of the
// utterance a final decode with CTC, AT or NAT over the streamed encoder states — which equal the
// full-utterance encoder with the same window. Encoder states are kept for that final decode, so
// memory grows with the utterance: callers end an utterance at pauses (or every ~20 s).

import type { AttentionWindow } from './bundle';
import { CtcGreedyDecoder } from './ctc';
import { CtcBeamDecoder } from './ctc-beam';
import type { DecodeOptions } from './decoding';
import type { EncoderOutput } from './encoder';
import type { Recogniser, Recognition } from './recogniser';
import { argmax } from './search';
import { logMelLevelsDb, SpeechEndpointer, type EndpointOptions } from './segment';
import { now, timed } from './stats';
import type { EncodedChunk, StreamingEncoder } from './streaming';
import { concatenateFloats } from '../shared/samples';

/** How partials are decoded: CTC prefix beam search at `beam` (> 1, with the language model unless lmWeight is 0), or greedy. */
export type LivePartialOptions = Pick<DecodeOptions, 'beam' | 'lmWeight'>;

export interface LivePartial {
  /** CTC text of everything so far (greedy, or the best prefix of the beam). */
  text: string;
  tokens: number[];
  /** Encoder frames final so far (each 40 ms). */
  frames: number;
  /**
   * The speaker has stopped: a quiet stretch in which CTC stayed blank after the last character
   * (segment.ts SpeechEndpointer), or the utterance reached its longest. Callers finish() now.
   */
  speechEnded: boolean;
  /**
   * What follows `text` in the newest frames, computed before their look-ahead arrived (CTC greedy over
   * the streaming encoder's provisional frames): shown after the partial, it may still change. Without it
   * the first words would wait for the encoder's whole look-ahead (0.8 s with the shipped bundle).
   */
  pending: string;
}

export class LiveTranscriber {
  private readonly encoder: StreamingEncoder;
  /** Exactly one of the two decodes the partials. */
  private readonly partialDecoder: { kind: 'greedy'; decoder: CtcGreedyDecoder } | { kind: 'beam'; decoder: CtcBeamDecoder };
  private encodedFrames = 0;
  private encoded: Float32Array[] = [];
  private ctcLogProbs: Float32Array[] = [];
  private featureFrames = 0;
  private encoderMs = 0;
  private readonly endpointer: SpeechEndpointer;
  /** Best label of the last final frame, and the provisional frames' greedy tokens after it. */
  private lastBest: number;
  private pendingTokens: number[] = [];
  /** The whole utterance's encoder output, once finish() ran. */
  private finished: EncoderOutput | undefined;

  constructor(
    private readonly recogniser: Recogniser,
    readonly window: AttentionWindow = recogniser.streamingWindow,
    partials: LivePartialOptions = {},
    endpoint: EndpointOptions = {},
  ) {
    this.encoder = recogniser.streamingEncoder(window);
    const { hopSize, sampleRate } = recogniser.config.features;
    this.endpointer = new SpeechEndpointer(hopSize / sampleRate, recogniser.frameSeconds, endpoint);
    this.lastBest = recogniser.tokens.blank;
    const { tokens } = recogniser;
    this.partialDecoder =
      (partials.beam ?? 1) > 1
        ? { kind: 'beam', decoder: new CtcBeamDecoder(tokens.size, tokens.blank, tokens.sosEos, recogniser.ctcBeamOptions(partials)) }
        : { kind: 'greedy', decoder: new CtcGreedyDecoder(tokens.blank, tokens.size) };
  }

  /** Adds row-major nFrames × nMels features; resolves to the partial transcript. */
  async push(features: Float32Array, nFrames?: number): Promise<LivePartial> {
    const { nMels } = this.recogniser.config.features;
    const frames = nFrames ?? features.length / nMels;
    this.featureFrames += frames;
    this.endpointer.pushLevels(logMelLevelsDb(features, nMels, frames));
    await this.encodeChunk(() => this.encoder.push(features, frames));
    return this.partial();
  }

  /** End of the utterance: adds the bundle's silent tail, flushes the look-ahead and decodes everything with `options`. */
  async finish(options: DecodeOptions, offsetSeconds = 0): Promise<Recognition> {
    if (!this.finished) {
      const { tailFrames } = this.recogniser.config.decoding;
      // The silent tail and the flush in one encoder run (the flush recomputes the whole left context).
      await this.encodeChunk(() => this.encoder.flush(new Float32Array(tailFrames * this.recogniser.config.features.nMels), tailFrames));
      this.finished = this.encoderOutput();
    }
    return this.decodeFinished(options, offsetSeconds);
  }

  /**
   * The finished utterance decoded again with `options`: finish() with a fast decoder shows final words
   * as soon as the speaker stops, and this replaces them with a slower decoder's (the encoder does not run again).
   */
  refine(options: DecodeOptions, offsetSeconds = 0): Promise<Recognition> {
    if (!this.finished) throw new Error('refine() needs a finished utterance: call finish() first');
    return this.decodeFinished(options, offsetSeconds);
  }

  private async decodeFinished(options: DecodeOptions, offsetSeconds: number): Promise<Recognition> {
    const encoder = this.finished!;
    const started = now();
    const decoded = await this.recogniser.decode(encoder, options);
    return this.recogniser.finish(encoder, decoded, {
      audioS: this.recogniser.featureSeconds(this.featureFrames),
      encoderMs: this.encoderMs,
      decoderMs: now() - started,
      offsetSeconds,
      ran: this.recogniser.runSettings(options, this.window),
    });
  }

  partial(): LivePartial {
    const { kind, decoder } = this.partialDecoder;
    const tokens = kind === 'beam' ? decoder.best() : decoder.tokens.map((t) => t.id);
    const decode = (ids: number[]) => this.recogniser.tokens.decode(ids);
    return { text: decode(tokens), tokens, frames: this.encodedFrames, speechEnded: this.endpointer.ended, pending: decode(this.pendingTokens) };
  }

  /** Runs one streaming-encoder step and feeds the frames it made final to the partial decoder. */
  private async encodeChunk(step: () => Promise<EncodedChunk | undefined>): Promise<void> {
    const [chunk, ms] = await timed(step);
    this.encoderMs += ms;
    if (chunk) {
      this.accept(chunk.encoded, chunk.ctcLogProbs, chunk.frames);
      const provisional = this.best(chunk.provisionalCtcLogProbs);
      this.endpointer.setProvisionalCtc(provisional.map((id) => id === this.recogniser.tokens.blank));
      // Greedy collapse, continuing from the last final frame (a label held across the boundary is one character).
      this.pendingTokens = [];
      let previous = this.lastBest;
      for (const id of provisional) {
        if (id !== this.recogniser.tokens.blank && id !== previous) this.pendingTokens.push(id);
        previous = id;
      }
    }
  }

  /** The best label of each row of CTC log-probabilities. */
  private best(ctcLogProbs: Float32Array): number[] {
    const { size } = this.recogniser.tokens;
    return Array.from({ length: ctcLogProbs.length / size }, (_, t) => argmax(ctcLogProbs, t, size).id);
  }

  private accept(encoded: Float32Array, ctcLogProbs: Float32Array, frames: number): void {
    this.encoded.push(encoded);
    this.ctcLogProbs.push(ctcLogProbs);
    this.encodedFrames += frames;
    this.partialDecoder.decoder.push(ctcLogProbs, frames);
    const best = this.best(ctcLogProbs.subarray(0, frames * this.recogniser.tokens.size));
    this.endpointer.pushCtc(best.map((id) => id === this.recogniser.tokens.blank));
    if (best.length > 0) this.lastBest = best[best.length - 1]!;
  }

  private encoderOutput(): EncoderOutput {
    const { dModel } = this.recogniser.config.architecture;
    return {
      frames: this.encodedFrames,
      dModel,
      vocabulary: this.recogniser.tokens.size,
      encoded: concatenateFloats(this.encoded),
      ctcLogProbs: concatenateFloats(this.ctcLogProbs),
      window: this.window,
    };
  }
}

/**
 * The decoder a live utterance is finalised with first when `chosen` is slow: AT (a step per character,
 * 0.9 s for 10 s of speech with the default beam 8 + LM) and the default AT rescoring of the word beam's n-best
 * (a word-aware beam of 64, then AT over 16 entries: 211 ms of CPU for a sentence, against 65-83 ms for CTC beam
 * search) finalise with CTC prefix beam search at the partials' settings, and refine() replaces the words with
 * the chosen decoder's; NAT and CTC finalise directly (undefined).
 */
export function fastFinalOptions(chosen: DecodeOptions, partials: LivePartialOptions = {}): DecodeOptions | undefined {
  if (chosen.decoder !== 'at' && chosen.decoder !== 'rescore') return undefined;
  return { decoder: 'ctc', beam: partials.beam ?? 1, ...(partials.lmWeight === undefined ? {} : { lmWeight: partials.lmWeight }) };
}
