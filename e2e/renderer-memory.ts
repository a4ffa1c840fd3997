// The renderer's memory for long files through the app path (issue #28): 1-, 6- and 60-minute files of real speech
// opened in the batch queue of the built renderer in headless Chromium, against the e2e test host (main's real
// services and audio front end), transcribed by the inference worker with a fast decoder (CTC greedy), each length in
// a fresh browser so every peak is that file's. Measured: the renderer process's peak resident memory (VmHWM of the
// page's renderer process, which also runs the inference worker and its WASM heap), its resident memory once the
// model was loaded, the page's JS heap (CDP Performance.getMetrics JSHeapUsedSize, sampled every 2 s: the page's
// main thread only), what the page keeps once the job is done (after a garbage collection: its JS heap plus the
// backing stores of its ArrayBuffers, where the item's samples, frames and attention views live: CDP
// Runtime.getHeapUsage), when the job first showed progress, and the wall time. A benchmark, not a test: it prints a
// table and asserts nothing. It lives beside the e2e harness because, like the specs, it runs main's services in the
// test host (the benchmarks under bench/ reach the core and the audio front end only through their indexes).
// Needs `npm run build` and the page bridge the e2e set-up bundles (out/e2e/page-bridge.js: run any e2e spec once).
//
//   nice npx tsx e2e/renderer-memory.ts [--minutes 1,6,60] [--speech MANIFEST] [--renderer out/renderer]
//
// `--renderer` serves another build of the renderer (main's head, built elsewhere) through the same host, for the
// before/after table; the host's contract is a superset of the older renderer's.

import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, PAGE_BRIDGE_BUNDLE, REPO_ROOT as ROOT } from './paths';
import { startTestHost } from './host/test-host';
import { bindAudioFrontEnd } from '../src/main/audio-binding';
import { ortDistDir } from '../src/main/paths';
import { fromUser } from '../bench/paths';
import { SpeechPool } from '../bench/speech-pool';
import { writeLongFile } from '../bench/test-audio';

