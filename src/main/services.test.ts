import { describe, expect, it } from 'vitest';
import features from '../shared/features.json';
import type { AudioPort } from './audio-port';
import { createDispatcher } from './call-dispatcher';
import { createServices } from './services';

const appInfo = { version: '0.1.0', platform: 'linux', modelDir: '/models' };
const base = { appInfo, emit: () => {}, chooseAudioFiles: async () => ['/chosen.wav'], dataDir: '/nonexistent-workbench-data', chooseExportPath: async () => '' };

describe('createServices', () => {
  it('answers app info and the file dialog', async () => {
    const { handlers } = createServices({ ...base, audio: {} as AudioPort });
    expect(await handlers.getAppInfo()).toEqual(appInfo);
    expect(await handlers.chooseAudioFiles()).toEqual({ paths: ['/chosen.wav'] });
  });

  it('passes audio errors through the dispatcher with their code and file', async () => {
    const audio = {
      openFeatureBlocks: async (path: string) => {
        throw Object.assign(new Error(`${path}: file not found`), { code: 'not-found', file: path });
      },
    } as unknown as AudioPort;
    const dispatch = createDispatcher(createServices({ ...base, audio }).handlers);
    await expect(dispatch('openAudioStream', { path: '/gone.wav' })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: '/gone.wav: file not found', file: '/gone.wav' },
    });
  });

  it('reads a file for transcription through the audio streams, block by block, to its end', async () => {
    const blocks = [{ samples: new Float32Array(32000), frames: new Float32Array(2 * features.nMels), nFrames: 2, featureMs: 1 }];
    const audio = {
      openFeatureBlocks: async () => ({ read: async () => blocks.shift(), progress: 1, samplesRead: 32000, warnings: () => [], close: async () => {} }),
    } as unknown as AudioPort;
    const dispatch = createDispatcher(createServices({ ...base, audio }).handlers);
    const opened = (await dispatch('openAudioStream', { path: '/a.wav' })) as { ok: true; value: { streamId: string } };
    const { streamId } = opened.value;
    await expect(dispatch('readAudioStream', { streamId })).resolves.toMatchObject({ ok: true, value: { nFrames: 2, nMels: features.nMels, progress: 1 } });
    await expect(dispatch('readAudioStream', { streamId })).resolves.toMatchObject({ ok: true, value: { nFrames: 0, end: { durationS: 2, warnings: [] } } });
    await expect(dispatch('readAudioStream', { streamId })).resolves.toMatchObject({ ok: false, error: { code: 'unknown-stream' } });
  });

  it('reads a range of a file again through the dispatcher, its errors naming the file as reported', async () => {
    const asked: unknown[] = [];
    const audio = {
      readFeatureRange: async (path: string, firstFrame: number, nFrames: number) => {
        asked.push([path, firstFrame, nFrames]);
        if (path === '/gone.wav') throw Object.assign(new Error(`${path}: file not found`), { code: 'not-found', file: path });
        return { firstFrame, firstSample: firstFrame * 160, samples: new Float32Array(672), frames: new Float32Array(2 * features.nMels), nFrames: 2 };
      },
    } as unknown as AudioPort;
    const dispatch = createDispatcher(createServices({ ...base, audio }).handlers);
    await expect(dispatch('readAudioRange', { path: '/a.wav', firstFrame: 5, nFrames: 2 })).resolves.toMatchObject({ ok: true, value: { firstFrame: 5, firstSample: 800, nFrames: 2, nMels: features.nMels } });
    await expect(dispatch('readAudioRange', { path: '/gone.wav', reportAs: 'dropped.wav', firstFrame: 0, nFrames: 2 })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'dropped.wav: file not found', file: 'dropped.wav' },
    });
    // more than one call may read is refused before the front end is asked
    await expect(dispatch('readAudioRange', { path: '/a.wav', firstFrame: 0, nFrames: 60_001 })).resolves.toMatchObject({ ok: false });
    expect(asked).toEqual([['/a.wav', 5, 2], ['/gone.wav', 0, 2]]);
  });
});
