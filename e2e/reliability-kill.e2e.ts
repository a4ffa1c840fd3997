// No lost work (issue 9, item 3): the app is killed in the middle of a batch — the test host, playing
// the main process, runs as its own process and gets SIGKILL (no handlers run, nothing is flushed) —
// then started again on the same data folder: every file that had finished is listed, from a results
// folder holding only whole results, and the unfinished ones (dropped files too, from their copies in the
// data folder) are offered for resuming.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openWorkbench, type BrowserSession } from './harness';
import { REPO_ROOT } from './paths';

let scratch: string;
let browser: BrowserSession;
const children: ChildProcess[] = [];

/** Starts the host process; resolves with its URL. */
function startHost(dataDir: string, modelsDir: string, files: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'e2e/host/run-host.ts'), dataDir, modelsDir, ...files], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.once('data', (d: Buffer) => resolve({ url: d.toString().trim(), child }));
    child.once('exit', (code) => reject(new Error(`test host exited (${code}): ${stderr}`)));
  });
}

const jsonIn = async (folder: string) => (existsSync(folder) ? (await readdir(folder)).filter((n) => n.endsWith('.json')).sort() : []);

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'workbench-kill-'));
  browser = await launchChromium({ webgpu: false });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await browser?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('killing the app mid-batch', () => {
  it('lists every finished result after a restart; nothing half-written', async () => {
    const modelsDir = existsSync(path.join(REPO_ROOT, 'models/default/model.json')) ? path.join(REPO_ROOT, 'models') : path.join(scratch, 'models');
    if (modelsDir.startsWith(scratch)) await cp(path.join(REPO_ROOT, 'src/core/fixtures/tiny-bundle'), path.join(modelsDir, 'default'), { recursive: true });
    const dataDir = path.join(scratch, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ backend: 'wasm' }));
    const audioDir = path.join(scratch, 'audio');
    await mkdir(audioDir);
    const files: string[] = [];
    for (let i = 0; i < 12; i++) {
      const file = path.join(audioDir, `clip-${String(i).padStart(2, '0')}.wav`);
      await copyFile(path.join(REPO_ROOT, 'src/core/fixtures/audio', i % 2 ? 'espeak-2.wav' : 'espeak-1.wav'), file);
      files.push(file);
    }
    const results = path.join(dataDir, 'results');

    const first = await startHost(dataDir, modelsDir, files);
    const { page } = await openWorkbench(browser.context, first.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="status-model"]')?.getAttribute('data-state') === 'ready', undefined, { timeout: 120_000 });
    await page.getByTestId('open-files-button').click();
    // Two dropped files queue behind the opened ones: they have no path of their own to come back to.
    const dropped = ['dropped-x.wav', 'dropped-y.wav'];
    const bytes = [...(await readFile(path.join(REPO_ROOT, 'src/core/fixtures/audio/espeak-1.wav')))];
    await page.evaluate(
      ([data, names]) => {
        const transfer = new DataTransfer();
        for (const name of names) transfer.items.add(new File([new Uint8Array(data)], name, { type: 'audio/wav' }));
        const shell = document.querySelector('[data-testid="shell"]')!;
        shell.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        shell.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      [bytes, dropped] as const,
    );
    // Once the dropped files' copies are in the pending list (a kill before that loses them: they are
    // only in the page's memory), kill as soon as the first results are on disk, mid-batch.
    const pendingList = path.join(dataDir, 'pending-batch.json');
    const pendingText = async () => (existsSync(pendingList) ? await readFile(pendingList, 'utf8') : '');
    await expect
      .poll(async () => {
        const text = await pendingText();
        return dropped.every((name) => text.includes(`"name": "${name}"`));
      }, { timeout: 30_000 })
      .toBe(true);
    const deadline = Date.now() + 120_000;
    while ((await jsonIn(results)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    await page.close();

    const stored = await jsonIn(results);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.length).toBeLessThan(files.length); // the kill came mid-batch
    console.info(`reliability-kill: killed the host with ${stored.length} of ${files.length} files finished`);
    for (const name of stored) expect(() => JSON.parse(readFileSync(path.join(results, name), 'utf8'))).not.toThrow();

    const second = await startHost(dataDir, modelsDir, []);
    const { page: again, problems } = await openWorkbench(browser.context, second.url);
    await again.locator('[data-testid="result"]').first().waitFor({ timeout: 60_000 });
    await again.waitForFunction((n) => document.querySelectorAll('[data-testid="result"]').length === n, stored.length, { timeout: 30_000 });
    const listed = await again.locator('[data-testid="result"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-name')).sort());
    const names = await Promise.all(stored.map(async (name) => (JSON.parse(await readFile(path.join(results, name), 'utf8')) as { name: string }).name));
    expect(listed).toEqual(names.sort());

    // The restart offers the files the killed run had not finished, and resuming finishes the batch:
    // every file has exactly one result.
    const offer = again.getByTestId('resume-offer');
    await offer.waitFor({ timeout: 30_000 });
    expect(Number(await offer.getAttribute('data-count'))).toBe(files.length + dropped.length - stored.length);
    await again.getByTestId('resume-batch').click();
    const total = files.length + dropped.length;
    await again.waitForFunction((n) => document.querySelectorAll('[data-testid="result"]').length === n, total, { timeout: 240_000 });
    const all = await Promise.all((await jsonIn(results)).map(async (name) => (JSON.parse(await readFile(path.join(results, name), 'utf8')) as { name: string }).name));
    expect(all.sort()).toEqual([...files.map((f) => path.basename(f)), ...dropped].sort());
    expect(await offer.count()).toBe(0);
    // Nothing is left to resume: a third start offers nothing.
    await again.close();
    second.child.kill('SIGKILL');
    await new Promise((resolve) => second.child.once('exit', resolve));
    const third = await startHost(dataDir, modelsDir, []);
    const { page: last } = await openWorkbench(browser.context, third.url);
    await last.waitForFunction((n) => document.querySelectorAll('[data-testid="result"]').length === n, total, { timeout: 30_000 });
    expect(await last.getByTestId('resume-offer').count()).toBe(0);
    // ... and the copies of the dropped files, no longer needed, are swept at that start.
    await expect.poll(async () => (existsSync(path.join(dataDir, 'dropped')) ? (await readdir(path.join(dataDir, 'dropped'))).length : 0), { timeout: 10_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 420_000);
});
