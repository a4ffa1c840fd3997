// The endpoint sweep's live run: with a pause no sentence reaches, one utterance whose words are a single
// live transcriber's; with the shortest pause, the same audio in more pieces, each end recorded.
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { configureOnnxRuntime, LiveTranscriber, Recogniser } from '../src/core';
import { decodeFile, StreamingFeatureExtractor } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { runLive } from './endpoint-utterance';
import { DEFAULT_MODEL, ROOT } from './paths';

// The shipped bundle over 3 s of speech chunk by chunk: seconds on an idle core, far more on a loaded CI machine.
vi.setConfig({ testTimeout: 180_000 });

let recogniser: Recogniser;
let audio: Float32Array;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  recogniser = await Recogniser.load(folderBundleReader(DEFAULT_MODEL), { backend: 'wasm' });
  const speech = (await decodeFile(path.join(ROOT, 'src/core/fixtures/audio/espeak-1.wav'))).samples;
  audio = new Float32Array(speech.length + 16000);
  audio.set(speech);
}, 180_000);

describe('runLive', () => {
  const options = { decoder: { decoder: 'ctc' as const }, partialBeam: 4, chunkSamples: 1600 };

  it('with a pause never reached, gives one utterance with the words of one live transcriber finished at the end', async () => {
    const run = await runLive(recogniser, audio, { ...options, pauseS: 1e9 });
    const live = new LiveTranscriber(recogniser, undefined, { beam: 4 }, { pauseS: 1e9 });
    const features = new StreamingFeatureExtractor();
    for (let at = 0; at < audio.length; at += 1600) {
      const block = features.push(audio.subarray(at, Math.min(audio.length, at + 1600)));
      await live.push(block.frames, block.nFrames);
    }
    const whole = (await live.finish({ decoder: 'ctc' })).decoded.text.trim();
    expect(whole).not.toBe('');
    expect(run).toMatchObject({ pieces: 1, ends: [], closedAt: undefined, text: whole });
    expect(run.finalCpuMs).toHaveLength(1);
  });

  it('records every end and closes the sentence at the last one when the silence after it holds no words', async () => {
    const run = await runLive(recogniser, audio, { ...options, pauseS: 0.04 });
    expect(run.ends.length).toBeGreaterThan(0);
    expect(run.ends.every((e, i) => i === 0 || e > run.ends[i - 1]!)).toBe(true);
    if (run.closedAt !== undefined) expect(run.closedAt).toBe(run.ends.at(-1));
    expect(run.finalCpuMs.length).toBe(run.pieces);
  });
});
