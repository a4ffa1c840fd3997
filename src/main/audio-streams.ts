// Files read for transcription, one block per readAudioStream call: the renderer pulls the next block
// when it has used the last, so the main process decodes and featurises a file at the pace the model
// consumes it, holds one block at a time, and never spends more than one block's work (a few
// milliseconds) in a call: its event loop keeps answering (docs/benchmarks.md has the measured delay).

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ContractError, type AudioStreamBlock } from '../shared/contract';
import type { AudioPort, FeatureBlockSource } from './audio-port';

const SAMPLE_RATE = 16_000;

/** Streams a renderer left open (a reload mid-job) are closed, oldest first, beyond this many. */
const MAX_OPEN = 8;

interface OpenStream {
  source: FeatureBlockSource;
  /** The name messages give the file (a dropped file's own name, not its copy's path). */
  reported: string;
  filePath: string;
  /** Run once the stream is closed (a dropped file's temporary copy is removed). */
  cleanUp?: () => Promise<void>;
  /** Reads in flight run one after another, in order. */
  queue: Promise<unknown>;
}

export class AudioStreams {
  private readonly open = new Map<string, OpenStream>();

  constructor(
    private readonly audio: AudioPort,
    private readonly nMels: number,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Opens `filePath`; errors name it `reported`. */
  async openFile(filePath: string, reported = filePath, cleanUp?: () => Promise<void>): Promise<{ streamId: string }> {
    let source: FeatureBlockSource;
    try {
      source = await this.audio.openFeatureBlocks(filePath);
    } catch (error) {
      await cleanUp?.();
      throw renamed(error, filePath, reported);
    }
    const streamId = this.newId();
    this.open.set(streamId, { source, reported, filePath, queue: Promise.resolve(), ...(cleanUp ? { cleanUp } : {}) });
    for (const id of [...this.open.keys()].slice(0, Math.max(0, this.open.size - MAX_OPEN))) await this.close(id);
    return { streamId };
  }

  /** A dropped file's bytes go through a private temporary file, removed when the stream closes. */
  async openBytes(name: string, bytes: Uint8Array): Promise<{ streamId: string }> {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'workbench-drop-'));
    const removeFolder = () => rm(folder, { recursive: true, force: true });
    const file = path.join(folder, path.basename(name) || 'dropped');
    try {
      await writeFile(file, bytes);
    } catch (error) {
      await removeFolder();
      throw error;
    }
    return this.openFile(file, name, removeFolder);
  }

  /** The next block; the last carries `end` and closes the stream; a failure closes it too. */
  read(streamId: string): Promise<AudioStreamBlock> {
    const stream = this.open.get(streamId);
    if (!stream) return Promise.reject(new ContractError({ code: 'unknown-stream', message: `No audio stream ${streamId} is open` }));
    const next = stream.queue.then(() => this.readBlock(streamId, stream));
    stream.queue = next.catch(() => undefined);
    return next;
  }

  async close(streamId: string): Promise<void> {
    const stream = this.open.get(streamId);
    if (!stream) return;
    this.open.delete(streamId);
    try {
      await stream.source.close();
    } finally {
      await stream.cleanUp?.();
    }
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.open.keys()].map((id) => this.close(id)));
  }

  private async readBlock(streamId: string, stream: OpenStream): Promise<AudioStreamBlock> {
    try {
      const block = await stream.source.read();
      if (block) return { ...block, nMels: this.nMels, progress: stream.source.progress };
      const end = { durationS: stream.source.samplesRead / SAMPLE_RATE, warnings: stream.source.warnings() };
      await this.close(streamId);
      return { samples: new Float32Array(0), frames: new Float32Array(0), nFrames: 0, nMels: this.nMels, featureMs: 0, progress: 1, end };
    } catch (error) {
      await this.close(streamId);
      throw renamed(error, stream.filePath, stream.reported);
    }
  }
}

/** The error with `filePath` replaced by `reported` in its message and file (a kept copy's errors name the dropped file). */
export function renamed(error: unknown, filePath: string, reported: string): unknown {
  if (reported !== filePath && error instanceof Error) {
    if ((error as { file?: unknown }).file === filePath) (error as { file?: unknown }).file = reported;
    error.message = error.message.split(filePath).join(reported);
  }
  return error;
}
