// The renderer's file reader against the real main-process services and audio front end (in one
// process, values cloned as IPC clones them): it yields the file's blocks in order, keeps the item's audio
// equal to a whole-file decode (short) or as an overview of fixed size whose exact ranges are read again from main
// (long), and a cancelled read stops and closes the stream in main.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile, extractFeatures } from '../../audio';
import { encodeWav } from '../../audio/fixtures/encode-wav';
import { inProcessApi } from '../../testing/in-process-api';
import { OVERVIEW_MAX_BYTES, OVERVIEW_PEAKS, retainedBytes } from '../state/audio-overview';
import { AudioStreamReader } from './audio-stream-reader';
import { exactRange, exactSamples } from './item-audio-access';
import { CancelledError } from './transcription';

const scratch = mkdtempSync(path.join(tmpdir(), 'audio-stream-reader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const FILE = path.join(scratch, 'tone.wav');
writeFileSync(FILE, encodeWav([Float32Array.from({ length: 16_000 * 7 }, (_, i) => 0.2 * Math.sin(i / 9))], { sampleRate: 16_000, encoding: 'pcm16' }));
const LONGER = path.join(scratch, 'chirp.wav');
writeFileSync(LONGER, encodeWav([Float32Array.from({ length: 16_000 * 23 }, (_, i) => 0.3 * Math.sin(i / (5 + i / 40_000)))], { sampleRate: 16_000, encoding: 'pcm16' }));

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
    expect(audio.full?.samples).toEqual(whole.samples);
    expect(audio.full?.frames).toEqual(extractFeatures(whole.samples).frames);
    expect(audio.nSamples).toBe(whole.samples.length);
    expect(audio).toMatchObject({ durationS: 7, nMels: 80, warnings: whole.warnings });
    expect(progress.at(-1)).toBe(1);
  });

  it('keeps a file longer than the whole-audio cap as an overview of fixed size, whatever its length, and reads its ranges again exactly', async () => {
    const { api: workbench } = inProcessApi(scratch);
    // the cap made small (1 s) so that short files stand for long ones; the overview's capacity made small too
    for (const [file, seconds] of [[FILE, 7], [LONGER, 23]] as const) {
      const origin = { path: file };
      const reader = new AudioStreamReader(workbench, (await workbench.openAudioStream({ path: file })).streamId, origin, 1);
      const audio = await reader.readAll();
      expect(audio.full).toBeUndefined();
      expect(audio).toMatchObject({ durationS: seconds, nSamples: seconds * 16_000, origin });
      // the overview is the whole file's min/max per bucket and mean filterbank per column
      const whole = await decodeFile(file);
      const { overview } = audio;
      expect(overview.peakMax.length).toBeLessThanOrEqual(OVERVIEW_PEAKS);
      expect(overview.peakMax.length).toBe(Math.ceil(whole.samples.length / overview.samplesPerPeak));
      const bucket = 3;
      const slice = whole.samples.subarray(bucket * overview.samplesPerPeak, (bucket + 1) * overview.samplesPerPeak);
      expect(overview.peakMax[bucket]).toBe(Math.max(...slice));
      expect(overview.peakMin[bucket]).toBe(Math.min(...slice));
      const frames = extractFeatures(whole.samples);
      expect(overview.columns).toBe(Math.ceil(frames.nFrames / overview.framesPerColumn));
      const column = 2;
      const mel = 40;
      let sum = 0;
      for (let f = column * overview.framesPerColumn; f < (column + 1) * overview.framesPerColumn; f++) sum += frames.frames[f * 80 + mel]!;
      expect(overview.filterbank[column * 80 + mel]).toBeCloseTo(sum / overview.framesPerColumn, 3);
      expect(retainedBytes(audio)).toBeLessThanOrEqual(OVERVIEW_MAX_BYTES);
      // exact audio of a range comes back from main, equal to the whole file's
      const range = await exactRange(workbench, audio, 250, 120);
      expect(range.frames).toEqual(frames.frames.slice(250 * 80, 370 * 80));
      expect(range.samples).toEqual(whole.samples.slice(250 * 160, 250 * 160 + 119 * 160 + 512));
      expect(await exactSamples(workbench, audio, 12_345, 20_000)).toEqual(whole.samples.slice(12_345, 32_345));
    }
  });

  it('keeps a short file whole, and a long one whole when there is no file to read it from again', async () => {
    const { api: workbench } = inProcessApi(scratch);
    const short = await new AudioStreamReader(workbench, (await workbench.openAudioStream({ path: FILE })).streamId, { path: FILE }, 60).readAll();
    expect(short.full?.samples.length).toBe(7 * 16_000);
    const nowhere = await new AudioStreamReader(workbench, (await workbench.openAudioStream({ path: FILE })).streamId, undefined, 1).readAll();
    expect(nowhere.full?.samples.length).toBe(7 * 16_000);
    expect(nowhere.origin).toBeUndefined();
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
