// The built renderer in Debian's Chromium, talking to the main-process services in Node through the
// contract (test host + WebSocket bridge in place of Electron's preload and ipcMain).
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encodeWav } from '../src/audio/fixtures/encode-wav';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAudioFrontEnd } from '../src/main/audio-binding';
import { ortDistDir } from '../src/main/paths';
import { CONTENT_SECURITY_POLICY } from '../src/main/static-routes';
import { launchChromium, openWorkbench, type BrowserSession } from './harness';
import { startTestHost, type TestHost } from './host/test-host';
import { ARTIFACTS_DIR, RENDERER_DIR, REPO_ROOT } from './paths';

const tone = Float32Array.from({ length: 8000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));

const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const modelJson = { name: 'fixture', features: { nMels: 80 } };

let browser: BrowserSession;
let host: TestHost;
let modelsDir: string;
let audioDir: string;
let dataDir: string;
let page: Page;
let pageProblems: string[];

beforeAll(async () => {
  modelsDir = await mkdtemp(path.join(os.tmpdir(), 'workbench-e2e-models-'));
  // Not a loadable bundle: this spec checks the shell and the contract, not inference (e2e/ui-*.e2e.ts do).
  await mkdir(path.join(modelsDir, 'default'));
  await writeFile(path.join(modelsDir, 'default', 'model.json'), JSON.stringify(modelJson));
  audioDir = await mkdtemp(path.join(os.tmpdir(), 'workbench-e2e-audio-'));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'workbench-e2e-data-'));
  await writeFile(path.join(audioDir, 'tone.wav'), encodeWav([tone], { sampleRate: 16000, encoding: 'pcm16' }));
  host = await startTestHost({
    roots: { renderer: RENDERER_DIR, models: modelsDir, ort: ortDistDir() },
    appInfo: { version: pkg.version, platform: process.platform, modelDir: modelsDir },
    audio: bindAudioFrontEnd(),
    dataDir,
  });
  browser = await launchChromium();
  ({ page, problems: pageProblems } = await openWorkbench(browser.context, host.url));
  await page.getByTestId('status-app').getByText(`v${pkg.version}`).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  for (const dir of [modelsDir, audioDir, dataDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the built renderer', () => {
  it('is served from out/renderer, cross-origin isolated, under the production CSP', async () => {
    const response = await page.request.get(host.url);
    const headers = response.headers();
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toBe(await readFile(path.join(RENDERER_DIR, 'index.html'), 'utf8'));

    const scripts = await page.$$eval('script[src]', (elements) => elements.map((e) => new URL((e as HTMLScriptElement).src).pathname));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    expect(await page.evaluate(() => ({ isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer }))).toEqual({
      isolated: true,
      sab: 'function',
    });
  });

  it('enforces the CSP: no inline script, no eval, no foreign connections', async () => {
    // A separate page, because the violations it provokes are logged as console errors.
    const { page: probe, problems } = await openWorkbench(browser.context, host.url);
    try {
      const outcome = await probe.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
        const w = window as unknown as { inlineRan?: boolean; evalRan?: boolean };
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
        // A string timer is eval from the page's own context (eval inside page.evaluate is exempt).
        (setTimeout as unknown as (code: string, ms: number) => number)('window.evalRan = true', 0);
        const foreign = await fetch('https://example.com/').then(() => 'fetched', () => 'blocked');
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { inlineRan: w.inlineRan === true, evalRan: w.evalRan === true, foreign, violations: [...new Set(violations)].sort() };
      });
      expect(outcome).toEqual({ inlineRan: false, evalRan: false, foreign: 'blocked', violations: ['connect-src', 'script-src-elem', 'script-src'].sort() });
      expect(problems.every((p) => p.includes('Content Security Policy'))).toBe(true);
    } finally {
      await probe.close();
    }
  });

  it('shows the workbench shell with its panes', async () => {
    for (const [testId, title] of [
      ['pane-input', 'Input'],
      ['pane-waveform', 'Waveform'],
      ['pane-transcript', 'Transcript'],
      ['pane-attention', 'Attention'],
      ['pane-stats', 'Run statistics'],
    ] as const) {
      const pane = page.getByTestId(testId);
      await expect(pane.isVisible()).resolves.toBe(true);
      await expect(pane.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(title);
    }
    await expect(page.getByTestId('record-button').isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('open-files-button').isEnabled()).resolves.toBe(true);
  });
});

