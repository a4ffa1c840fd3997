// A file played as a live source: the same interface as the microphone, the same samples as
// decodeFile(). With `realtime`, chunk k (covering [k·n, (k+1)·n) samples) is emitted when the
// wall clock reaches start + (k+1)·chunkMs, as a microphone would deliver it; the schedule is
// absolute, so timer jitter does not accumulate. Without it, chunks go out as fast as they decode,
// yielding to the event loop between chunks.
//
// The file is decoded incrementally (DecodedStream), a little ahead of playback, so a one-hour file
// plays in bounded memory.

import { AudioError, asFileError } from './audio-error';
import type { AudioSource, AudioSourceEndReason, AudioSourceEvents } from './audio-source';
import { DecodedStream } from './decoded-stream';
import { TARGET_SAMPLE_RATE } from './feature-parameters';
import { measureLevel } from './signal-level';
import { TypedEmitter, type Listener } from './typed-emitter';

export interface FileSourceOptions {
  /** Pace chunks at real time (simulate live) instead of as fast as possible. */
  realtime: boolean;
  /** Chunk duration; 100 ms by default. */
  chunkMs?: number;
}

export function createFileSource(path: string, options: FileSourceOptions): AudioSource {
  return new FileSource(path, options);
}

class FileSource implements AudioSource {
  readonly sampleRate = 16000 as const;
  readonly events = new TypedEmitter<AudioSourceEvents>();
  private started = false;
  private ended = false;
  private stopRequested = false;
  private opening: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private stream: DecodedStream | undefined;
  /** Decoded samples not yet emitted, in order. */
  private buffered: Float32Array[] = [];
  private bufferedLength = 0;
  private streamDone = false;
  private emitted = 0;
  private startedAt = 0;
  private readonly chunkSamples: number;
  /** Cuts the current real-time wait short (stop). */
  private wake: (() => void) | undefined;

  constructor(
    private readonly path: string,
    private readonly options: FileSourceOptions,
  ) {
    this.chunkSamples = Math.max(1, Math.round(((options.chunkMs ?? 100) * TARGET_SAMPLE_RATE) / 1000));
  }

  on<K extends keyof AudioSourceEvents>(event: K, listener: Listener<AudioSourceEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  get samplesEmitted(): number {
    return this.emitted;
  }

  start(): Promise<void> {
    if (this.started) return Promise.reject(new AudioError('device-busy', `${this.path}: this file source has already been started`, { file: this.path }));
    this.started = true;
    this.opening = this.open();
    return this.opening;
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.opening?.catch(() => undefined);
    await this.loop;
    // Never started, or failed to start: nothing was emitted, so nothing ends either.
    this.ended = true;
  }

  private async open(): Promise<void> {
    try {
      this.stream = await DecodedStream.open(this.path);
    } catch (error) {
      this.ended = true; // start() rejects; no events
      throw asFileError(this.path, error);
    }
    this.startedAt = performance.now();
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    let reason: AudioSourceEndReason = 'eof';
    try {
      while (true) {
        if (this.stopRequested) {
          reason = 'stopped';
          if (this.options.realtime) this.emitCapturedSoFar();
          break;
        }
        await this.fill(this.chunkSamples);
        if (this.bufferedLength === 0) break; // end of file, everything emitted
        const size = Math.min(this.chunkSamples, this.bufferedLength);
        if (this.options.realtime) await this.sleepUntil(this.startedAt + ((this.emitted + size) * 1000) / TARGET_SAMPLE_RATE);
        else await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.stopRequested) continue; // real time: emits what has been "captured" up to now, then ends
        this.emitChunk(size);
      }
    } catch (error) {
      this.events.emit('error', asFileError(this.path, error));
      reason = 'error';
    } finally {
      await this.stream?.close();
      if (!this.ended) {
        this.ended = true;
        this.events.emit('end', { reason });
      }
    }
  }

  /** On stop in real-time mode: the part of the audio whose time has already passed. */
  private emitCapturedSoFar(): void {
    const elapsed = Math.floor(((performance.now() - this.startedAt) * TARGET_SAMPLE_RATE) / 1000);
    const due = Math.min(elapsed - this.emitted, this.bufferedLength);
    if (due > 0) this.emitChunk(due);
  }

  /** Decodes until `samples` are buffered or the file ends. */
  private async fill(samples: number): Promise<void> {
    while (this.bufferedLength < samples && !this.streamDone) {
      const chunk = await this.stream!.next();
      if (chunk === undefined) this.streamDone = true;
      else {
        this.buffered.push(chunk);
        this.bufferedLength += chunk.length;
      }
    }
  }

  private emitChunk(size: number): void {
    const chunk = new Float32Array(size);
    let filled = 0;
    while (filled < size) {
      const head = this.buffered[0]!;
      const take = Math.min(head.length, size - filled);
      chunk.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.buffered.shift();
      else this.buffered[0] = head.subarray(take);
    }
    this.bufferedLength -= size;
    const startSample = this.emitted;
    this.emitted += size;
    this.events.emit('chunk', chunk, startSample);
    this.events.emit('level', measureLevel(chunk));
  }

  private sleepUntil(deadline: number): Promise<void> {
    const delay = deadline - performance.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wake = done;
    });
  }
}
