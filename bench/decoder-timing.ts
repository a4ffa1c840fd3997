// Feature, encoder and decoder time of each decoder on each test utterance, in Node on the WASM
// backend (what the CLI runs). Every utterance is warmed up once, then measured `repeat` times; the
// median of each part is kept. Features and the (full-context) encoder are shared by the decoders, so
// one decoder's end-to-end time is feature + encoder + its decoder.

import type { Recogniser } from '../src/core';
import { extractFeatures } from '../src/audio';
import { timedWithCpu } from './cpu-time';
import { DECODERS, type DecoderConfig } from './decoders';
import { median } from './statistics';
import type { TestUtterance } from './test-audio';

export interface DecoderTiming {
  decoder: string;
  decoderMs: number;
  decoderCpuMs: number;
  /** AT: decoder steps; NAT: passes; CTC: 0 (per run). */
  steps: number;
  tokens: number;
  text: string;
}

export interface UtteranceTiming {
  utterance: string;
  audioS: number;
  featureMs: number;
  encoderMs: number;
  /** CPU time of the same steps (wall time also counts waiting for other processes' CPU). */
  featureCpuMs: number;
  encoderCpuMs: number;
  encoderFrames: number;
  decoders: DecoderTiming[];
}

export async function timeDecoders(
  recogniser: Recogniser,
  utterances: readonly TestUtterance[],
  repeat: number,
  progress: (line: string) => void,
  decoders: readonly DecoderConfig[] = DECODERS,
): Promise<UtteranceTiming[]> {
  const results: UtteranceTiming[] = [];
  for (const utterance of utterances) {
    const featureMs: number[] = [];
    const encoderMs: number[] = [];
    const featureCpuMs: number[] = [];
    const encoderCpuMs: number[] = [];
    const decoderMs = decoders.map(() => [] as number[]);
    const decoderCpuMs = decoders.map(() => [] as number[]);
    let last: { decoder: string; steps: number; tokens: number; text: string }[] = [];
    let frames = 0;
    for (let run = 0; run <= repeat; run++) {
      const [features, ft] = await timedWithCpu(() => extractFeatures(utterance.samples));
      const [encoded, et] = await timedWithCpu(() => recogniser.encodeUtterance(features.frames, features.nFrames));
      frames = encoded.frames;
      const outputs = [];
      for (const [i, config] of decoders.entries()) {
        const [decoded, dt] = await timedWithCpu(() => recogniser.decode(encoded, config.options));
        if (run > 0) {
          decoderMs[i]!.push(dt.wallMs);
          decoderCpuMs[i]!.push(dt.cpuMs);
        }
        outputs.push({ decoder: config.name, steps: decoded.steps, tokens: decoded.tokens.length, text: decoded.text });
      }
      last = outputs;
      if (run > 0) {
        featureMs.push(ft.wallMs);
        encoderMs.push(et.wallMs);
        featureCpuMs.push(ft.cpuMs);
        encoderCpuMs.push(et.cpuMs);
      }
      progress(`  node wasm ${utterance.label}: ${run === 0 ? 'warm-up' : `run ${run}/${repeat}`} done`);
    }
    results.push({
      utterance: utterance.label,
      audioS: utterance.durationS,
      featureMs: median(featureMs),
      encoderMs: median(encoderMs),
      featureCpuMs: median(featureCpuMs),
      encoderCpuMs: median(encoderCpuMs),
      encoderFrames: frames,
      decoders: last.map((o, i) => ({ ...o, decoderMs: median(decoderMs[i]!), decoderCpuMs: median(decoderCpuMs[i]!) })),
    });
  }
  return results;
}
