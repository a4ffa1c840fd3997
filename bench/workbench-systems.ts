// The workbench's decoders over a manifest: each file is decoded by the audio front end, cut at
// pauses the way `npm run transcribe` cuts it (segments of at most 20 s), its features computed and
// encoded once (full context), and every decoder run on the same encoder output. Each decoder's time
// is features + encoder + its own decoding (audio file decoding is not counted, for any system).

import { type Recogniser, segmentAtPauses } from '../src/core';
import { extractFeatures } from '../src/main/audio';
import { timedWithCpu } from './cpu-time';
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
    const sampleRate = this.recogniser.config.features.sampleRate;
    this.audioS += utterance.samples.length / sampleRate;
    const texts = this.decoders.map(() => [] as string[]);
    for (const segment of segmentAtPauses(utterance.samples, sampleRate)) {
      if (segment.silent) continue;
      const [features, featureTime] = await timedWithCpu(() => extractFeatures(utterance.samples.subarray(segment.start, segment.end)));
      if (features.nFrames === 0) continue;
      const [encoded, encoderTime] = await timedWithCpu(() => this.recogniser.encodeUtterance(features.frames, features.nFrames));
      for (const [i, config] of this.decoders.entries()) {
        const [decoded, decoderTime] = await timedWithCpu(() => this.recogniser.decode(encoded, config.options));
        this.seconds[i]! += (featureTime.wallMs + encoderTime.wallMs + decoderTime.wallMs) / 1000;
        this.cpuSeconds[i]! += (featureTime.cpuMs + encoderTime.cpuMs + decoderTime.cpuMs) / 1000;
        texts[i]!.push(decoded.text.trim());
      }
    }
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
