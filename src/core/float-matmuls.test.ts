// Integer MatMuls (training/integer_matmul.py) on WASM, and their fp32 form for WebGPU (float-matmuls.ts), on the
// recipe's fixture (training/integer_matmul_fixture.py): one small quantised encoder exported in both forms.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime, createOrtSession, Runtime, type BackendName, type SessionFactory } from './backend';
import { loadBundle } from './bundle';
import { floatMatMuls } from './float-matmuls';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const FIXTURE = path.join(HERE, 'fixtures/integer-matmul');
let floatForm: Uint8Array;
let integerForm: Uint8Array;
let fixture: { nMels: number; integerMatMuls: number; inputs: Record<string, string>; outputs: Record<string, string> };

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  floatForm = new Uint8Array(await readFile(path.join(FIXTURE, 'encoder.onnx')));
  integerForm = new Uint8Array(await readFile(path.join(FIXTURE, 'encoder-integer.onnx')));
  fixture = JSON.parse(await readFile(path.join(FIXTURE, 'fixture.json'), 'utf8'));
});

const has = (model: Uint8Array, opType: string) => Buffer.from(model).includes(opType);

/** The encoder's outputs (encoded, CTC log-probabilities) for some made-up features, full context. */
async function encode(model: Uint8Array): Promise<Float32Array[]> {
  const frames = 120;
  const features = Float32Array.from({ length: frames * fixture.nMels }, (_, i) => Math.abs(Math.sin(i * 0.37)) * 3);
  const window = new ort.Tensor('int64', BigInt64Array.from([100000n]), [1]);
  const session = await createOrtSession(model, 'wasm', 'encoder');
  try {
    const out = await session.run({
      [fixture.inputs['features']!]: new ort.Tensor('float32', features, [1, frames, fixture.nMels]),
      [fixture.inputs['featureLengths']!]: new ort.Tensor('int64', BigInt64Array.from([BigInt(frames)]), [1]),
      [fixture.inputs['leftWindow']!]: window,
      [fixture.inputs['rightWindow']!]: window,
    });
    return [out[fixture.outputs['encoded']!]!.data as Float32Array, out[fixture.outputs['ctcLogProbs']!]!.data as Float32Array];
  } finally {
    await session.release();
  }
}

describe('floatMatMuls', () => {
  it('turns every integer MatMul group back into the fp32 form, which computes exactly what the fp32 export does', async () => {
    expect(fixture.integerMatMuls).toBeGreaterThan(0);
    expect(has(integerForm, 'MatMulInteger') && has(integerForm, 'DynamicQuantizeLinear')).toBe(true);
    const rewritten = floatMatMuls(integerForm);
    expect(has(rewritten, 'MatMulInteger') || has(rewritten, 'DynamicQuantizeLinear')).toBe(false);
    const [expected, rewrittenOut] = [await encode(floatForm), await encode(rewritten)];
    expected.forEach((values, k) => expect(rewrittenOut[k]).toEqual(values));
  });

  it('leaves a part without integer MatMuls as it is (the same bytes)', () => {
    expect(floatMatMuls(floatForm)).toBe(floatForm);
    const tiny = new Uint8Array([8, 8]); // a ModelProto holding only ir_version 8
    expect(floatMatMuls(tiny)).toBe(tiny);
  });

  it('the integer form runs on WASM: close to fp32, but the activations are rounded', async () => {
    const [[floatEncoded], [integerEncoded]] = [await encode(floatForm), await encode(integerForm)];
    let diff = 0;
    let size = 0;
    floatEncoded!.forEach((v, i) => {
      diff += Math.abs(v - integerEncoded![i]!);
      size += Math.abs(v);
    });
    expect(diff).toBeGreaterThan(0); // the same numbers would mean int8 arithmetic never ran
    expect(diff / size).toBeLessThan(0.02);
  });

  it('the runtime gives WebGPU sessions the fp32 form and WASM sessions the integer form', async () => {
    const tiny = await loadBundle(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')));
    const bundle = { ...tiny, parts: { ...tiny.parts, encoder: integerForm } };
    const given: Partial<Record<BackendName, Uint8Array>> = {};
    // the sessions themselves are the tiny bundle's (its names and sizes are what model.json describes)
    const recording: SessionFactory = async (model, backend, part) => {
      if (part === 'encoder') given[backend] = model;
      return createOrtSession(part === 'encoder' ? tiny.parts.encoder : model, 'wasm', part);
    };
    for (const backend of ['webgpu', 'wasm'] as const) {
      const runtime = await Runtime.create(bundle, { backend, webGpuAvailable: true, createSession: recording, deviceLost: () => new Promise(() => undefined) });
      await runtime.release();
    }
    expect(given.wasm).toBe(integerForm);
    expect(has(given.webgpu!, 'MatMulInteger')).toBe(false);
    expect(given.webgpu).toEqual(floatMatMuls(integerForm));
  });
});
