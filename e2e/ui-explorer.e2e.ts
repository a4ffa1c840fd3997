// The decoding explorer (issue 26) on real speech: opened on a finished result it decodes the segment again with a
// trace; AT steps through (the step's top-k, its cross-attention row under the waveform and the beam change with the
// step; the score's parts add up; keyboard-only stepping from Tab to the end; play at a pace), the CTC evidence lane
// gives a frame's top-k on a click and on the arrow keys, NAT shows its seed and passes side by side, and a word's
// alternative from the n-best replaces it as an edit that Ctrl+Z undoes — the built renderer in Chromium against
// the test host.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, modelReady, startUi, type UiFixture } from './ui-fixture';

let ui: UiFixture;
const page = (): Page => ui.page;
const status = () => page().getByTestId('explorer-status');
const stepOf = async () => Number(await page().getByTestId('explorer-step-label').getAttribute('data-step'));

/** Chooses the decoder the explorer traces ('' = the run's) and waits for its trace. */
async function explore(decoder: string): Promise<void> {
  await page().getByTestId('explorer-decoder').selectOption(decoder);
  await page().waitForFunction(() => {
    const s = document.querySelector('[data-testid="explorer-status"]')?.getAttribute('data-status');
    return s === 'ready' || s === 'error';
  }, undefined, { timeout: 180_000 });
  const state = await status().getAttribute('data-status');
  if (state !== 'ready') throw new Error(`the explorer could not trace: ${await status().textContent()}`);
}

/** What the AT step shown says: its step, input, top-k, attention row and beam. */
async function atSnapshot() {
  const row = page().getByTestId('explorer-attention-row');
  return {
    step: await stepOf(),
    input: await page().getByTestId('explorer-input').locator('.chip').allTextContents(),
    topK: (await page().getByTestId('explorer-next-token').evaluateAll((items) => items.map((i) => `${i.getAttribute('data-token')}:${i.querySelector('.bar-value')?.textContent}`))).join(' '),
    row: Number(await row.getAttribute('data-row')),
    peak: Number(await row.getAttribute('data-peak-frame')),
    beam: await page().getByTestId('explorer-beam-row').evaluateAll((rows) => rows.map((r) => `${r.children[1]?.textContent}:${r.getAttribute('data-kept')}`)),
    parts: await page().getByTestId('explorer-part').evaluateAll((parts) => parts.map((p) => [p.getAttribute('data-name'), Number(p.getAttribute('data-value'))] as [string, number])),
    score: Number(/Score (-?[\d.]+)/.exec((await page().getByTestId('explorer-at').locator('section[aria-label="Score"] h3').textContent()) ?? '')?.[1]),
  };
}

beforeAll(async () => {
  ui = await startUi('ui-explorer');
  await modelReady(page());
  ui.host.answerFileDialogWith([path.join(ui.audioDir, 'espeak-1.wav')]);
  await page().getByTestId('open-files-button').click();
  await page().locator('[data-testid="job"][data-name="espeak-1.wav"][data-status="done"]').waitFor({ timeout: 180_000 });
  await page().locator('[data-testid="result"][data-name="espeak-1.wav"]').first().waitFor({ timeout: 30_000 });
}, 300_000);

afterAll(async () => {
  await ui?.close();
});

