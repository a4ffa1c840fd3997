// A live source of 16 kHz mono audio: the microphone, or a file played as if it were one.

import type { AudioError } from './audio-error';
import type { SignalLevel } from './signal-level';
import { TypedEmitter, type Listener } from './typed-emitter';

export type AudioSourceEndReason = 'eof' | 'stopped' | 'error';

export type AudioSourceEvents = {
  /** The next samples; `startSample` counts from the first sample after start(). */
  chunk: [samples: Float32Array, startSample: number];
  /** The level of the chunk just emitted. */
  level: [level: SignalLevel];
  /** A failure after start(); 'end' with reason 'error' follows. */
  error: [error: AudioError];
  /** Emitted exactly once, after the last chunk. */
  end: [info: { reason: AudioSourceEndReason }];
};

export interface AudioSource {
  readonly sampleRate: 16000;
  readonly events: TypedEmitter<AudioSourceEvents>;
  /** Shorthand for events.on. */
  on<K extends keyof AudioSourceEvents>(event: K, listener: Listener<AudioSourceEvents[K]>): () => void;
  /** Resolves once audio flows; rejects with an AudioError (and emits nothing) if it cannot start. */
  start(): Promise<void>;
  /**
   * Stops capturing. Every sample captured so far has been emitted as a chunk, and 'end' has been
   * emitted, by the time this resolves. Safe to call at any time, any number of times.
   */
  stop(): Promise<void>;
  /** Samples emitted so far. */
  readonly samplesEmitted: number;
}
