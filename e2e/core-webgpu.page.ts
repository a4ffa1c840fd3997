// Browser entry of the core WebGPU spec (e2e/core-webgpu.e2e.ts): loads the tiny bundle over HTTP with
// the core's URL reader, runs the fixture features on the backend asked for, and returns plain data.
// 'onnxruntime-web' is external here: the page maps it to /ort/ort.bundle.min.mjs, the same build the
// renderer's bundler picks.

import { configureOnnxRuntime, hasWebGpu, Recogniser, urlBundleReader, type BackendChoice } from '../src/core';

export interface CoreRunRequest {
  backend: BackendChoice;
  fallback: boolean;
  /** atBeam: the AT beam the recipe wrote the fixture's atBeam tokens with. */
  fixtures: { name: string; nFrames: number; atBeam: number }[];
  windows: { left: number; right: number; tag: string }[];
}

export interface CoreRunResult {
  webGpuExposed: boolean;
  backend: string;
  fallbackReason: string | undefined;
  runs: {
    name: string;
    tag: string;
    encoded: number[];
    ctcLogProbs: number[];
    tokens: Record<'ctc' | 'atGreedy' | 'atBeam' | 'nat0' | 'nat2', number[]>;
    streamed: number[];
    encoderMs: number;
  }[];
}

export async function runCore(request: CoreRunRequest): Promise<CoreRunResult> {
  configureOnnxRuntime({ wasmPaths: '/ort/', numThreads: 1, logLevel: 'error' });
  const recogniser = await Recogniser.load(urlBundleReader('/bundle/'), { backend: request.backend, fallback: request.fallback });
  const runs: CoreRunResult['runs'] = [];
  for (const fixture of request.fixtures) {
    const response = await fetch(`/reference/${fixture.name}.features.f32`);
    const features = new Float32Array(await response.arrayBuffer());
    for (const window of request.windows) {
      const started = performance.now();
      const encoded = await recogniser.encode(features, fixture.nFrames, window);
      const encoderMs = performance.now() - started;
      const decode = async (options: Parameters<Recogniser["decode"]>[1]) => {
        const t0 = performance.now();
        const tokens = (await recogniser.decode(encoded, options)).tokens;
        console.log(`${request.backend} ${fixture.name} ${window.tag} ${options.decoder} beam=${options.beam ?? "-"} ${(performance.now() - t0).toFixed(0)} ms`);
        return tokens;
      };
      const streaming = recogniser.streamingEncoder(window);
      const streamed: number[] = [];
      for (let start = 0; start < fixture.nFrames; start += 24) {
        const chunk = await streaming.push(features.subarray(start * 80, Math.min(fixture.nFrames, start + 24) * 80));
        if (chunk) streamed.push(...chunk.encoded);
      }
      const last = await streaming.flush();
      if (last) streamed.push(...last.encoded);
      runs.push({
        name: fixture.name,
        tag: window.tag,
        encoded: Array.from(encoded.encoded),
        ctcLogProbs: Array.from(encoded.ctcLogProbs),
        tokens: {
          ctc: await decode({ decoder: 'ctc' }),
          atGreedy: await decode({ decoder: 'at', beam: 1 }),
          atBeam: await decode({ decoder: 'at', beam: fixture.atBeam }),
          nat0: await decode({ decoder: 'nat', iterations: 0 }),
          nat2: await decode({ decoder: 'nat', iterations: 2 }),
        },
        streamed,
        encoderMs,
      });
    }
  }
  const result = { webGpuExposed: hasWebGpu(), backend: recogniser.backend, fallbackReason: recogniser.runtime.fallbackReason, runs };
  await recogniser.release();
  return result;
}
