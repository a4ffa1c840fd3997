// Writes 16 kHz mono 16-bit PCM WAV files chunk by chunk, so an hour of audio never sits in memory.

import { open, type FileHandle } from 'node:fs/promises';

const SAMPLE_RATE = 16000;

export class WavWriter {
  private samples = 0;

  private constructor(private readonly file: FileHandle) {}

  static async create(path: string): Promise<WavWriter> {
    const file = await open(path, 'w');
    await file.write(header(0), 0, 44, 0);
    return new WavWriter(file);
  }

  async append(samples: Float32Array): Promise<void> {
    const bytes = Buffer.alloc(samples.length * 2);
    for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), i * 2);
    await this.file.write(bytes, 0, bytes.length, 44 + this.samples * 2);
    this.samples += samples.length;
  }

  get durationS(): number {
    return this.samples / SAMPLE_RATE;
  }

  async close(): Promise<void> {
    await this.file.write(header(this.samples * 2), 0, 44, 0);
    await this.file.close();
  }
}

function header(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Writes whole samples to a WAV file. */
export async function writeWav(path: string, samples: Float32Array): Promise<void> {
  const writer = await WavWriter.create(path);
  await writer.append(samples);
  await writer.close();
}
