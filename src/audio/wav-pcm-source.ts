// PCM blocks from a WAV file, read in pieces of 256 KiB (1.5 s of 44.1 kHz stereo) so a one-hour
// file streams in bounded memory.

import { fileError } from './audio-error';
import type { AudioWarning } from './audio-warning';
import type { PcmBlock } from './codec-decoder';
import type { AudioSourceInfo, PcmSource } from './pcm-source';
import type { PositionalReader } from './positional-reader';
import { readWavLayout, type WavLayout } from './wav-header';
import { wavBytesToChannels } from './wav-samples';

const READ_BYTES = 256 * 1024;

export async function openWavPcmSource(reader: PositionalReader): Promise<PcmSource> {
  const layout = await readWavLayout(reader);
  if (layout.dataBytes === 0) {
    throw layout.truncated
      ? fileError('truncated', reader.path, 'the WAV file ends where its samples should start')
      : fileError('empty', reader.path, 'the WAV file contains no samples');
  }
  return new WavPcmSource(reader, layout);
}

class WavPcmSource implements PcmSource {
  readonly info: AudioSourceInfo;
  readonly expectedFrames: number;
  private offset = 0;

  constructor(
    private readonly reader: PositionalReader,
    private readonly layout: WavLayout,
  ) {
    const { format } = layout;
    const codec = format.encoding === 'pcm' ? 'pcm' : format.encoding === 'float' ? 'pcm-float' : `g711-${format.encoding}`;
    this.info = { container: 'wav', codec, sampleRate: format.sampleRate, channels: format.channels, bitDepth: format.bitDepth };
    this.expectedFrames = layout.dataBytes / format.blockAlign;
  }

  get bytesConsumed(): number {
    return this.layout.dataOffset + this.offset;
  }

  async read(): Promise<PcmBlock | undefined> {
    const { dataBytes, dataOffset, format } = this.layout;
    if (this.offset >= dataBytes) return undefined;
    const wanted = Math.min(dataBytes - this.offset, READ_BYTES - (READ_BYTES % format.blockAlign));
    const bytes = await this.reader.read(dataOffset + this.offset, wanted);
    const whole = bytes.length - (bytes.length % format.blockAlign);
    if (whole === 0) {
      this.offset = dataBytes; // the file shrank while we read it
      return undefined;
    }
    this.offset += whole;
    return { channelData: wavBytesToChannels(bytes.subarray(0, whole), format), sampleRate: format.sampleRate };
  }

  warnings(): AudioWarning[] {
    if (!this.layout.truncated) return [];
    const seconds = (this.expectedFrames / this.layout.format.sampleRate).toFixed(2);
    return [{ code: 'truncated', message: `${this.reader.path}: the file is shorter than its header says; decoded the ${seconds} s present` }];
  }

  async close(): Promise<void> {
    await this.reader.close();
  }
}
