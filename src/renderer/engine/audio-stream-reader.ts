// A file read through the main process block by block (readAudioStream): each block goes on to the
// transcription as it arrives, and is also collected into the item's audio (waveform, filterbank,
// reruns). The reader asks for the next block only when the last has been used, so the main process
// never runs ahead of the model.

import type { AudioBlock } from '../../core/pipeline';
import type { AudioStreamBlock, AudioWarning } from '../../shared/contract';
import type { ItemAudio } from '../state/types';
import type { WorkbenchApi } from '../workbench-api';
import { CancelledError } from './transcription';

export interface ReadHooks {
  /** Fraction of the file read, after each block. */
  onProgress?(fraction: number): void;
  /** Checked before each block: a cancelled read closes the stream and throws CancelledError. */
  cancelled?(): boolean;
}

export class AudioStreamReader {
  private readonly samples = new GrowingFloats();
  private readonly frames = new GrowingFloats();
  private nFrames = 0;
  private nMels = 0;
  private end: { durationS: number; warnings: AudioWarning[] } | undefined;

  constructor(
    private readonly api: WorkbenchApi,
    readonly streamId: string,
  ) {}

  /** The blocks, in order, until the file's end. */
  async *blocks(hooks: ReadHooks = {}): AsyncGenerator<AudioBlock> {
    while (!this.end) {
      if (hooks.cancelled?.()) throw new CancelledError();
      const block: AudioStreamBlock = await this.api.readAudioStream({ streamId: this.streamId });
      this.samples.append(block.samples);
      this.frames.append(block.frames);
      this.nFrames += block.nFrames;
      this.nMels = block.nMels;
      this.end = block.end;
      hooks.onProgress?.(block.progress);
      if (block.samples.length > 0) yield block;
    }
  }

  /** Reads whatever is left, without using it elsewhere (a stored result's waveform). */
  async readAll(): Promise<ItemAudio> {
    for await (const _ of this.blocks()) void _;
    return this.audio();
  }

  /** Everything read, as the item keeps it; complete once the blocks have ended. */
  audio(): ItemAudio {
    const samples = this.samples.all();
    return {
      samples,
      durationS: this.end?.durationS ?? 0,
      warnings: this.end?.warnings ?? [],
      frames: this.frames.all(),
      nFrames: this.nFrames,
      nMels: this.nMels,
    };
  }

  /** Stops reading early (the main process forgets the stream; closing an ended stream is harmless). */
  async close(): Promise<void> {
    if (!this.end) await this.api.closeAudioStream({ streamId: this.streamId }).catch(() => undefined);
  }
}

/** A Float32Array that grows by doubling, so collecting an hour of samples copies each sample about twice, not once per block. */
class GrowingFloats {
  private buffer = new Float32Array(0);
  private length = 0;

  append(values: Float32Array): void {
    if (this.length + values.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.length + values.length, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(values, this.length);
    this.length += values.length;
  }

  all(): Float32Array {
    return this.buffer.slice(0, this.length);
  }
}
