// The workbench's decoders over a manifest: each file goes through the core's transcription path as
// `npm run transcribe` takes it (transcribeStream: cut at pauses by the core's segmenter, silent segments
// skipped, each segment's features computed from its samples), with one difference: each segment is
// encoded once (full context) and every decoder run on that encoder output. Each decoder's time is
// features + encoder + its own decoding (audio file decoding is not counted, for any system).

import { type FeatureExtractor, type Recogniser, type Recognition, type RecogniseOptions, type SegmentRecogniser, transcribe } from '../src/core';
import { extractFeatures } from '../src/audio';
import { timedWithCpu, timedWithCpuNow, type StepTime } from './cpu-time';
import type { DecoderConfig } from './decoders';
import { ErrorCounter, type ErrorRates } from './error-counts';

export interface SystemResult {
  system: string;
  rates: ErrorRates;
  audioS: number;
  /** Processing seconds (features + encoder + decoder for ours; the whole process for peers). */
  processingS: number;
  rtf: number;
  /** CPU seconds of the same work (peers: as they report it), and CPU seconds per audio second. */
  cpuS: number | undefined;
  cpuRtf: number | undefined;
  hypotheses: string[];
  /** % of output words outside the bundle's word-model vocabulary (eval, with a word model). */
  nonWords?: number;
  note?: string;
}

export interface DecodedUtterance {
  samples: Float32Array;
  reference: string;
}

export class WorkbenchSystems {
  private readonly counters: ErrorCounter[];
  private readonly seconds: number[];
  private readonly cpuSeconds: number[];
  private readonly hypotheses: string[][];
  private audioS = 0;

  constructor(
    private readonly recogniser: Recogniser,
    private readonly decoders: readonly DecoderConfig[],
  ) {
    this.counters = decoders.map(() => new ErrorCounter());
    this.seconds = decoders.map(() => 0);
    this.cpuSeconds = decoders.map(() => 0);
    this.hypotheses = decoders.map(() => []);
  }

  async add(utterance: DecodedUtterance): Promise<void> {
    const texts = this.decoders.map(() => [] as string[]);
    let featureTime: StepTime = { wallMs: 0, cpuMs: 0 };
    const features: FeatureExtractor = (samples) => {
      const [extracted, time] = timedWithCpuNow(() => extractFeatures(samples));
      featureTime = time;
      return extracted;
    };
    // The core's pipeline asks for one decoder per segment; this recogniser answers it with the first
    // decoder's recognition and runs the others on the same encoder output beside it.
    const everyDecoder: SegmentRecogniser = {
      config: this.recogniser.config,
      backend: this.recogniser.backend,
      recognise: async (frames: Float32Array, nFrames: number, options: RecogniseOptions): Promise<Recognition> => {
        const [encoded, encoderTime] = await timedWithCpu(() => this.recogniser.encodeUtterance(frames, nFrames, options.window));
        let first: Recognition | undefined;
        for (const [i, config] of this.decoders.entries()) {
          const [decoded, decoderTime] = await timedWithCpu(() => this.recogniser.decode(encoded, config.options));
          this.seconds[i]! += (featureTime.wallMs + encoderTime.wallMs + decoderTime.wallMs) / 1000;
          this.cpuSeconds[i]! += (featureTime.cpuMs + encoderTime.cpuMs + decoderTime.cpuMs) / 1000;
          texts[i]!.push(decoded.text.trim());
          first ??= this.recogniser.finish(encoded, decoded, {
            ...options,
            audioS: this.recogniser.featureSeconds(nFrames),
            encoderMs: encoderTime.wallMs,
            decoderMs: decoderTime.wallMs,
            ran: this.recogniser.runSettings(options, encoded.window),
          });
        }
        return first!;
      },
    };
    const transcript = await transcribe(everyDecoder, utterance.samples, { ...this.decoders[0]!.options, extractFeatures: features });
    this.audioS += transcript.stats.audioS;
    for (const [i, parts] of texts.entries()) {
      const hypothesis = parts.filter((t) => t).join(' ');
      this.hypotheses[i]!.push(hypothesis);
      this.counters[i]!.add(utterance.reference, hypothesis);
    }
  }

  results(): SystemResult[] {
    return this.decoders.map((config, i) => ({
      system: `workbench ${config.name}`,
      rates: this.counters[i]!.rates(),
      audioS: this.audioS,
      processingS: this.seconds[i]!,
      rtf: this.seconds[i]! / Math.max(1e-9, this.audioS),
      cpuS: this.cpuSeconds[i]!,
      cpuRtf: this.cpuSeconds[i]! / Math.max(1e-9, this.audioS),
      hypotheses: this.hypotheses[i]!,
    }));
  }
}
