// The core on WebGPU in headless Chromium (SwiftShader via --enable-unsafe-webgpu): the tiny bundle's
// encoder output matches WASM within tolerance, every decoder gives the recipe's fixture tokens, the
// streaming encoder equals full context, and 'auto' picks WebGPU where it exists.
//
// Part of `npm run test:e2e`; alone: npx vitest run --config e2e/vitest.config.ts e2e/core-webgpu.e2e.ts
// It builds its own page (vite, e2e/core-webgpu.page.ts) and serves it from 127.0.0.1 with COOP/COEP;
// it needs no `npm run build`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreRunRequest, CoreRunResult, IntegerFormResult } from './core-webgpu.page';

// SwiftShader runs WebGPU on the CPU: the AT decoder's many small steps take seconds there.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const REFERENCE = path.join(ROOT, 'src/core/fixtures/tiny-reference');
const fixtures = JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8')) as {
  name: string;
  nFrames: number;
  atBeam: number;
  windows: { left: number; right: number; tag: string; tokens: Record<string, number[]> }[];
}[];

const ROUTES: [string, string][] = [
  ['/ort/', path.join(ROOT, 'node_modules/onnxruntime-web/dist')],
  ['/bundle/', path.join(ROOT, 'src/core/fixtures/tiny-bundle')],
  ['/reference/', REFERENCE],
  ['/integer/', path.join(ROOT, 'src/core/fixtures/integer-matmul')],
];
const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };

let buildDir: string;
let profileDir: string;
let server: http.Server;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

async function serve(): Promise<string> {
  server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file: string | undefined;
    if (url.pathname === '/') file = path.join(buildDir, 'index.html');
    else if (url.pathname === '/core.js') file = path.join(buildDir, 'core.js');
    else {
      const route = ROUTES.find(([prefix]) => url.pathname.startsWith(prefix));
      if (route) file = path.join(route[1], path.normalize(decodeURIComponent(url.pathname.slice(route[0].length))).replace(/^(\.\.[/\\])+/, ''));
    }
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };
    try {
      if (!file) throw new Error('no route');
      const body = await readFile(file);
      response.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, headers);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function buildPage(): Promise<void> {
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'core-webgpu-page-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      lib: { entry: path.join(ROOT, 'e2e/core-webgpu.page.ts'), formats: ['es'], fileName: () => 'core.js' },
      rollupOptions: { external: ['onnxruntime-web'] },
      outDir: buildDir,
      emptyOutDir: false,
      minify: false,
      target: 'es2022',
    },
  });
  const html = `<!doctype html><meta charset="utf-8"><title>core webgpu</title>
<script type="importmap">{"imports":{"onnxruntime-web":"/ort/ort.bundle.min.mjs"}}</script>
<script type="module">import { runCore, runIntegerForm } from '/core.js'; window.runCore = runCore; window.runIntegerForm = runIntegerForm; window.coreReady = true;</script>`;
  await import('node:fs/promises').then((fs) => fs.writeFile(path.join(buildDir, 'index.html'), html));
}

function run(request: CoreRunRequest): Promise<CoreRunResult> {
  return page.evaluate((r) => (window as unknown as { runCore(r: CoreRunRequest): Promise<CoreRunResult> }).runCore(r), request);
}

const request = (backend: CoreRunRequest['backend'], fallback = false): CoreRunRequest => ({
  backend,
  fallback,
  fixtures: fixtures.map((f) => ({ name: f.name, nFrames: f.nFrames, atBeam: f.atBeam })),
  windows: fixtures[0]!.windows.map((w) => ({ left: w.left, right: w.right, tag: w.tag })),
});

function maxAbsDifference(a: readonly number[], b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  await buildPage();
  const url = await serve();
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'core-webgpu-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  // CORE_WEBGPU_VERBOSE=1 shows the page's per-decoder timings.
  page.on('console', (m) => void (process.env['CORE_WEBGPU_VERBOSE'] && console.log(m.text())));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { coreReady?: boolean }).coreReady === true);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  await Promise.all([buildDir, profileDir].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
});

describe('core in headless Chromium', () => {
  let webgpu: CoreRunResult;
  let wasm: CoreRunResult;

  it('runs every part on WebGPU (no fallback)', async () => {
    webgpu = await run(request('webgpu'));
    expect(webgpu.webGpuExposed).toBe(true);
    expect(webgpu.backend).toBe('webgpu');
    expect(webgpu.fallbackReason).toBeUndefined();
  }, 180_000);

  it('runs on WASM in the same page', async () => {
    wasm = await run(request('wasm'));
    expect(wasm.backend).toBe('wasm');
  }, 120_000);

  it('WebGPU encoder output equals WASM and the recipe within tolerance', async () => {
    for (const [i, gpuRun] of webgpu.runs.entries()) {
      const cpuRun = wasm.runs[i]!;
      expect(maxAbsDifference(gpuRun.encoded, cpuRun.encoded)).toBeLessThan(1e-3);
      expect(maxAbsDifference(gpuRun.ctcLogProbs, cpuRun.ctcLogProbs)).toBeLessThan(1e-3);
      const reference = new Float32Array(readFileSync(path.join(REFERENCE, `${gpuRun.name}.${gpuRun.tag}.encoded.f32`)).buffer.slice(0));
      expect(maxAbsDifference(gpuRun.encoded, reference)).toBeLessThan(1e-3);
    }
  });

  it('every decoder gives the fixture tokens on WebGPU and WASM', () => {
    for (const result of [webgpu, wasm]) {
      for (const r of result.runs) {
        const expected = fixtures.find((f) => f.name === r.name)!.windows.find((w) => w.tag === r.tag)!.tokens;
        expect({ backend: result.backend, run: `${r.name} ${r.tag}`, tokens: r.tokens }).toEqual({ backend: result.backend, run: `${r.name} ${r.tag}`, tokens: expected });
      }
    }
  });

  it('streaming equals full context on WebGPU', () => {
    for (const r of webgpu.runs) expect(maxAbsDifference(r.streamed, r.encoded)).toBeLessThan(1e-3);
  });

  it('an encoder with integer MatMuls (WASM-only ops) runs on WebGPU in its fp32 form: the fp32 export\'s output', async () => {
    const result = await page.evaluate(() => (window as unknown as { runIntegerForm(): Promise<IntegerFormResult> }).runIntegerForm());
    expect(maxAbsDifference(result.webgpu, result.wasmFloat)).toBeLessThan(1e-3);
    expect(maxAbsDifference(result.wasmInteger, result.wasmFloat)).toBeGreaterThan(0); // WASM: the integer arithmetic
  }, 120_000);

  it("'auto' picks WebGPU where Chromium exposes it", async () => {
    const auto = await run({ ...request('auto', true), fixtures: [] });
    expect(auto.backend).toBe('webgpu');
    expect(problems).toEqual([]);
  }, 60_000);
});
