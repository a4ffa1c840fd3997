// The renderer's file reader against the real main-process services and audio front end (in one
// process, values cloned as IPC clones them): it yields the file's blocks in order, collects the item's
// audio equal to a whole-file decode, and a cancelled read stops and closes the stream in main.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile, extractFeatures } from '../../audio';
import { encodeWav } from '../../audio/fixtures/encode-wav';
import { inProcessApi } from '../../testing/in-process-api';
import { AudioStreamReader } from './audio-stream-reader';
import { CancelledError } from './transcription';

const scratch = mkdtempSync(path.join(tmpdir(), 'audio-stream-reader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const FILE = path.join(scratch, 'tone.wav');
writeFileSync(FILE, encodeWav([Float32Array.from({ length: 16_000 * 7 }, (_, i) => 0.2 * Math.sin(i / 9))], { sampleRate: 16_000, encoding: 'pcm16' }));

describe('AudioStreamReader', () => {
  it('yields the blocks in order and collects the item’s audio as a whole-file decode gives it', async () => {
    const { api: workbench } = inProcessApi(scratch);
    const reader = new AudioStreamReader(workbench, (await workbench.openAudioStream({ path: FILE })).streamId);
    const progress: number[] = [];
    let samples = 0;
    for await (const block of reader.blocks({ onProgress: (f) => progress.push(f) })) samples += block.samples.length;
    const whole = await decodeFile(FILE);
    const audio = reader.audio();
    expect(samples).toBe(whole.samples.length);
    expect(audio.samples).toEqual(whole.samples);
    expect(audio.frames).toEqual(extractFeatures(whole.samples).frames);
    expect(audio).toMatchObject({ durationS: 7, nMels: 80, warnings: whole.warnings });
    expect(progress.at(-1)).toBe(1);
  });

  it('stops at a cancel and closes the stream in the main process', async () => {
    const { api: workbench, calls } = inProcessApi(scratch);
    const { streamId } = await workbench.openAudioStream({ path: FILE });
    const reader = new AudioStreamReader(workbench, streamId);
    let blocks = 0;
    const reading = (async () => {
      for await (const _ of reader.blocks({ cancelled: () => blocks >= 1 })) blocks++;
    })();
    await expect(reading).rejects.toBeInstanceOf(CancelledError);
    await reader.close();
    expect(blocks).toBe(1);
    expect(calls).toContain('closeAudioStream');
    await expect(workbench.readAudioStream({ streamId })).rejects.toMatchObject({ code: 'unknown-stream' });
  });
});
