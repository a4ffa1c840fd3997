// Run statistics for every decode: where the time went, how many decoder steps or passes ran, and
// how fast that is against the audio's duration.

import type { BackendName } from './backend';
import type { DecoderKind } from './decoding';

export interface RunStats {
  decoder: DecoderKind;
  backend: BackendName;
  /** Seconds of audio decoded. */
  audioS: number;
  /** Log-mel extraction (0 when features were given). */
  featureMs: number;
  encoderMs: number;
  decoderMs: number;
  /** AT: decoder steps; NAT: decoder passes; CTC: 0. */
  decoderSteps: number;
  tokens: number;
  /** Output tokens per second of decoder time. */
  tokensPerSecond: number;
  /** (feature + encoder + decoder time) / audio duration: below 1 is faster than real time. */
  rtf: number;
  /** Segments the audio was cut into (1 for short audio). */
  segments: number;
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Time an async step: resolves to [result, milliseconds]. */
export async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = now();
  const result = await work();
  return [result, now() - start];
}

/** What a decode measured; runStats derives the rates. */
export type StatsParts = Omit<RunStats, 'tokensPerSecond' | 'rtf' | 'segments'> & { segments?: number };

export function runStats(p: StatsParts): RunStats {
  const totalMs = p.featureMs + p.encoderMs + p.decoderMs;
  return {
    decoder: p.decoder,
    backend: p.backend,
    audioS: p.audioS,
    featureMs: p.featureMs,
    encoderMs: p.encoderMs,
    decoderMs: p.decoderMs,
    decoderSteps: p.decoderSteps,
    tokens: p.tokens,
    tokensPerSecond: p.decoderMs > 0 ? p.tokens / (p.decoderMs / 1000) : 0,
    rtf: p.audioS > 0 ? totalMs / 1000 / p.audioS : 0,
    segments: p.segments ?? 1,
  };
}

/**
 * Statistics of a whole file from its segments' (silent segments are skipped, so the audio duration
 * and feature time are the whole file's, given by the caller).
 */
export function combineStats(
  parts: readonly RunStats[],
  whole: { decoder: DecoderKind; backend: BackendName; audioS: number; featureMs: number },
): RunStats {
  const sum = (key: 'encoderMs' | 'decoderMs' | 'decoderSteps' | 'tokens') => parts.reduce((a, s) => a + s[key], 0);
  return runStats({
    ...whole,
    // The backend can only move from WebGPU to WASM, so the last segment's is where the run ended.
    backend: parts[parts.length - 1]?.backend ?? whole.backend,
    encoderMs: sum('encoderMs'),
    decoderMs: sum('decoderMs'),
    decoderSteps: sum('decoderSteps'),
    tokens: sum('tokens'),
    segments: parts.length,
  });
}