describe('the contract over the test host', () => {
  it('round-trips getAppInfo from the main-process services into the status bar', async () => {
    await expect(page.getByTestId('status-app').textContent()).resolves.toBe(`v${pkg.version} · ${process.platform} · test host`);
    expect(host.callLog).toContain('getAppInfo');
  });

  it('validates input on the main side and returns typed errors', async () => {
    const replies = await page.evaluate(async () => {
      const bridge = (window as unknown as { workbenchBridge: { invoke(name: string, input: unknown): Promise<unknown> } }).workbenchBridge;
      return {
        relativePath: await bridge.invoke('openAudioStream', { path: 'relative/clip.wav' }),
        extraKey: await bridge.invoke('stopRecording', { sessionId: 'x', force: true }),
        badSource: await bridge.invoke('startRecording', { source: { kind: 'camera' } }),
        unknownSession: await bridge.invoke('stopRecording', { sessionId: 'no-such-session' }),
      };
    });
    expect(replies.relativePath).toEqual({ ok: false, error: { code: 'invalid-input', message: 'openAudioStream: path: expected an absolute file path' } });
    expect(replies.extraKey).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(replies.badSource).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('source.kind') } });
    expect(replies.unknownSession).toEqual({ ok: false, error: { code: 'unknown-session', message: 'No recording session no-such-session' } });
  });

  it('delivers main-process events, with Float32Array payloads bit-exact', async () => {
    const samples = new Float32Array([0, -0, 1.5, -1, Number.NaN, 1e-40, Math.fround(0.1), Number.POSITIVE_INFINITY]);
    await page.evaluate(() => {
      const w = window as unknown as {
        workbenchBridge: { subscribe(name: string, listener: (payload: unknown) => void): () => void };
        received: unknown[];
      };
      w.received = [];
      w.workbenchBridge.subscribe('featureFrames', (payload) => w.received.push(payload));
    });
    host.emit('featureFrames', { sessionId: 's1', startFrame: 4800, nMels: 8, frames: samples });
    await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0);
    const received = await page.evaluate(() => {
      const chunk = (window as unknown as { received: { sessionId: string; startFrame: number; frames: Float32Array }[] }).received[0]!;
      return {
        sessionId: chunk.sessionId,
        startSample: chunk.startFrame,
        isFloat32Array: chunk.frames instanceof Float32Array,
        bytes: Array.from(new Uint8Array(chunk.frames.buffer, chunk.frames.byteOffset, chunk.frames.byteLength)),
      };
    });
    expect(received).toEqual({
      sessionId: 's1',
      startSample: 4800,
      isFloat32Array: true,
      bytes: Array.from(new Uint8Array(samples.buffer)),
    });
  });

  it('carries out a menu command sent as an event, and shows a failed call as a typed error', async () => {
    const missing = path.join(os.tmpdir(), 'workbench-e2e-no-such-file.wav');
    host.answerFileDialogWith([missing]);
    const callsBefore = host.callLog.length;
    host.emit('menuCommand', { command: 'open-audio-files' });
    // A file's error is shown on that file in the batch queue.
    const error = page.locator('[data-testid="job"][data-name="workbench-e2e-no-such-file.wav"]').getByTestId('job-error');
    await error.waitFor();
    expect(host.callLog.slice(callsBefore)).toEqual(expect.arrayContaining(['chooseAudioFiles', 'openAudioStream']));
    // The audio front end's AudioError crossed the contract with its code and the file it concerns.
    await expect(error.getAttribute('data-code')).resolves.toBe('not-found');
    await expect(error.textContent()).resolves.toContain(missing);
  });
});

