// Browser entry of the Chromium benchmark (bench/browser/chromium-timing.ts): loads the bundle over
// HTTP, fetches each utterance's log-mel features (computed in Node, as the app's main process does),
// and times the encoder and every decoder on the backend asked for. 'onnxruntime-web' is external: the
// page maps it to /ort/ort.bundle.min.mjs, the same build the renderer's bundler picks.

import { configureOnnxRuntime, hasWebGpu, Recogniser, urlBundleReader, type BackendChoice } from '../../src/core';
import type { DecoderConfig } from '../decoders';

export interface BrowserRunRequest {
  backend: BackendChoice;
  repeat: number;
  utterances: { label: string; nFrames: number; audioS: number }[];
  decoders: DecoderConfig[];
}

export interface BrowserRunResult {
  backend: string;
  fallbackReason: string | undefined;
  webGpuExposed: boolean;
  /** The WebGPU adapter's own description (SwiftShader is a CPU software rasteriser). */
  adapter: string | undefined;
  utterances: { utterance: string; audioS: number; encoderMs: number; decoders: { decoder: string; decoderMs: number; tokens: number; text: string }[] }[];
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function adapterDescription(): Promise<string | undefined> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter?.info) return undefined;
  const { vendor, architecture, device, description } = adapter.info;
  return [vendor, architecture, device, description].filter((s) => s).join(' / ');
}

export async function runTimings(request: BrowserRunRequest): Promise<BrowserRunResult> {
  configureOnnxRuntime({ wasmPaths: '/ort/', numThreads: 1, logLevel: 'error' });
  const recogniser = await Recogniser.load(urlBundleReader('/bundle/'), { backend: request.backend, fallback: false });
  const utterances: BrowserRunResult['utterances'] = [];
  for (const u of request.utterances) {
    const features = new Float32Array(await (await fetch(`/features/${encodeURIComponent(u.label)}`)).arrayBuffer());
    const encoderMs: number[] = [];
    const decoderMs = request.decoders.map(() => [] as number[]);
    let outputs: { decoder: string; tokens: number; text: string }[] = [];
    for (let run = 0; run <= request.repeat; run++) {
      const t0 = performance.now();
      const encoded = await recogniser.encodeUtterance(features, u.nFrames);
      if (run > 0) encoderMs.push(performance.now() - t0);
      outputs = [];
      for (const [i, config] of request.decoders.entries()) {
        const t1 = performance.now();
        const decoded = await recogniser.decode(encoded, config.options);
        if (run > 0) decoderMs[i]!.push(performance.now() - t1);
        outputs.push({ decoder: config.name, tokens: decoded.tokens.length, text: decoded.text });
      }
      console.log(`  chromium ${recogniser.backend} ${u.label}: ${run === 0 ? 'warm-up' : `run ${run}/${request.repeat}`} done`);
    }
    utterances.push({ utterance: u.label, audioS: u.audioS, encoderMs: median(encoderMs), decoders: outputs.map((o, i) => ({ ...o, decoderMs: median(decoderMs[i]!) })) });
  }
  const result: BrowserRunResult = {
    backend: recogniser.backend,
    fallbackReason: recogniser.runtime.fallbackReason,
    webGpuExposed: hasWebGpu(),
    adapter: hasWebGpu() ? await adapterDescription() : undefined,
    utterances,
  };
  await recogniser.release();
  return result;
}
