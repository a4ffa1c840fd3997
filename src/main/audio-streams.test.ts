// The file path of the app's main process: a file read block by block through the real audio front
// end gives exactly the whole-file decode's samples and features, a bounded piece per call, progress
// up to 1, and closes (and removes a dropped file's temporary copy) at its end, on cancel and on error.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AudioStreamBlock } from '../shared/contract';
import features from '../shared/features.json';
import { concatenateFloats } from '../shared/samples';
import { bindAudioFrontEnd } from './audio-binding';
import type { AudioPort } from './audio-port';
import { AudioStreams } from './audio-streams';
import { BLOCK_SAMPLES, decodeFile, extractFeatures } from '../audio';
import { encodeWav } from '../audio/fixtures/encode-wav';
import { fixture } from '../audio/fixtures/fixture-path';

const scratch = mkdtempSync(path.join(tmpdir(), 'audio-streams-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 7.3 s of a tone at 44.1 kHz stereo: several blocks, and resampled on the way. */
const LONG = path.join(scratch, 'tone.wav');
const left = Float32Array.from({ length: Math.round(7.3 * 44100) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 44100));
writeFileSync(LONG, encodeWav([left, left.map((x) => -x / 2)], { sampleRate: 44100, encoding: 'pcm16' }));

const streams = (audio: AudioPort = bindAudioFrontEnd()) => new AudioStreams(audio, features.nMels);
const dropFolders = () => readdirSync(tmpdir()).filter((n) => n.startsWith('workbench-drop-')).length;

async function readToEnd(service: AudioStreams, streamId: string): Promise<AudioStreamBlock[]> {
  const blocks: AudioStreamBlock[] = [];
  for (;;) {
    const block = await service.read(streamId);
    blocks.push(block);
    if (block.end) return blocks;
  }
}

describe('AudioStreams (the real front end)', () => {
  it('gives the whole-file decode’s samples and features, block by block, each bounded', async () => {
    const service = streams();
    const { streamId } = await service.openFile(LONG);
    const blocks = await readToEnd(service, streamId);
    const whole = await decodeFile(LONG);
    const wholeFeatures = extractFeatures(whole.samples);
    expect(blocks.length).toBeGreaterThan(3);
    expect(concatenateFloats(blocks.map((b) => b.samples))).toEqual(whole.samples);
    expect(concatenateFloats(blocks.map((b) => b.frames))).toEqual(wholeFeatures.frames);
    expect(blocks.reduce((n, b) => n + b.nFrames, 0)).toBe(wholeFeatures.nFrames);
    // One call's work is a block plus at most one decoded chunk (1 s of source audio), whatever the file's length.
    for (const block of blocks) expect(block.samples.length).toBeLessThanOrEqual(BLOCK_SAMPLES + 16_000 + 1);
    const progress = blocks.map((b) => b.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(blocks.at(-1)).toMatchObject({ progress: 1, end: { durationS: whole.durationS, warnings: whole.warnings } });
    // Ended streams are closed: nothing is left to read.
    await expect(service.read(streamId)).rejects.toMatchObject({ code: 'unknown-stream' });
  });

  it('stops a stream that is closed midway (a cancelled job); closing again is harmless', async () => {
    const service = streams();
    const { streamId } = await service.openFile(LONG);
    await service.read(streamId);
    await service.close(streamId);
    await service.close(streamId);
    await expect(service.read(streamId)).rejects.toMatchObject({ code: 'unknown-stream' });
  });

  it('reports a bad file when it is opened, naming it', async () => {
    await expect(streams().openFile(fixture('bad/random-bytes.wav'))).rejects.toMatchObject({ code: 'not-audio', file: fixture('bad/random-bytes.wav') });
    await expect(streams().openFile(path.join(scratch, 'gone.wav'), 'mine.wav')).rejects.toMatchObject({ code: 'not-found', file: 'mine.wav', message: 'mine.wav: file not found' });
  });

  it('reports a file too short for one frame when its end is read', async () => {
    const service = streams();
    const { streamId } = await service.openFile(fixture('bad/one-sample.wav'));
    await expect(readToEnd(service, streamId)).rejects.toMatchObject({ code: 'too-short' });
    await expect(service.read(streamId)).rejects.toMatchObject({ code: 'unknown-stream' });
  });

  it('reads dropped bytes through a temporary copy that is gone after the end, a cancel, and an error', async () => {
    const service = streams();
    const before = dropFolders();
    const bytes = new Uint8Array(readFileSync(LONG));
    const ended = await service.openBytes('tone.wav', bytes);
    expect(dropFolders()).toBe(before + 1);
    await readToEnd(service, ended.streamId);
    const cancelled = await service.openBytes('tone.wav', bytes);
    await service.close(cancelled.streamId);
    await expect(service.openBytes('../../x/talk.wav', new Uint8Array(4096).fill(7))).rejects.toMatchObject({ code: 'not-audio', message: expect.stringMatching(/^\.\.\/\.\.\/x\/talk\.wav: not a recognised audio file/) });
    expect(dropFolders()).toBe(before);
  });

  it('names a kept copy by reportAs in errors met while reading', async () => {
    const copy = '/data/dropped/abc/talk.wav';
    const audio = {
      openFeatureBlocks: async () => ({
        read: async () => {
          throw Object.assign(new Error(`${copy}: could not be decoded (bad frame)`), { code: 'corrupt', file: copy });
        },
        progress: 0,
        samplesRead: 0,
        warnings: () => [],
        close: async () => {},
      }),
    } as unknown as AudioPort;
    const service = streams(audio);
    const { streamId } = await service.openFile(copy, 'talk (1).wav');
    await expect(service.read(streamId)).rejects.toMatchObject({ code: 'corrupt', file: 'talk (1).wav', message: 'talk (1).wav: could not be decoded (bad frame)' });
  });
});