describe('audio through the contract', () => {
  it('decodes a file the user opened and lists it with its duration', async () => {
    host.answerFileDialogWith([path.join(audioDir, 'tone.wav')]);
    await page.getByTestId('open-files-button').click();
    const clip = page.getByTestId('clip-list').getByRole('button', { name: /tone\.wav/ });
    await clip.waitFor();
    await expect.poll(() => clip.textContent()).toContain('0.50 s');
    await clip.click();
    await expect(page.getByTestId('waveform-clip').textContent()).resolves.toContain('8,000 at 16 kHz');
  });

  it('records from the microphone, or says clearly that there is none', async () => {
    const devices = await bindAudioFrontEnd().listInputDevices().catch(() => []);
    await page.getByTestId('record-button').click();
    if (devices.length === 0) {
      const error = page.getByTestId('status-error');
      await error.waitFor();
      await expect(error.getAttribute('data-code')).resolves.toBe('device-missing');
      await error.getByRole('button', { name: 'Dismiss error' }).click();
    } else {
      await page.getByTestId('stop-button').click({ delay: 300 });
      await page.getByTestId('clip-list').getByRole('button', { name: /Recording 1/ }).waitFor();
      // (with no loadable model here, recording stops at the model error instead)
    }
  });

  it('streams a file’s decoded samples as Float32Arrays equal to what was written', async () => {
    const file = path.join(audioDir, 'tone.wav');
    const decoded = await page.evaluate(async (p) => {
      type Reply<T> = { ok: boolean; value: T };
      const bridge = (window as unknown as { workbenchBridge: { invoke<T>(name: string, input: unknown): Promise<Reply<T>> } }).workbenchBridge;
      const opened = await bridge.invoke<{ streamId: string }>('openAudioStream', { path: p });
      const samples: number[] = [];
      let isFloat32Array = true;
      for (;;) {
        const block = await bridge.invoke<{ samples: Float32Array; end?: { durationS: number } }>('readAudioStream', { streamId: opened.value.streamId });
        isFloat32Array &&= block.value.samples instanceof Float32Array;
        samples.push(...block.value.samples);
        if (block.value.end) return { ok: opened.ok && block.ok, isFloat32Array, durationS: block.value.end.durationS, samples };
      }
    }, file);
    expect(decoded).toMatchObject({ ok: true, isFloat32Array: true, durationS: tone.length / 16000 });
    expect(decoded.samples).toHaveLength(tone.length);
    const worst = decoded.samples.reduce((m, v, i) => Math.max(m, Math.abs(v - tone[i]!)), 0);
    expect(worst).toBeLessThan(1 / 16384); // 16-bit quantisation
  });

  it('streams a file recording as feature and stop events, then returns its samples', async () => {
    const file = path.join(audioDir, 'tone.wav');
    const result = await page.evaluate(async (p) => {
      type Bridge = {
        invoke(name: string, input: unknown): Promise<{ ok: boolean; value: Record<string, unknown> }>;
        subscribe(name: string, listener: (payload: Record<string, unknown>) => void): () => void;
      };
      const bridge = (window as unknown as { workbenchBridge: Bridge }).workbenchBridge;
      let featureFrames = 0;
      let nMels = 0;
      const stopped = new Promise<Record<string, unknown>>((resolve) => bridge.subscribe('recordingStopped', resolve));
      bridge.subscribe('featureFrames', (f) => {
        nMels = f['nMels'] as number;
        featureFrames += (f['frames'] as Float32Array).length / nMels;
      });
      const started = await bridge.invoke('startRecording', { source: { kind: 'file', path: p } });
      const stop = await stopped;
      const collected = await bridge.invoke('stopRecording', { sessionId: started.value['sessionId'] });
      return { stop, featureFrames, nMels, samples: (collected.value['samples'] as Float32Array).length, sessionId: started.value['sessionId'] };
    }, file);
    expect(result.stop).toEqual({ sessionId: result.sessionId, reason: 'end-of-file' });
    expect(result.samples).toBe(tone.length);
    expect(result.nMels).toBe(80);
    expect(result.featureFrames).toBe(Math.floor((tone.length - 512) / 160) + 1);
  });
});