interface Case {
  minutes: number;
  audioS: number;
  wallS: number;
  firstProgressS: number;
  baselineRssMiB: number;
  peakRssMiB: number;
  peakJsHeapMiB: number;
  /** Once the job is done, after a garbage collection: the page's JS heap, and its ArrayBuffers' backing stores. */
  retainedHeapMiB: number;
  retainedBuffersMiB: number;
  endRssMiB: number;
  segments: number;
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const minutes = (option('--minutes') ?? '1,6,60').split(',').map(Number);
const speech = option('--speech') ?? '/work/data/corpus/manifests/so762-dev150.jsonl';
const rendererDir = fromUser(option('--renderer') ?? path.join(ROOT, 'out/renderer'));
const MiB = 2 ** 20;

/** The fast decoder: CTC greedy, no language model, WASM (headless Chromium's WebGPU is emulated on the CPU). */
const SETTINGS = { decoder: 'ctc', ctcBeam: 1, languageModel: false, jointCtc: false, backend: 'wasm' };

const scratch = await mkdtemp(path.join(os.tmpdir(), 'renderer-memory-'));
const pool = await SpeechPool.open(speech);
const results: Case[] = [];
try {
  for (const m of minutes) {
    const file = path.join(scratch, `speech-${m}min.wav`);
    await writeLongFile(pool, file, m * 60);
    results.push(await measure(m, file));
    const r = results.at(-1)!;
    console.error(`${m} min: peak RSS ${r.peakRssMiB.toFixed(0)} MiB (after the model ${r.baselineRssMiB.toFixed(0)}), JS heap ${r.peakJsHeapMiB.toFixed(0)} MiB, ${r.wallS.toFixed(0)} s`);
    await rm(file, { force: true });
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

console.log(`renderer: ${path.relative(ROOT, rendererDir) || rendererDir}; speech: ${speech}; decoder CTC greedy (WASM); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('| audio | wall s | first progress s | renderer RSS after model MiB | renderer peak RSS MiB | renderer RSS at the end MiB | page JS heap peak MiB | kept: page JS heap / ArrayBuffers MiB | segments |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.minutes} min | ${r.wallS.toFixed(0)} | ${r.firstProgressS.toFixed(1)} | ${r.baselineRssMiB.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} | ${r.endRssMiB.toFixed(0)} | ${r.peakJsHeapMiB.toFixed(0)} | ${r.retainedHeapMiB.toFixed(1)} / ${r.retainedBuffersMiB.toFixed(1)} | ${r.segments} |`);
}

async function measure(m: number, file: string): Promise<Case> {
  const dataDir = path.join(scratch, `data-${m}`);
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(SETTINGS));
  const modelsDir = path.join(ROOT, 'models');
  const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const host = await startTestHost({
    roots: { renderer: rendererDir, models: modelsDir, ort: ortDistDir() },
    appInfo: { version, platform: process.platform, modelDir: modelsDir },
    audio: bindAudioFrontEnd(),
    dataDir,
  });
  const profile = path.join(scratch, `profile-${m}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1360, height: 860 },
  });
  try {
    const page = await context.newPage();
    await page.addInitScript({ path: PAGE_BRIDGE_BUNDLE });
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelector('[data-testid="status-model"]')?.getAttribute('data-state') === 'ready', undefined, { timeout: 300_000 });
    const renderer = rendererOf(profile);
    const baselineRssMiB = status(renderer, 'VmRSS') / 1024;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const jsHeap = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
    };
    // typed arrays' contents live outside the JS heap: Runtime.getHeapUsage counts them as backingStorageSize
    const pageBytes = async () => {
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      return { heap: usage.usedSize, buffers: usage.backingStorageSize ?? Number.NaN };
    };
    let peakJsHeap = await jsHeap();
    const started = performance.now();
    host.answerFileDialogWith([file]);
    await page.getByTestId('open-files-button').click();
    const job = page.locator('[data-testid="job"]').first();
    let firstProgressS = Number.NaN;
    for (;;) {
      const state = await job.getAttribute('data-status').catch(() => null);
      if (state === 'done' || state === 'error' || state === 'cancelled') {
        if (state !== 'done') throw new Error(`${m} min: the job ended ${state}: ${await job.textContent()}`);
        break;
      }
      const progress = Number((await page.getByTestId('job-progress').first().getAttribute('value').catch(() => null)) ?? 0);
      if (Number.isNaN(firstProgressS) && progress > 0.05) firstProgressS = (performance.now() - started) / 1000;
      peakJsHeap = Math.max(peakJsHeap, await jsHeap());
      await page.waitForTimeout(2000);
    }
    const wallS = (performance.now() - started) / 1000;
    peakJsHeap = Math.max(peakJsHeap, await jsHeap());
    const peakRssMiB = status(renderer, 'VmHWM') / 1024;
    await cdp.send('HeapProfiler.collectGarbage');
    const retained = await pageBytes();
    const endRssMiB = status(renderer, 'VmRSS') / 1024;
    const segments = Number((await page.getByTestId('pane-attention').locator('select[aria-label="Segment"] option').count().catch(() => 0)) || 1);
    return { minutes: m, audioS: m * 60, wallS, firstProgressS, baselineRssMiB, peakRssMiB, peakJsHeapMiB: peakJsHeap / MiB, retainedHeapMiB: retained.heap / MiB, retainedBuffersMiB: retained.buffers / MiB, endRssMiB, segments };
  } finally {
    await context.close();
    await host.close();
  }
}

/** The page's renderer process (it also runs the page's workers): of the renderers with this profile, the largest. */
function rendererOf(profile: string): number {
  const cmdline = (pid: number) => {
    try {
      // zygote-forked processes rewrite their title: the arguments may be one string joined by spaces
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return '';
    }
  };
  const renderers = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      const args = cmdline(pid);
      return args.includes('--type=renderer') && args.includes(`--user-data-dir=${profile} `) && !args.includes('--top-chrome-webui');
    });
  if (renderers.length === 0) throw new Error(`no renderer process uses ${profile}`);
  return renderers.sort((a, b) => status(b, 'VmRSS') - status(a, 'VmRSS'))[0]!;
}

/** A /proc/PID/status field in kB. */
function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1] ?? 0);
}
