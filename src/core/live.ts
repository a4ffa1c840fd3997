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

  constructor(
    private readonly recogniser: Recogniser,
    readonly window: AttentionWindow = recogniser.streamingWindow,
    partials: LivePartialOptions = {},
  ) {
    this.encoder = recogniser.streamingEncoder(window);
    const { tokens } = recogniser;
    this.partialDecoder =
      (partials.beam ?? 1) > 1
        ? { kind: 'beam', decoder: new CtcBeamDecoder(tokens.size, tokens.blank, tokens.sosEos, recogniser.ctcBeamOptions(partials)) }
        : { kind: 'greedy', decoder: new CtcGreedyDecoder(tokens.blank, tokens.size) };
  }

  /** Adds row-major nFrames × nMels features; resolves to the partial transcript. */
  async push(features: Float32Array, nFrames?: number): Promise<LivePartial> {
    const frames = nFrames ?? features.length / this.recogniser.config.features.nMels;
    this.featureFrames += frames;
    await this.encodeChunk(() => this.encoder.push(features, frames));
    return this.partial();
  }

  /** End of the utterance: adds the bundle's silent tail, flushes the look-ahead and decodes everything with `options`. */
  async finish(options: DecodeOptions, offsetSeconds = 0): Promise<Recognition> {
    const { tailFrames } = this.recogniser.config.decoding;
    if (tailFrames > 0) await this.encodeChunk(() => this.encoder.push(new Float32Array(tailFrames * this.recogniser.config.features.nMels), tailFrames));
    await this.encodeChunk(() => this.encoder.flush());
    const encoder = this.encoderOutput();
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
    return { text: this.recogniser.tokens.decode(tokens), tokens, frames: this.encodedFrames };
  }

  /** Runs one streaming-encoder step and feeds the frames it made final to the partial decoder. */
  private async encodeChunk(step: () => Promise<EncodedChunk | undefined>): Promise<void> {
    const [chunk, ms] = await timed(step);
    this.encoderMs += ms;
    if (chunk) this.accept(chunk.encoded, chunk.ctcLogProbs, chunk.frames);
  }

  private accept(encoded: Float32Array, ctcLogProbs: Float32Array, frames: number): void {
    this.encoded.push(encoded);
    this.ctcLogProbs.push(ctcLogProbs);
    this.encodedFrames += frames;
    this.partialDecoder.decoder.push(ctcLogProbs, frames);
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
