// What the services need from the audio front end (src/audio/, owned by the audio engineer).
// The services depend on this port, not on the module, so they are testable with a scripted fake
// and the composition root (src/main/index.ts, e2e/host) is the only place that binds the two.

import type { AudioWarning, InputDevice } from '../shared/contract';

export interface AudioLevelReading {
  rms: number;
  peak: number;
}

/** Why a source ended: its input ran out, stop() was called, or it failed (after an 'error' event). */
export type AudioSourceEndReason = 'eof' | 'stopped' | 'error';

/** A live source (microphone, or a file played back in real time): chunks of 16 kHz mono samples. */
export interface AudioSource {
  /** Resolves once audio flows; rejects (emitting nothing) when the source cannot start. */
  start(): Promise<void>;
  /** Emits every captured sample and then 'end' before it resolves; safe to call repeatedly. */
  stop(): Promise<void>;
  on(event: 'chunk', listener: (samples: Float32Array, startSample: number) => void): () => void;
  on(event: 'level', listener: (level: AudioLevelReading) => void): () => void;
  on(event: 'error', listener: (error: Error & { code: string }) => void): () => void;
  /** Emitted exactly once, after the last chunk. */
  on(event: 'end', listener: (info: { reason: AudioSourceEndReason }) => void): () => void;
}

export interface StreamingFeatures {
  /** Feeds samples; returns the feature frames that became complete (row-major nFrames × nMels). */
  push(samples: Float32Array): { frames: Float32Array; nFrames: number };
}

/** A file read as blocks of samples with the feature frames they complete (src/audio/feature-blocks.ts). */
export interface FeatureBlockSource {
  /** The next block, or undefined after the last; rejects with an error naming the file. */
  read(): Promise<{ samples: Float32Array; frames: Float32Array; nFrames: number; featureMs: number } | undefined>;
  /** Fraction of the file read, 0..1. */
  readonly progress: number;
  /** 16 kHz samples read so far. */
  readonly samplesRead: number;
  /** Complete once read() has returned undefined. */
  warnings(): AudioWarning[];
  close(): Promise<void>;
}

export interface AudioPort {
  /** Opens a file for reading block by block; rejects with an error naming the file. */
  openFeatureBlocks(path: string): Promise<FeatureBlockSource>;
  /** Frames [firstFrame, firstFrame + nFrames) of a file and their samples, as the whole file's (src/audio/feature-range.ts). */
  readFeatureRange(path: string, firstFrame: number, nFrames: number): Promise<{ firstFrame: number; firstSample: number; samples: Float32Array; frames: Float32Array; nFrames: number }>;
  createStreamingFeatures(): StreamingFeatures;
  listInputDevices(): Promise<InputDevice[]>;
  createMicrophoneSource(options: { deviceIndex: number }): AudioSource;
  createFileSource(path: string, options: { realtime: boolean }): AudioSource;
}