describe('AT step-through', () => {
  it('opens on the result, traces it with AT, and the step’s top-k, attention row and beam change with the step', { timeout: 240_000 }, async () => {
    await expect(page().getByTestId('pane-explorer').count()).resolves.toBe(0);
    await page().getByTestId('explorer-toggle').click();
    await page().getByTestId('pane-explorer').waitFor();
    await explore('at');
    await page().getByTestId('explorer-at').waitFor();
    const slider = page().getByTestId('explorer-step-slider');
    const count = Number(await slider.getAttribute('max')) + 1;
    expect(count).toBeGreaterThan(3);

    const snapshots = [await atSnapshot()];
    // The step's most attended frame is lit on the waveform.
    const lit = page().getByTestId('wavesurfer').locator('[part~="hover-span"]');
    await expect.poll(() => lit.count()).toBe(1);
    const litX = async () => (await lit.boundingBox())?.x ?? NaN;
    const firstX = await litX();
    await slider.focus();
    const steps = Math.min(count - 1, 8);
    for (let i = 0; i < steps; i++) {
      await page().keyboard.press('ArrowRight');
      await expect.poll(stepOf).toBe(i + 1);
      snapshots.push(await atSnapshot());
    }
    snapshots.forEach((s, t) => {
      expect(s.step).toBe(t);
      // On the result's path the decoder is fed ⟨sos⟩ and the t tokens before, and its attention row is row t.
      expect(s.input).toHaveLength(t + 1);
      expect(s.input[0]).toBe('⟨sos⟩');
      if (t > 0) expect(s.input.slice(0, t)).toEqual(snapshots[t - 1]!.input);
      expect(s.row).toBe(t);
      expect(s.peak).toBeGreaterThanOrEqual(0);
      expect(s.topK.length).toBeGreaterThan(0);
      // The score is the sum of its parts (to the 3 decimals shown).
      expect(s.parts.map(([name]) => name)).toEqual(['AT', 'CTC', 'LM', 'word LM']);
      expect(Math.abs(s.parts.reduce((sum, [, v]) => sum + v, 0) - s.score)).toBeLessThan(2e-3);
    });
    // The top-k, the attention row's peak and the beam move with the step.
    expect(new Set(snapshots.map((s) => s.topK)).size).toBeGreaterThan(steps / 2);
    expect(new Set(snapshots.map((s) => s.peak)).size).toBeGreaterThan(1);
    if (snapshots.at(-1)!.peak !== snapshots[0]!.peak) await expect.poll(litX).not.toBe(firstX);
    expect(new Set(snapshots.map((s) => s.beam.join('|'))).size).toBe(snapshots.length);
    expect(snapshots[0]!.beam).toHaveLength(1);
    expect(Math.max(...snapshots.map((s) => s.beam.length))).toBeGreaterThan(1);
    // With the default settings (CTC prefix scoring and the language model on) those terms take part.
    if (ui.realModel) expect(snapshots.at(-1)!.parts.filter(([, v]) => v !== 0).map(([n]) => n)).toEqual(expect.arrayContaining(['AT', 'CTC', 'LM']));
    await page().screenshot({ path: artifact('ui-explorer-at.png') });

    // Another layer and head draws another row at the same step.
    await page().getByTestId('explorer-layer').selectOption('0');
    await page().getByTestId('explorer-head').selectOption('0');
    await expect(page().getByTestId('explorer-attention-canvas').locator('canvas').count()).resolves.toBe(1);
    await page().getByTestId('explorer-layer').selectOption('-1');
    await page().getByTestId('explorer-head').selectOption('-1');
  });

  it('steps with the keyboard alone: Ctrl+E closes and opens it, Tab reaches the slider, ←/→, PageUp, End and Home move it', { timeout: 240_000 }, async () => {
    await page().getByTestId('explorer-toggle').focus();
    await page().keyboard.press('Control+e');
    await expect.poll(() => page().getByTestId('pane-explorer').count()).toBe(0);
    await expect.poll(() => page().getByTestId('pane-attention').count()).toBe(1);
    await page().keyboard.press('Control+e');
    await page().getByTestId('pane-explorer').waitFor();
    await page().getByTestId('explorer-at').waitFor({ timeout: 180_000 });
    const focused = () => page().evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');
    let tabs = 0;
    while ((await focused()) !== 'explorer-step-slider') {
      await page().keyboard.press('Tab');
      if (++tabs > 150) throw new Error('Tab never reached the step slider');
    }
    await expect(page().getByTestId('explorer-step-slider').getAttribute('aria-label')).resolves.toBe('Decoder step');
    await page().keyboard.press('Home');
    await expect.poll(stepOf).toBe(0);
    await page().keyboard.press('ArrowRight');
    await page().keyboard.press('ArrowRight');
    await expect.poll(stepOf).toBe(2);
    await page().keyboard.press('ArrowLeft');
    await expect.poll(stepOf).toBe(1);
    const last = Number(await page().getByTestId('explorer-step-slider').getAttribute('max'));
    await page().keyboard.press('PageUp');
    await expect.poll(stepOf).toBe(Math.min(last, 6));
    await page().keyboard.press('End');
    await expect.poll(stepOf).toBe(last);
    await page().keyboard.press('Home');
    await expect.poll(stepOf).toBe(0);
    // Tab on to the play button; Space plays to the last step at the fastest pace.
    await page().getByTestId('explorer-pace').selectOption('100');
    await page().getByTestId('explorer-play').focus();
    await page().keyboard.press('Space');
    await expect.poll(stepOf, { timeout: 60_000 }).toBe(last);
    await expect.poll(() => page().getByTestId('explorer-play').getAttribute('aria-pressed')).toBe('false');
  });
});

