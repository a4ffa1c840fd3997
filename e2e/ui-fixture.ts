// Shared set-up of the workbench UI specs: the model bundle (models/default when the trained bundle
// is there, else the tiny random test bundle, said so in the output), speech fixtures, a data folder
// for results and settings, the test host and Chromium.
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeFile } from '../src/audio';
import { encodeWav } from '../src/audio/fixtures/encode-wav';
import type { Page } from 'playwright-core';
import { bindAudioFrontEnd } from '../src/main/audio-binding';
import { ortDistDir } from '../src/main/paths';
import { launchChromium, openWorkbench, type BrowserSession } from './harness';
import { startTestHost, type TestHost } from './host/test-host';
import { ARTIFACTS_DIR, RENDERER_DIR, REPO_ROOT } from './paths';
import { concatenateFloats } from '../src/shared/samples';

export const REAL_BUNDLE = path.join(REPO_ROOT, 'models/default/model.json');
const TINY_BUNDLE = path.join(REPO_ROOT, 'src/core/fixtures/tiny-bundle');

export interface UiFixture {
  host: TestHost;
  browser: BrowserSession;
  page: Page;
  /** Page errors and console errors of every page opened so far. */
  problems(): string[];
  /** Whether the trained bundle (models/default) is the one served. */
  realModel: boolean;
  modelsDir: string;
  audioDir: string;
  dataDir: string;
  version: string;
  /** Opens another host on the same data folder and models: "the app restarted". */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startUi(name: string): Promise<UiFixture> {
  const realModel = existsSync(REAL_BUNDLE);
  let modelsDir: string;
  const scratch = await mkdtemp(path.join(os.tmpdir(), `workbench-${name}-`));
  if (realModel) {
    modelsDir = path.join(REPO_ROOT, 'models');
    console.log(`[${name}] model bundle: models/default (trained)`);
  } else {
    modelsDir = path.join(scratch, 'models');
    await cp(TINY_BUNDLE, path.join(modelsDir, 'default'), { recursive: true });
    console.log(`[${name}] model bundle: models/default is absent — using the tiny RANDOM bundle src/core/fixtures/tiny-bundle (transcripts are garbage; every mechanism is exercised)`);
  }
  const audioDir = path.join(scratch, 'audio');
  const dataDir = path.join(scratch, 'data');
  await mkdir(audioDir, { recursive: true });
  for (const file of ['espeak-1.wav', 'espeak-2.wav']) await copyFile(path.join(REPO_ROOT, 'src/core/fixtures/audio', file), path.join(audioDir, file));
  await copyFile(path.join(REPO_ROOT, 'src/audio/fixtures/bad/random-bytes.wav'), path.join(audioDir, 'broken.wav'));
  // A longer recording (the two clips alternating, ~14.5 s) for stopping a live session part-way.
  const [one, two] = await Promise.all(['espeak-1.wav', 'espeak-2.wav'].map((f) => decodeFile(path.join(audioDir, f))));
  await writeFile(path.join(audioDir, 'long.wav'), encodeWav([concatenateFloats([one!.samples, two!.samples, one!.samples, two!.samples, one!.samples])], { sampleRate: 16000, encoding: 'pcm16' }));
  // Start on WASM: headless Chromium's WebGPU is SwiftShader (the GPU emulated on the CPU), tens of
  // times slower than WASM on this machine. One spec switches to WebGPU and checks it runs.
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ backend: 'wasm' }));
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const version = (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const open = async () => {
    const host = await startTestHost({
      roots: { renderer: RENDERER_DIR, models: modelsDir, ort: ortDistDir() },
      appInfo: { version, platform: process.platform, modelDir: modelsDir },
      audio: bindAudioFrontEnd(),
      dataDir,
    });
    const { page, problems } = await openWorkbench(browser.context, host.url);
    await page.getByTestId('status-app').getByText(`v${version}`).waitFor();
    return { host, page, problems };
  };
  const browser = await launchChromium();
  const first = await open();
  const problemLists = [first.problems];
  const fixture: UiFixture = {
    host: first.host,
    page: first.page,
    // Everything on the console counts, onnxruntime's warnings too (core's sessions log errors only).
    problems: () => problemLists.flat(),
    browser,
    realModel,
    modelsDir,
    audioDir,
    dataDir,
    version,
    async restart() {
      await fixture.page.close();
      await fixture.host.close();
      const next = await open();
      problemLists.push(next.problems);
      fixture.host = next.host;
      fixture.page = next.page;
    },
    async close() {
      await browser.close();
      await fixture.host.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Waits until the model is loaded (the status bar says so), up to `timeout` ms. */
export async function modelReady(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="status-model"]')?.getAttribute('data-state') !== 'loading', undefined, { timeout });
  const state = await page.getByTestId('status-model').getAttribute('data-state');
  if (state !== 'ready') throw new Error(`model did not load: ${await page.getByTestId('status-model').textContent()} / ${await page.getByTestId('pane-model').textContent().catch(() => '')}`);
}

export function artifact(name: string): string {
  return path.join(ARTIFACTS_DIR, name);
}
