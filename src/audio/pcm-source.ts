// A file's samples at their own rate and channel count, block by block: what the WAV reader and the
// codec decoders both provide to the resampling pipeline (decoded-stream.ts).

import type { AudioWarning } from './audio-warning';
import type { PcmBlock } from './codec-decoder';

/** What the file was, before conversion to 16 kHz mono. */
export interface AudioSourceInfo {
  container: string;
  codec: string;
  sampleRate: number;
  channels: number;
  /** Bits per sample, for PCM-like codecs only. */
  bitDepth?: number;
}

export interface PcmSource {
  readonly info: AudioSourceInfo;
  /** Source frames the header promises (WAV), when known. */
  readonly expectedFrames?: number;
  /** File bytes consumed so far, for progress. */
  readonly bytesConsumed: number;
  /** The next non-empty block, or undefined at the end. */
  read(): Promise<PcmBlock | undefined>;
  /** Problems found while reading (complete once read() returned undefined). */
  warnings(): AudioWarning[];
  close(): Promise<void>;
}
