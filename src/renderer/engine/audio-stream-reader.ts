// A file read through the main process block by block (readAudioStream): each block goes on to the
// transcription as it arrives, and what the item keeps of it is collected: always the overview (waveform peaks,
// filterbank columns: fixed size), and the whole samples and frames only while the file is short
// (state/audio-overview.ts, FULL_AUDIO_MAX_S) or there is no file to read them from again. The reader asks for the
// next block only when the last has been used, so the main process never runs ahead of the model.

import type { AudioBlock } from '../../core/pipeline';
import type { AudioStreamBlock, AudioWarning } from '../../shared/contract';
import { FULL_AUDIO_MAX_S, OverviewBuilder, type AudioOrigin, type ItemAudio } from '../state/audio-overview';
import type { WorkbenchApi } from '../workbench-api';
import { CancelledError } from './transcription';

export interface ReadHooks {
  /** Fraction of the file read, after each block. */
  onProgress?(fraction: number): void;
  /** Checked before each block: a cancelled read closes the stream and throws CancelledError. */
  cancelled?(): boolean;
}

export class AudioStreamReader {
  private readonly overview = new OverviewBuilder();
  /** The whole samples and frames, dropped once the file is longer than kept whole. */
  private full: { samples: GrowingFloats; frames: GrowingFloats } | undefined = { samples: new GrowingFloats(), frames: new GrowingFloats() };
  private nSamples = 0;
  private nFrames = 0;
  private nMels = 0;
  private end: { durationS: number; warnings: AudioWarning[] } | undefined;

  /**
   * `origin`: where the file is read again (absent: nowhere, so the whole audio is kept whatever its length);
   * `fullMaxS`: the longest audio kept whole (tests choose a small one).
   */
  constructor(
    private readonly api: WorkbenchApi,
    readonly streamId: string,
    readonly origin?: AudioOrigin,
    private readonly fullMaxS = FULL_AUDIO_MAX_S,
  ) {}

  /** The blocks, in order, until the file's end. */
  async *blocks(hooks: ReadHooks = {}): AsyncGenerator<AudioBlock> {
    while (!this.end) {
      if (hooks.cancelled?.()) throw new CancelledError();
      const block: AudioStreamBlock = await this.api.readAudioStream({ streamId: this.streamId });
      this.keep(block);
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

  /** What the item keeps of everything read; complete once the blocks have ended. */
  audio(): ItemAudio {
    return {
      durationS: this.end?.durationS ?? 0,
      warnings: this.end?.warnings ?? [],
      nSamples: this.nSamples,
      nFrames: this.nFrames,
      nMels: this.nMels,
      overview: this.overview.finish(),
      ...(this.full ? { full: { samples: this.full.samples.all(), frames: this.full.frames.all() } } : {}),
      ...(this.origin ? { origin: this.origin } : {}),
    };
  }

  /** Stops reading early (the main process forgets the stream; closing an ended stream is harmless). */
  async close(): Promise<void> {
    if (!this.end) await this.api.closeAudioStream({ streamId: this.streamId }).catch(() => undefined);
  }

  private keep(block: AudioStreamBlock): void {
    this.nSamples += block.samples.length;
    this.nFrames += block.nFrames;
    this.nMels = block.nMels;
    this.overview.addSamples(block.samples);
    this.overview.addFrames(block.frames, block.nFrames, block.nMels);
    if (!this.full) return;
    if (this.origin && this.nSamples > this.fullMaxS * 16_000) {
      // too long to keep whole: from here on only the overview grows (it has a fixed size)
      this.full = undefined;
      return;
    }
    this.full.samples.append(block.samples);
    this.full.frames.append(block.frames);
  }
}

/** A Float32Array that grows by doubling, so collecting minutes of samples copies each sample about twice, not once per block. */
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
