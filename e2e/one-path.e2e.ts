// One transcription path (issue #28): the same file through the CLI and through the app gives the same
// words and timestamps. The file is real speech with a long pause (espeak-1, 50 s of near-silence,
// espeak-2: 56 s), so both cut it into segments (at most 20 s), skip those that are all silence and
// offset the second clip's times by where its segment starts: the core's segmenter and streaming transcribe, reached by the CLI
// through the audio front end in Node and by the app through the main process's block stream and the
// renderer's inference worker in Chromium.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTranscribe } from '../src/cli/transcribe-command';
import { decodeFile } from '../src/audio';
import { encodeWav } from '../src/audio/fixtures/encode-wav';
import type { TranscriptionResult } from '../src/shared/contract';
import { concatenateFloats } from '../src/shared/samples';
import { REPO_ROOT } from './paths';
import { modelReady, startUi, type UiFixture } from './ui-fixture';

let ui: UiFixture;
let file: string;
const PAUSE_S = 50;

beforeAll(async () => {
  ui = await startUi('one-path');
  await modelReady(ui.page);
  const [one, two] = await Promise.all(['espeak-1.wav', 'espeak-2.wav'].map((f) => decodeFile(path.join(ui.audioDir, f))));
  // A quiet room, not digital silence: a little noise, far below the segmenter's silence level.
  let seed = 7;
  const pause = Float32Array.from({ length: PAUSE_S * 16_000 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 1e-4);
  file = path.join(ui.audioDir, 'pause.wav');
  await writeFile(file, encodeWav([concatenateFloats([one!.samples, pause, two!.samples])], { sampleRate: 16_000, encoding: 'float32' }));
});

afterAll(async () => {
  await ui?.close();
});

describe('one transcription path', () => {
  it('gives the same words and timestamps through the CLI and through the app, for speech with a long pause', async () => {
    // The CLI, with the app's default decoder settings (which are the CLI's defaults too).
    let stdout = '';
    let stderr = '';
    const code = await runTranscribe([file, '--format', 'json', '--model', path.join(ui.modelsDir, 'default')], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: REPO_ROOT,
      root: REPO_ROOT,
    });
    expect(code, stderr).toBe(0);
    const cli = JSON.parse(stdout) as TranscriptionResult & { words: { word: string; start: number; end: number }[] };

    // The app: the file opened in the batch queue, its stored result read from the data folder.
    ui.host.answerFileDialogWith([file]);
    await ui.page.getByTestId('open-files-button').click();
    await ui.page.locator('[data-testid="job"][data-name="pause.wav"][data-status="done"]').waitFor({ timeout: 240_000 });
    const folder = path.join(ui.dataDir, 'results');
    const stored = await Promise.all((await readdir(folder)).filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await readFile(path.join(folder, f), 'utf8')) as TranscriptionResult));
    const app = stored.find((r) => r.name === 'pause.wav')!;

    // Cut into segments, one that is all silence skipped (a gap between two decoded segments), the last
    // ending with the file.
    expect(cli.stats.segments).toBeGreaterThanOrEqual(2);
    expect(cli.segments.some((s, i) => i > 0 && s.start > cli.segments[i - 1]!.end)).toBe(true);
    expect(cli.segments.at(-1)!.end).toBeCloseTo(cli.durationS, 2);
    if (ui.realModel) expect(cli.words.length).toBeGreaterThan(4);
    console.log(`[one-path] CLI: ${JSON.stringify(cli.segments.map((s) => [s.start, s.end, s.text]))}`);

    // One result builder: the stored result and the CLI's record agree on what ran and on every word's time.
    expect(app.options).toEqual(cli.options);
    expect(app.stats.segments).toBe(cli.stats.segments);
    expect(app.text).toBe(cli.text);
    const timed = (r: TranscriptionResult) => r.segments.map((s) => ({ start: s.start, end: s.end, text: s.text, words: s.words.map(({ word, start, end }) => ({ word, start, end })) }));
    expect(timed(app)).toEqual(timed(cli));
    // (the default decoder over 31 s, twice: minutes on a loaded 2-core machine)
  }, 600_000);
});