describe('CTC evidence lane', () => {
  it('shows the lane under the waveform; a click on a frame lists its top-k, the arrow keys move the frame', { timeout: 60_000 }, async () => {
    const lane = page().getByTestId('ctc-lane');
    const frames = Number(await lane.getAttribute('data-frames'));
    expect(frames).toBeGreaterThan(10);
    if (ui.realModel) expect(Number(await lane.getAttribute('data-spikes'))).toBeGreaterThan(3);
    const box = (await lane.boundingBox())!;
    await page().mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const topK = page().getByTestId('ctc-frame-topk');
    await topK.waitFor();
    const frame = Number(await topK.getAttribute('data-frame'));
    expect(Math.abs(frame - frames / 2)).toBeLessThanOrEqual(2);
    await expect(topK.getByTestId('ctc-frame-candidate').count()).resolves.toBe(5);
    // decoded at full context (the default): the frame sees the whole segment, no window is shaded
    await expect(topK.textContent()).resolves.toContain('sees the whole segment');
    await expect(page().getByTestId('ctc-lane-window').count()).resolves.toBe(0);
    const probabilities = (await topK.getByTestId('ctc-frame-candidate').allTextContents()).map((t) => Number(/([\d.]+) %$/.exec(t)?.[1]));
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    await lane.focus();
    await page().keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await topK.getAttribute('data-frame'))).toBe(frame + 1);
    await page().getByTestId('pane-waveform').screenshot({ path: artifact('ui-explorer-lanes.png') });
  });
});

describe('NAT passes', () => {
  it('shows the CTC seed with its masked positions and what each pass filled in, the predicted and final length', { timeout: 240_000 }, async () => {
    await explore('nat');
    const nat = page().getByTestId('explorer-nat');
    await nat.waitFor();
    await expect(page().getByTestId('explorer-at').count()).resolves.toBe(0);
    const lengths = page().getByTestId('explorer-nat-lengths');
    const predicted = Number(await lengths.getAttribute('data-predicted'));
    expect(predicted).toBeGreaterThan(0);
    expect(Number(await lengths.getAttribute('data-final'))).toBe(predicted);
    const rows = page().getByTestId('explorer-nat-row');
    const labels = await rows.evaluateAll((r) => r.map((row) => row.getAttribute('data-label')));
    expect(labels[0]).toBe('CTC seed');
    // Each row spells the whole hypothesis, one cell per position.
    const cells = await rows.evaluateAll((r) => r.map((row) => row.querySelectorAll('td').length));
    expect(new Set(cells)).toEqual(new Set([predicted]));
    const seedMasked = Number(await rows.nth(0).getAttribute('data-masked'));
    if (seedMasked === 0) {
      // CTC was sure of every character: no pass had anything to fill in.
      console.log('[ui-explorer] the NAT seed had no position below the threshold: no passes to show');
      expect(labels).toEqual(['CTC seed']);
    } else {
      // The first pass fills every masked position; later passes re-predict fewer; nothing is left masked at the end.
      expect(labels.slice(1)).toEqual(labels.slice(1).map((_, i) => `pass ${i + 1}`));
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(Number(await rows.nth(1).getAttribute('data-filled'))).toBe(seedMasked);
      const filled = await rows.evaluateAll((r) => r.slice(1).map((row) => Number(row.getAttribute('data-filled'))));
      filled.slice(1).forEach((n, i) => expect(n).toBeLessThan(filled[i]!));
      expect(Number(await rows.last().getAttribute('data-masked'))).toBe(0);
    }
    await page().getByTestId('pane-explorer').screenshot({ path: artifact('ui-explorer-nat.png') });
  });
});

describe('alternatives', () => {
  it('lists the n-best; a clicked word shows what else the beam held there; choosing one is an edit Ctrl+Z undoes', { timeout: 240_000 }, async () => {
    await explore('');
    // Traced with the run's decoder and settings, the segment's text is the stored transcript's.
    await expect(page().getByTestId('explorer-text').textContent()).resolves.not.toContain('differs');
    const entries = page().getByTestId('explorer-nbest-entry');
    expect(await entries.count()).toBeGreaterThan(1);
    const words = page().getByTestId('transcript-word');
    const count = await words.count();
    let chosen = -1;
    for (let i = 0; i < count && chosen < 0; i++) {
      await words.nth(i).click();
      if ((await page().getByTestId('explorer-alternative').count()) > 0) chosen = i;
    }
    expect(chosen, 'some word of the transcript has an alternative in the n-best').toBeGreaterThanOrEqual(0);
    const before = await words.allTextContents();
    const alternative = page().getByTestId('explorer-alternative').first();
    const replacement = (await alternative.textContent())!;
    await alternative.click();
    const expected = [...before];
    expected.splice(chosen, 1, ...(replacement === '(leave it out)' ? [] : replacement.split(' ')));
    await expect.poll(() => words.allTextContents(), { timeout: 30_000 }).toEqual(expected);
    await page().getByTestId('pane-explorer').screenshot({ path: artifact('ui-explorer-alternatives.png') });
    await page().keyboard.press('Control+z');
    await expect.poll(() => words.allTextContents(), { timeout: 30_000 }).toEqual(before);
    expect(ui.problems()).toEqual([]);
  });
});
