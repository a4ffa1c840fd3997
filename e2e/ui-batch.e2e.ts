// The workbench UI, batch work: open or drop many files, the queue (progress, cancel, retry,
// per-file errors), results stored on disk and listed after a restart, exports, the decoder
// controls and AT-vs-NAT compare mode — the built renderer in Chromium against the test host.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';
import { artifact, modelReady, REAL_BUNDLE, startUi, type UiFixture } from './ui-fixture';

let ui: UiFixture;
const page = (): Page => ui.page;
const job = (name: string) => page().locator(`[data-testid="job"][data-name="${name}"]`);
/** The stored result the results list shows first (the newest). */
const newestResult = async () =>
  JSON.parse(await readFile(path.join(ui.dataDir, 'results', `${await page().getByTestId('result').first().getAttribute('data-result-id')}.json`), 'utf8')) as {
    stats: { decoder: string };
    options: { beam: number; ctcWeight?: number; lmWeight?: number; window: { left: number; right: number } };
  };
const waitForStatus = (name: string, statuses: string[], timeout = 120_000) =>
  page().waitForFunction(
    ([n, s]) => {
      const jobs = [...document.querySelectorAll(`[data-testid="job"][data-name="${n}"]`)];
      return jobs.length > 0 && jobs.every((j) => (s as string[]).includes(j.getAttribute('data-status') ?? ''));
    },
    [name, statuses] as const,
    { timeout },
  );

beforeAll(async () => {
  ui = await startUi('ui-batch');
  await modelReady(page());
});

afterAll(async () => {
  await ui?.close();
});

