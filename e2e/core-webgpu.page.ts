// Browser entry of the core WebGPU spec (e2e/core-webgpu.e2e.ts): loads the tiny bundle over HTTP with
// the core's URL reader, runs the fixture features on the backend asked for, and returns plain data.
// 'onnxruntime-web' is external here: the page maps it to /ort/ort.bundle.min.mjs, the same build the
// renderer's bundler picks.

import * as ort from 'onnxruntime-web';
import { configureOnnxRuntime, hasWebGpu, Recogniser, urlBundleReader, type BackendChoice } from '../src/core';
import { createOrtSession, type BackendName } from '../src/core/backend';
import { floatMatMuls } from '../src/core/float-matmuls';

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

export interface IntegerFormResult {
  /** The integer-MatMul encoder as the core gives it to WebGPU (floatMatMuls), run there. */
  webgpu: number[];
  /** The same weights' fp32-arithmetic export on WASM, and the integer form itself on WASM. */
  wasmFloat: number[];
  wasmInteger: number[];
}

/** The recipe's integer-MatMul fixture (training/integer_matmul_fixture.py): its encoder in both forms, made-up features. */
export async function runIntegerForm(): Promise<IntegerFormResult> {
  configureOnnxRuntime({ wasmPaths: '/ort/', numThreads: 1, logLevel: 'error' });
  const fixture = (await (await fetch('/integer/fixture.json')).json()) as { nMels: number; inputs: Record<string, string>; outputs: Record<string, string> };
  const load = async (file: string) => new Uint8Array(await (await fetch(`/integer/${file}`)).arrayBuffer());
  const [floatForm, integerForm] = [await load('encoder.onnx'), await load('encoder-integer.onnx')];
  const frames = 120;
  const features = Float32Array.from({ length: frames * fixture.nMels }, (_, i) => Math.abs(Math.sin(i * 0.37)) * 3);
  const encode = async (model: Uint8Array, backend: BackendName) => {
    const session = await createOrtSession(model, backend, 'encoder');
    const window = new ort.Tensor('int64', BigInt64Array.from([100000n]), [1]);
    const out = await session.run({
      [fixture.inputs['features']!]: new ort.Tensor('float32', features, [1, frames, fixture.nMels]),
      [fixture.inputs['featureLengths']!]: new ort.Tensor('int64', BigInt64Array.from([BigInt(frames)]), [1]),
      [fixture.inputs['leftWindow']!]: window,
      [fixture.inputs['rightWindow']!]: window,
    });
    const encoded = out[fixture.outputs['encoded']!]!;
    const values = Array.from((encoded.location === 'gpu-buffer' ? await encoded.getData() : encoded.data) as Float32Array);
    await session.release();
    return values;
  };
  return { webgpu: await encode(floatMatMuls(integerForm), 'webgpu'), wasmFloat: await encode(floatForm, 'wasm'), wasmInteger: await encode(integerForm, 'wasm') };
}
