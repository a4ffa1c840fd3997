// A file longer than the renderer keeps whole (5 minutes, state/audio-overview.ts), through the app: its waveform
// and filterbank drawn from the overview, its first segment's attention (dropped: only the last 8 segments keep
// theirs) recomputed from frames read again from main, the decoding explorer tracing a segment from main's frames,
// playback a window at a time read from main, and a rerun streaming the file again.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile } from '../src/audio';
import { encodeWav } from '../src/audio/fixtures/encode-wav';
import { concatenateFloats } from '../src/shared/samples';
import { artifact, modelReady, startUi, type UiFixture } from './ui-fixture';

let ui: UiFixture;
let file: string;
const LENGTH_S = 5.5 * 60;

beforeAll(async () => {
  ui = await startUi('ui-long');
  await modelReady(ui.page);
  const [one, two] = await Promise.all(['espeak-1.wav', 'espeak-2.wav'].map((f) => decodeFile(path.join(ui.audioDir, f))));
  // the two clips alternating with 2 s of quiet room noise, to 5.5 minutes: cut at the pauses into many segments
  let seed = 11;
  const pause = Float32Array.from({ length: 2 * 16_000 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 1e-4);
  const parts: Float32Array[] = [];
  for (let length = 0, i = 0; length < LENGTH_S * 16_000; i++) {
    const clip = i % 2 === 0 ? one!.samples : two!.samples;
    parts.push(clip, pause);
    length += clip.length + pause.length;
  }
  const samples = concatenateFloats(parts).subarray(0, LENGTH_S * 16_000);
  file = path.join(ui.audioDir, 'long-talk.wav');
  await writeFile(file, encodeWav([samples], { sampleRate: 16_000, encoding: 'pcm16' }));
});

afterAll(async () => {
  await ui?.close();
});

const page = () => ui.page;
const ranges = () => ui.host.callLog.filter((c) => c === 'readAudioRange').length;

describe('a long file', () => {
  it('is transcribed, drawn from its overview and its dropped attention recomputed from main', async () => {
    // a fast decoder (CTC greedy, no language model) keeps 5.5 minutes to seconds of decoding
    await page().getByTestId('decoder-ctc').click();
    await page().getByTestId('ctc-beam-input').fill('1');
    if (await page().getByTestId('language-model-input').isChecked()) await page().getByTestId('language-model-input').uncheck();
    ui.host.answerFileDialogWith([file]);
    await page().getByTestId('open-files-button').click();
    await page().locator('[data-testid="job"][data-name="long-talk.wav"][data-status="done"]').waitFor({ timeout: 300_000 });
    await expect(page().getByTestId('waveform-clip').textContent()).resolves.toContain('long file');
    await expect(page().getByTestId('filterbank').locator('canvas').count()).resolves.toBeGreaterThan(0);
    // the first segment is shown, its view was dropped (more than 8 segments): decoded again from frames read from main
    const options = await page().getByTestId('pane-attention').getByLabel('Segment').locator('option').count();
    expect(options).toBeGreaterThan(8);
    await page().getByTestId('cross-attention').locator('canvas').waitFor({ timeout: 60_000 });
    expect(ranges()).toBeGreaterThanOrEqual(1);
    const tokens = await page().getByTestId('attention-token').count();
    expect(tokens).toBeGreaterThan(0);
    await page().screenshot({ path: artifact('ui-long.png') });
    expect(ui.problems()).toEqual([]);
  }, 400_000);

  it('traces a segment in the decoding explorer from frames read from main', async () => {
    const before = ranges();
    await page().keyboard.press('Control+e');
    await expect.poll(() => page().getByTestId('pane-explorer').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => ranges(), { timeout: 60_000 }).toBeGreaterThan(before);
    await page().keyboard.press('Control+e');
    expect(ui.problems()).toEqual([]);
  }, 120_000);

  it('plays a window at a time read from main, the playhead moving', async () => {
    const before = ranges();
    await page().getByTestId('play-button').click();
    await expect.poll(() => page().getByTestId('play-button').textContent(), { timeout: 30_000 }).toContain('Pause');
    await expect.poll(async () => Number(await page().getByTestId('playhead-time').getAttribute('data-seconds')), { timeout: 30_000 }).toBeGreaterThan(0.2);
    expect(ranges()).toBeGreaterThan(before);
    await page().getByTestId('play-button').click();
    await expect.poll(() => page().getByTestId('play-button').textContent(), { timeout: 10_000 }).toContain('Play');
    expect(ui.problems()).toEqual([]);
  }, 120_000);

  it('runs again by streaming the file from main once more', async () => {
    const opened = ui.host.callLog.filter((c) => c === 'openAudioStream').length;
    await page().getByTestId('rerun-button').click();
    await page().locator('[data-testid="job"][data-name="long-talk.wav"][data-status="recognising"]').waitFor({ timeout: 30_000 });
    await page().locator('[data-testid="job"][data-name="long-talk.wav"][data-status="done"]').waitFor({ timeout: 300_000 });
    expect(ui.host.callLog.filter((c) => c === 'openAudioStream').length).toBe(opened + 1);
    expect(ui.problems()).toEqual([]);
  }, 400_000);
});