describe('assets for inference', () => {
  it('serves model bundles from /models/ and onnxruntime-web from /ort/ with isolation headers', async () => {
    const result = await page.evaluate(async () => {
      const model = await fetch('/models/default/model.json');
      const wasm = await fetch('/ort/ort-wasm-simd-threaded.wasm');
      const wasmType = wasm.headers.get('content-type');
      const module = await WebAssembly.compileStreaming(wasm);
      const glue = await fetch('/ort/ort-wasm-simd-threaded.mjs');
      return {
        model: await model.json(),
        modelCoep: model.headers.get('cross-origin-embedder-policy'),
        wasmType,
        wasmExports: WebAssembly.Module.exports(module).length > 0,
        glueType: glue.headers.get('content-type'),
      };
    });
    // 404s are checked from Node: in the page they would log console errors.
    const notRuntime = (await page.request.get(`${host.url}ort/ort.min.js`)).status();
    const missingModel = (await page.request.get(`${host.url}models/absent.onnx`)).status();
    const outsideRoot = (await page.request.get(`${host.url}models/..%2Fpackage.json`)).status();
    expect({ notRuntime, missingModel, outsideRoot }).toEqual({ notRuntime: 404, missingModel: 404, outsideRoot: 403 });
    expect(result).toEqual({
      model: modelJson,
      modelCoep: 'require-corp',
      wasmType: 'application/wasm',
      wasmExports: true,
      glueType: 'text/javascript; charset=utf-8',
    });
  });
});

describe('the inference backend', () => {
  it('detects the WebGPU adapter and names it in the status bar', async () => {
    const status = page.getByTestId('status-backend');
    await page.waitForFunction(() => document.querySelector('[data-testid="status-backend"]')?.getAttribute('data-kind') !== '');
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info: Record<string, string> } | null> } }).gpu;
      const found = await gpu?.requestAdapter();
      return found ? { description: found.info['description'] ?? '', vendor: found.info['vendor'] ?? '' } : null;
    });
    expect(adapter, 'headless Chromium with --enable-unsafe-webgpu should offer an adapter').not.toBeNull();
    await expect(status.getAttribute('data-kind')).resolves.toBe('webgpu');
    const text = await status.textContent();
    expect(text).toMatch(/^WebGPU · .+/);
    expect(text).toContain(adapter!.description || adapter!.vendor);
  });

  it('falls back to WASM (multi-threaded, since the page is isolated) without WebGPU', async () => {
    const plain = await launchChromium({ webgpu: false });
    try {
      const { page: other, problems } = await openWorkbench(plain.context, host.url);
      const status = other.getByTestId('status-backend');
      await other.waitForFunction(() => document.querySelector('[data-testid="status-backend"]')?.getAttribute('data-kind') !== '');
      await expect(status.getAttribute('data-kind')).resolves.toBe('wasm');
      await expect(status.textContent()).resolves.toBe('WASM · multi-threaded');
      expect(problems).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('saves a screenshot of the shell', async () => {
    await page.getByTestId('status-backend').getByText('WebGPU').waitFor();
    const file = path.join(ARTIFACTS_DIR, 'workbench-shell.png');
    await page.screenshot({ path: file, fullPage: true });
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });

  it('ran without page errors, console errors or CSP violations', () => {
    expect(pageProblems).toEqual([]);
  });
});
