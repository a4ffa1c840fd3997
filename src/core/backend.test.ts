// Backend choice and fallback: WebGPU when it exists, WASM when it does not, and a move to WASM
// (re-running the interrupted work) when WebGPU fails mid-run or its device is lost. A "WebGPU" session
// here is a WASM session that can be told to fail, since Node has no WebGPU.
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { BackendError, configureOnnxRuntime, createOrtSession, type BackendName, type SessionFactory } from './backend';
import { loadBundle, type ModelBundle } from './bundle';
import { Recogniser } from './recogniser';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
let bundle: ModelBundle;
let features: Float32Array;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  bundle = await loadBundle(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')));
  features = await readFloat32File(path.join(HERE, 'fixtures/tiny-reference/espeak-2.features.f32'));
});

/** Sessions for 'webgpu' are WASM sessions whose runs fail once `failAfter` runs have succeeded. */
function pretendGpu(failAfter: number, created: BackendName[] = []): SessionFactory {
  let runs = 0;
  return async (model, backend) => {
    created.push(backend);
    const session = await createOrtSession(model, 'wasm');
    if (backend === 'wasm') return session;
    return {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      inputMetadata: session.inputMetadata,
      outputMetadata: session.outputMetadata,
      release: () => session.release(),
      run: (feeds) => (runs++ >= failAfter ? Promise.reject(new Error('GPU device was lost')) : session.run(feeds)),
    };
  };
}

describe('backend selection', () => {
  it('uses WASM when WebGPU is missing, and says why', async () => {
    const recogniser = await Recogniser.fromBundle(bundle, { webGpuAvailable: false });
    expect(recogniser.backend).toBe('wasm');
    expect(recogniser.runtime.fallbackReason).toMatch(/not available/);
    await recogniser.release();
  });

  it('uses WebGPU first when it exists', async () => {
    const recogniser = await Recogniser.fromBundle(bundle, { webGpuAvailable: true, createSession: pretendGpu(Infinity) });
    expect(recogniser.backend).toBe('webgpu');
    await recogniser.release();
  });

  it('falls back to WASM when WebGPU sessions cannot be created', async () => {
    const failing: SessionFactory = async (model, backend) => {
      if (backend === 'webgpu') throw new Error('no adapter');
      return createOrtSession(model, backend);
    };
    const recogniser = await Recogniser.fromBundle(bundle, { webGpuAvailable: true, createSession: failing });
    expect(recogniser.backend).toBe('wasm');
    expect(recogniser.runtime.fallbackReason).toMatch(/WebGPU could not start \(no adapter\)/);
    await recogniser.release();
  });

  it('honours an explicit choice: WASM even where WebGPU exists; WebGPU or an error when fallback is off', async () => {
    const wasm = await Recogniser.fromBundle(bundle, { backend: 'wasm', webGpuAvailable: true, createSession: pretendGpu(Infinity) });
    expect(wasm.backend).toBe('wasm');
    await wasm.release();
    await expect(Recogniser.fromBundle(bundle, { backend: 'webgpu', fallback: false, webGpuAvailable: false })).rejects.toBeInstanceOf(BackendError);
  });
});

describe('WebGPU lost mid-run', () => {
  it.each([
    ['the encoder', 0, { decoder: 'ctc' as const }],
    ['an AT step', 5, { decoder: 'at' as const, beam: 2 }],
    ['a NAT pass', 1, { decoder: 'nat' as const, iterations: 2 }],
  ])('moves to WASM when %s fails and gives the same result', async (_, failAfter, options) => {
    const reference = await Recogniser.fromBundle(bundle, { backend: 'wasm' });
    const expected = await reference.recognise(features, features.length / 80, options);
    await reference.release();

    const changes: string[] = [];
    const created: BackendName[] = [];
    const recogniser = await Recogniser.fromBundle(bundle, {
      webGpuAvailable: true,
      createSession: pretendGpu(failAfter, created),
      onBackendChange: (backend, reason) => changes.push(`${backend}: ${reason}`),
    });
    expect(recogniser.backend).toBe('webgpu');
    const got = await recogniser.recognise(features, features.length / 80, options);
    expect(got.decoded.tokens).toEqual(expected.decoded.tokens);
    expect(got.stats.backend).toBe('wasm');
    expect(recogniser.backend).toBe('wasm');
    expect(changes).toEqual(['wasm: WebGPU failed mid-run (GPU device was lost)']);
    expect(created).toEqual(['webgpu', 'webgpu', 'webgpu', 'webgpu', 'wasm', 'wasm', 'wasm', 'wasm']);
    await recogniser.release();
  });

  it('does not hide failures on WASM', async () => {
    const recogniser = await Recogniser.fromBundle(bundle, { backend: 'wasm' });
    await expect(recogniser.encode(new Float32Array(10 * 79), 10)).rejects.toThrow();
    await recogniser.release();
  });
});

describe('WebGPU device lost between runs', () => {
  it('moves to WASM before the next run', async () => {
    let lose: (reason: string) => void = () => undefined;
    const lost = new Promise<string>((resolve) => (lose = resolve));
    const changes: string[] = [];
    const recogniser = await Recogniser.fromBundle(bundle, {
      webGpuAvailable: true,
      createSession: pretendGpu(Infinity),
      deviceLost: () => lost,
      onBackendChange: (backend, reason) => changes.push(`${backend}: ${reason}`),
    });
    const first = await recogniser.recognise(features, features.length / 80, { decoder: 'ctc' });
    expect(first.stats.backend).toBe('webgpu');
    lose('the GPU process crashed');
    await lost;
    const second = await recogniser.recognise(features, features.length / 80, { decoder: 'ctc' });
    expect(second.stats.backend).toBe('wasm');
    expect(second.decoded.tokens).toEqual(first.decoded.tokens);
    expect(changes).toEqual(['wasm: WebGPU device lost (the GPU process crashed)']);
    await recogniser.release();
  });
});
