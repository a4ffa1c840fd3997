// Encoder and decoder time in headless Chromium, on WASM and on WebGPU, in one browser: the page
// (page.ts) is built with Vite, served from 127.0.0.1 with COOP/COEP, and driven with playwright-core
// (the approach of e2e/core-webgpu.e2e.ts). On a machine without a GPU, Chromium's WebGPU adapter is
// SwiftShader, a CPU software implementation: its numbers say nothing about GPU speed.

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { DECODERS } from '../decoders';
import { CHROMIUM, ROOT } from '../paths';
import type { BrowserRunRequest, BrowserRunResult } from './page';
import { servePage } from './page-server';

export interface BrowserFeatures {
  label: string;
  audioS: number;
  frames: Float32Array;
  nFrames: number;
}

export type BrowserTiming = BrowserRunResult & { requested: 'wasm' | 'webgpu'; error?: string };

const ARGS = ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      lib: { entry: path.join(ROOT, 'bench/browser/page.ts'), formats: ['es'], fileName: () => 'page.js' },
      rollupOptions: { external: ['onnxruntime-web'] },
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
    },
  });
  const html = `<!doctype html><meta charset="utf-8"><title>bench</title>
<script type="importmap">{"imports":{"onnxruntime-web":"/ort/ort.bundle.min.mjs"}}</script>
<script type="module">import { runTimings } from '/page.js'; window.runTimings = runTimings; window.benchReady = true;</script>`;
  await writeFile(path.join(outDir, 'index.html'), html);
}

/** Undefined (with the reason given to `progress`) where Chromium is missing. */
export async function timeInChromium(
  model: string,
  utterances: readonly BrowserFeatures[],
  repeat: number,
  timeoutS: number,
  progress: (line: string) => void,
): Promise<BrowserTiming[] | undefined> {
  if (!existsSync(CHROMIUM)) {
    progress(`chromium: skipped, no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return undefined;
  }
  const pageDir = await mkdtemp(path.join(os.tmpdir(), 'bench-page-'));
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'bench-profile-'));
  await buildPage(pageDir);
  const blobs = new Map<string, Uint8Array>(utterances.map((u) => [`/features/${u.label}`, new Uint8Array(u.frames.buffer, u.frames.byteOffset, u.frames.byteLength)]));
  const server = await servePage(
    [
      ['/ort/', path.join(ROOT, 'node_modules/onnxruntime-web/dist')],
      ['/bundle/', model],
      ['/', pageDir],
    ],
    blobs,
  );
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: ARGS });
  const results: BrowserTiming[] = [];
  try {
    // A fresh page per backend, so a run that times out cannot hold up the next.
    for (const backend of ['wasm', 'webgpu'] as const) {
      const page = await context.newPage();
      // The page's own progress lines; onnxruntime's node-placement warnings are left out.
      page.on('console', (m) => void (/^\s*chromium /.test(m.text()) && progress(m.text())));
      page.on('pageerror', (e) => progress(`chromium page error: ${e.message}`));
      await page.goto(`${server.url}index.html`);
      await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
      const request: BrowserRunRequest = {
        backend,
        repeat,
        utterances: utterances.map((u) => ({ label: u.label, nFrames: u.nFrames, audioS: u.audioS })),
        decoders: [...DECODERS],
      };
      progress(`chromium ${backend}: running`);
      let timer: NodeJS.Timeout | undefined;
      try {
        const run = page.evaluate((r) => (window as unknown as { runTimings(r: BrowserRunRequest): Promise<BrowserRunResult> }).runTimings(r), request);
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutS} s`)), timeoutS * 1000)));
        results.push({ ...(await Promise.race([run, timeout])), requested: backend });
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        progress(`chromium ${backend}: failed: ${message}`);
        results.push({ requested: backend, backend, fallbackReason: undefined, webGpuExposed: false, adapter: undefined, utterances: [], error: message });
      } finally {
        clearTimeout(timer);
        await page.close().catch(() => undefined);
      }
    }
  } finally {
    await context.close();
    await server.close();
    await Promise.all([pageDir, profileDir].map((d) => rm(d, { recursive: true, force: true })));
  }
  return results;
}