describe('batch transcription', () => {
  it('transcribes many opened files one after another, with word timestamps, and shows a failing file’s error on that file', async () => {
    const files = ['espeak-1.wav', 'espeak-2.wav', 'broken.wav'].map((f) => path.join(ui.audioDir, f));
    ui.host.answerFileDialogWith(files);
    await page().getByTestId('open-files-button').click();
    // the queue shows the files once the dialog's answer has gone through main: wait, then count
    await waitForStatus('espeak-1.wav', ['done']);
    await expect(job('espeak-1.wav').count()).resolves.toBe(1);
    await waitForStatus('espeak-2.wav', ['done']);
    await waitForStatus('broken.wav', ['error']);
    const error = job('broken.wav').getByTestId('job-error');
    await expect(error.getAttribute('data-code')).resolves.toMatch(/.+/);
    await expect(job('broken.wav').getByTestId('job-retry').isVisible()).resolves.toBe(true);
    // The first file is selected: its transcript with per-word timestamps, and its statistics.
    await job('espeak-1.wav').locator('.job-main').click();
    const words = page().getByTestId('transcript-word');
    const wordCount = await words.count();
    if (ui.realModel) expect(wordCount).toBeGreaterThan(2);
    if (wordCount > 0) await expect(words.first().getAttribute('title')).resolves.toMatch(/^\d+\.\d\d–\d+\.\d\d s · confidence \d+%$/);
    await expect(page().getByTestId('stats-rtf').textContent()).resolves.toMatch(/^\d+\.\d{3}$/);
    await expect(page().getByTestId('stats-times').textContent()).resolves.toMatch(/^\d+ \/ \d+ ms$/);
    await page().screenshot({ path: artifact('ui-batch.png') });
  });

  it('stores each finished file as one JSON on disk and lists it', async () => {
    const folder = path.join(ui.dataDir, 'results');
    const stored = (await readdir(folder)).filter((f) => f.endsWith('.json'));
    expect(stored).toHaveLength(2);
    expect((await readdir(folder)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const result = JSON.parse(await readFile(path.join(folder, stored[0]!), 'utf8')) as Record<string, unknown>;
    expect(result).toMatchObject({ stats: { decoder: DEFAULT_SETTINGS.decoder, segments: 1 }, model: 'default' });
    // the default decoder's beam: AT's setting, or for rescoring the bundle's n-best size
    const beam = (result['options'] as { beam?: number }).beam;
    if (DEFAULT_SETTINGS.decoder === 'at') expect(beam).toBe(DEFAULT_SETTINGS.beam);
    if (DEFAULT_SETTINGS.decoder === 'rescore' && ui.realModel) expect(beam).toBe((JSON.parse(await readFile(REAL_BUNDLE, 'utf8')) as { decoding: { rescoreBeam: number } }).decoding.rescoreBeam);
    await page().locator('[data-testid="result"][data-name="espeak-1.wav"]').waitFor();
    await expect(page().getByTestId('result').count()).resolves.toBe(2);
  });

  it('takes files dropped on the window (many at once); a bad one names itself, not its copy', async () => {
    const bytes = [...(await readFile(path.join(ui.audioDir, 'espeak-2.wav')))];
    const callsBefore = ui.host.callLog.length;
    await page().evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped-a.wav', { type: 'audio/wav' }));
      transfer.items.add(new File([new Uint8Array(4096).fill(7)], 'dropped-bad.wav', { type: 'audio/wav' }));
      transfer.items.add(new File([new Uint8Array(data)], 'dropped-b.wav', { type: 'audio/wav' }));
      const shell = document.querySelector('[data-testid="shell"]')!;
      shell.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      shell.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await waitForStatus('dropped-a.wav', ['done']);
    await waitForStatus('dropped-b.wav', ['done']);
    await expect.poll(() => page().locator('[data-testid="result"][data-name="dropped-b.wav"]').count()).toBe(1);
    // The jobs read the copies kept in the data folder; the message still speaks of the file the user dropped.
    await waitForStatus('dropped-bad.wav', ['error']);
    const message = (await job('dropped-bad.wav').getByTestId('job-error').textContent()) ?? '';
    expect(message).toMatch(/dropped-bad\.wav: not a recognised audio file/);
    expect(message).not.toContain(ui.dataDir);
    await expect(job('dropped-bad.wav').getByTestId('job-retry').isVisible()).resolves.toBe(true);
    // Each dropped file's bytes crossed to main once (its copy), never a second time to be decoded.
    const calls = ui.host.callLog.slice(callsBefore);
    expect(calls.filter((name) => name === 'keepDroppedFile')).toHaveLength(3);
    expect(calls).not.toContain('loadDroppedAudio');
  });

  it('cancels a queued file and retries it; retries a failed file', async () => {
    // Four ~14.5 s files: the last waits in the queue long enough to be cancelled there.
    const file = path.join(ui.audioDir, 'long.wav');
    ui.host.answerFileDialogWith([file, file, file, file]);
    await page().getByTestId('open-files-button').click();
    const last = page().locator('[data-testid="job"][data-name="long.wav"]').last();
    await expect(last.getAttribute('data-status')).resolves.toBe('queued');
    await last.getByTestId('job-cancel').click();
    await expect.poll(() => last.getAttribute('data-status')).toBe('cancelled');
    await waitForStatus('long.wav', ['done', 'cancelled']);
    await expect(last.getAttribute('data-status')).resolves.toBe('cancelled');
    await last.getByTestId('job-retry').click();
    await waitForStatus('long.wav', ['done']);
    await job('broken.wav').getByTestId('job-retry').click();
    await waitForStatus('broken.wav', ['error']);
    // Five files of ~14.5 s through the default decoder: minutes on a loaded 2-core machine; the waits above bound each step.
  }, 600_000);

  it('shows progress and an ETA while a file runs', async () => {
    // Progress is visible for as long as the job runs; sample the DOM while one does.
    const file = path.join(ui.audioDir, 'espeak-1.wav');
    const seen = page().evaluate(
      () =>
        new Promise<{ progress: number; eta: string }>((resolve) => {
          const observer = new MutationObserver(() => {
            const bar = document.querySelector<HTMLProgressElement>('[data-testid="job-progress"]');
            const eta = document.querySelector('[data-testid="job-eta"]')?.textContent ?? '';
            if (bar && /s left/.test(eta)) {
              observer.disconnect();
              resolve({ progress: bar.value, eta });
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        }),
    );
    ui.host.answerFileDialogWith([file]);
    await page().getByTestId('open-files-button').click();
    const sample = await seen;
    expect(sample.progress).toBeGreaterThan(0);
    expect(sample.progress).toBeLessThan(1);
    expect(sample.eta).toMatch(/^~\d+ s left$/);
    await waitForStatus('espeak-1.wav', ['done']);
  });
});

describe('exports', () => {
  it('writes TXT, SRT, VTT and JSON with timestamps and run statistics', async () => {
    const entry = page().locator('[data-testid="result"][data-name="espeak-1.wav"]').first();
    const id = (await entry.getAttribute('data-result-id'))!;
    const stored = JSON.parse(await readFile(path.join(ui.dataDir, 'results', `${id}.json`), 'utf8')) as { text: string; segments: { words: unknown[] }[] };
    const hasWords = stored.segments.some((s) => s.words.length > 0);
    const written: Record<string, string> = {};
    for (const format of ['txt', 'srt', 'vtt', 'json']) {
      const target = path.join(ui.dataDir, `export.${format}`);
      ui.host.answerSaveDialogWith(target);
      await entry.getByTestId(`export-${format}`).click();
      await expect.poll(() => existsSync(target), { timeout: 10_000 }).toBe(true);
      await expect.poll(async () => (await stat(target)).size, { timeout: 10_000 }).toBeGreaterThan(0);
      written[format] = await readFile(target, 'utf8');
    }
    expect(written['txt']!.trim()).toBe(stored.text.trim());
    expect(written['vtt']!.startsWith('WEBVTT')).toBe(true);
    if (hasWords) {
      expect(written['srt']).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n/);
      expect(written['vtt']).toMatch(/\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}/);
    }
    const json = JSON.parse(written['json']!) as { stats: Record<string, number>; segments: { words: { start: number; end: number }[] }[] };
    expect(Object.keys(json.stats)).toEqual(expect.arrayContaining(['encoderMs', 'decoderMs', 'decoderSteps', 'rtf', 'backend']));
    expect(json.segments[0]).toHaveProperty('words');
  });
});

describe('decoder controls and compare mode', () => {
  it('reruns with attention rescoring: the n-best size is the bundle\'s, not the CTC beam\'s', async () => {
    await job('espeak-2.wav').locator('.job-main').click();
    // from another decoder first, so that the rerun's result is told apart from the default's
    await page().getByTestId('decoder-ctc').click();
    await page().getByTestId('rerun-button').click();
    await page().waitForFunction(() => document.querySelector('.run-heading .decoder-badge')?.textContent === 'CTC', undefined, { timeout: 60_000 });
    await waitForStatus('espeak-2.wav', ['done']);
    await expect.poll(async () => (await newestResult()).stats.decoder, { timeout: 30_000 }).toBe('ctc');
    await page().getByTestId('decoder-rescore').click();
    await page().getByTestId('rerun-button').click();
    await page().waitForFunction(() => document.querySelector('.run-heading .decoder-badge')?.textContent === 'CTC + AT rescoring', undefined, { timeout: 60_000 });
    await waitForStatus('espeak-2.wav', ['done']);
    const bundleBeam = ui.realModel ? (JSON.parse(await readFile(REAL_BUNDLE, 'utf8')) as { decoding: { rescoreBeam: number } }).decoding.rescoreBeam : undefined;
    // The results list shows the new result once main has stored it.
    await expect.poll(async () => (await newestResult()).stats.decoder, { timeout: 30_000 }).toBe('rescore');
    const rescored = (await newestResult()) as { stats: { decoder: string }; options: { beam?: number } };
    expect(rescored.options.beam).not.toBe(Number(await page().getByTestId('ctc-beam-input').inputValue()));
    if (bundleBeam !== undefined) expect(rescored.options.beam).toBe(bundleBeam);
  }, 120_000);

  it('switches the decoder and runs the selected audio again', async () => {
    await job('espeak-2.wav').locator('.job-main').click();
    await page().getByTestId('decoder-nat').click();
    await page().getByTestId('iterations-input').fill('3');
    await page().getByTestId('rerun-button').click();
    await page().waitForFunction(() => document.querySelector('.run-heading .decoder-badge')?.textContent === 'NAT', undefined, { timeout: 60_000 });
    await waitForStatus('espeak-2.wav', ['done']);
    await page().getByTestId('decoder-ctc').click();
    await page().getByTestId('rerun-button').click();
    await page().waitForFunction(() => document.querySelector('.run-heading .decoder-badge')?.textContent === 'CTC', undefined, { timeout: 60_000 });
    await waitForStatus('espeak-2.wav', ['done']);
    // CTC runs its own beam (16 by default) with the language model at the bundle's CTC weight.
    await expect(page().getByTestId('ctc-beam-input').inputValue()).resolves.toBe('16');
    const decoding = ui.realModel ? (JSON.parse(await readFile(REAL_BUNDLE, 'utf8')) as { decoding: { lmWeight?: number; ctcLmWeight?: number } }).decoding : {};
    await expect.poll(() => page().getByTestId('result').first().locator('.meta').textContent()).toMatch(/^CTC · 2\.08 s$/);
    expect(await newestResult()).toMatchObject({ stats: { decoder: 'ctc' }, options: { beam: 16, lmWeight: decoding.ctcLmWeight ?? 0 } });
    await page().getByTestId('decoder-at').click();
    await page().getByTestId('beam-input').fill('3');
    await expect(page().getByTestId('joint-ctc-input').isChecked()).resolves.toBe(true); // the default
    await page().getByTestId('joint-ctc-input').uncheck();
    // The language model is on by default where the bundle has one (beam search only).
    const lmWeight = decoding.lmWeight ?? 0;
    await expect(page().getByTestId('language-model-input').isChecked()).resolves.toBe(true);
    await expect(page().getByTestId('language-model-input').isEnabled()).resolves.toBe(lmWeight > 0);
    await page().getByTestId('truncated-input').check();
    await page().getByTestId('rerun-button').click();
    await page().waitForFunction(() => document.querySelector('.run-heading .decoder-badge')?.textContent === 'AT', undefined, { timeout: 60_000 });
    await waitForStatus('espeak-2.wav', ['done']);
    // The list refreshes from disk after the save: wait for the newest entry to be this AT run.
    await expect.poll(() => page().getByTestId('result').first().locator('.meta').textContent()).toMatch(/^AT · 2\.08 s$/);
    expect(await newestResult()).toMatchObject({ stats: { decoder: 'at' }, options: { beam: 3, ctcWeight: 0, lmWeight, window: { left: 16, right: 2 } } });
    await page().getByTestId('truncated-input').uncheck();
  });

  it('runs AT and NAT on the same audio: both transcripts, a word diff and a speed table', async () => {
    await job('espeak-1.wav').first().locator('.job-main').click();
    await page().getByTestId('compare-button').click();
    await page().getByTestId('speed-table').waitFor({ timeout: 120_000 });
    const table = await page().getByTestId('speed-table').locator('tbody tr').allTextContents();
    expect(table.map((row) => row.split(/\d|decoder ×/)[0])).toEqual(['Encoder ms', 'Decoder ms', 'Steps / passes', 'Tokens', 'RTF', 'Speed-up (NAT)']);
    await expect(page().getByTestId('speed-up').textContent()).resolves.toMatch(/^decoder ×\d+\.\d · end to end ×\d+\.\d$/);
    await expect(page().getByTestId('compare-agreement').textContent()).resolves.toMatch(/^\d+ words agree · \d+ differ/);
    if (ui.realModel) await expect(page().getByTestId('compare-at').textContent()).resolves.toMatch(/\w/);
    await page().screenshot({ path: artifact('ui-compare.png') });
  });
});

describe('after a restart', () => {
  it('lists the stored results again and keeps the settings', async () => {
    const before = await page().getByTestId('result').count();
    await ui.restart();
    await page().locator('[data-testid="result"]').first().waitFor();
    await expect(page().getByTestId('result').count()).resolves.toBe(before);
    // Settings chosen before the restart: AT, beam 3, no CTC prefix scoring, 3 NAT iterations.
    await expect(page().getByTestId('decoder-choice').getAttribute('data-value')).resolves.toBe('at');
    await expect(page().getByTestId('beam-input').inputValue()).resolves.toBe('3');
    await expect(page().getByTestId('joint-ctc-input').isChecked()).resolves.toBe(false);
    await expect(page().getByTestId('iterations-input').inputValue()).resolves.toBe('3');
    // A stored result opens with its transcript.
    await page().locator('[data-testid="result"][data-name="espeak-2.wav"] .result-main').first().click();
    await page().locator('[data-testid="job"][data-name="espeak-2.wav"]').waitFor();
    await page().screenshot({ path: artifact('ui-results-after-restart.png') });
  });

  it('ran without page errors or console errors', () => {
    expect(ui.problems()).toEqual([]);
  });
});
