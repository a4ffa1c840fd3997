import { describe, expect, it } from 'vitest';
import type { ByteSource } from './byte-source';
import { decodeFile } from './decode-file';
import { fixture } from './fixtures/fixture-path';
import { topLevelBoxes, walkBoxes } from './mp4-boxes';
import { moovFirst } from './mp4-moov-first';
import { PositionalReader } from './positional-reader';

async function chunkOffsets(bytes: ByteSource): Promise<number[]> {
  const moov = (await topLevelBoxes(bytes)).find((b) => b.type === 'moov')!;
  const moovBytes = await bytes.read(moov.offset, moov.size);
  const view = new DataView(moovBytes.buffer, moovBytes.byteOffset, moovBytes.byteLength);
  const offsets: number[] = [];
  walkBoxes(moovBytes, (type, body) => {
    if (type !== 'stco') return;
    for (let i = 0; i < view.getUint32(body + 4); i++) offsets.push(view.getUint32(body + 8 + 4 * i));
  });
  return offsets;
}

describe('MP4 with its index (moov) at the end', () => {
  it('is presented index-first, every chunk offset still pointing at the same media bytes', async () => {
    const file = await PositionalReader.open(fixture('formats/speech.m4a'));
    try {
      expect((await topLevelBoxes(file)).map((b) => b.type)).toEqual(['ftyp', 'free', 'mdat', 'moov']);
      const view = await moovFirst(file);
      expect(view.size).toBe(file.size);
      expect((await topLevelBoxes(view)).map((b) => b.type)).toEqual(['ftyp', 'free', 'moov', 'mdat']);
      const before = await chunkOffsets(file);
      const after = await chunkOffsets(view);
      expect(after.length).toBe(before.length);
      for (let i = 0; i < before.length; i++) {
        expect(await view.read(after[i]!, 32)).toEqual(await file.read(before[i]!, 32));
      }
    } finally {
      await file.close();
    }
  });

  it('decodes to exactly the same samples as the same audio written with +faststart', async () => {
    const atEnd = await decodeFile(fixture('formats/speech.m4a'));
    const atStart = await decodeFile(fixture('formats/speech-faststart.m4a'));
    expect(atEnd.samples).toEqual(atStart.samples);
  });

  it('leaves an index-first file as it is', async () => {
    const file = await PositionalReader.open(fixture('formats/speech-faststart.m4a'));
    try {
      expect(await moovFirst(file)).toBe(file);
    } finally {
      await file.close();
    }
  });
});
