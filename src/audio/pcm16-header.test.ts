// The header the app and its tools write (src/shared/wav-header.ts), checked against the app's own WAV parser.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PositionalReader } from './positional-reader';
import { readWavLayout } from './wav-header';
import { PCM16_HEADER_BYTES, pcm16MonoHeader, toInt16 } from '../shared/wav-header';

describe('pcm16MonoHeader', () => {
  it('is read back by the app’s own WAV parser as mono 16-bit PCM at the given rate with all its samples', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wav-header-'));
    try {
      const file = path.join(dir, 'a.wav');
      await writeFile(file, new Uint8Array([...pcm16MonoHeader(1000, 22050), ...new Uint8Array(2000)]));
      const reader = await PositionalReader.open(file);
      try {
        const layout = await readWavLayout(reader);
        expect(layout.format).toMatchObject({ encoding: 'pcm', channels: 1, sampleRate: 22050, bytesPerSample: 2, bitDepth: 16, blockAlign: 2 });
        expect(layout).toMatchObject({ dataOffset: PCM16_HEADER_BYTES, dataBytes: 2000, truncated: false });
      } finally {
        await reader.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('clamps sizes past 4 GiB instead of wrapping them', () => {
    const view = new DataView(pcm16MonoHeader(3e9).buffer);
    expect(view.getUint32(40, true)).toBe(0xffffffff);
    expect(view.getUint32(4, true)).toBe(0xffffffff);
  });

  it('writes samples clamped to [-1, 1] at full 16-bit scale', () => {
    expect([toInt16(-2), toInt16(-1), toInt16(0), toInt16(0.5), toInt16(1), toInt16(3)]).toEqual([-32767, -32767, 0, 16384, 32767, 32767]);
  });
});
