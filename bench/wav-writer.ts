// Writes 16 kHz mono 16-bit PCM WAV files chunk by chunk, so an hour of audio never sits in memory.

import { open, type FileHandle } from 'node:fs/promises';
import { PCM16_HEADER_BYTES, pcm16MonoHeader, toInt16 } from '../src/shared/wav-header';

const SAMPLE_RATE = 16000;

export class WavWriter {
  private samples = 0;

  private constructor(private readonly file: FileHandle) {}

  static async create(path: string): Promise<WavWriter> {
    const file = await open(path, 'w');
    await file.write(pcm16MonoHeader(0, SAMPLE_RATE), 0, PCM16_HEADER_BYTES, 0);
    return new WavWriter(file);
  }

  async append(samples: Float32Array): Promise<void> {
    const bytes = Buffer.alloc(samples.length * 2);
    for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(toInt16(samples[i]!), i * 2);
    await this.file.write(bytes, 0, bytes.length, PCM16_HEADER_BYTES + this.samples * 2);
    this.samples += samples.length;
  }

  get durationS(): number {
    return this.samples / SAMPLE_RATE;
  }

  async close(): Promise<void> {
    await this.file.write(pcm16MonoHeader(this.samples, SAMPLE_RATE), 0, PCM16_HEADER_BYTES, 0);
    await this.file.close();
  }
}

/** Writes whole samples to a WAV file. */
export async function writeWav(path: string, samples: Float32Array): Promise<void> {
  const writer = await WavWriter.create(path);
  await writer.append(samples);
  await writer.close();
}
