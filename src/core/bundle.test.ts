// Bundle loading: a good bundle loads; missing, corrupt and incompatible ones fail with a BundleError
// that names the file and the reason.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { BundleError, loadBundle, parseModelConfig, urlBundleReader } from './bundle';
import { Recogniser } from './recogniser';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const TINY = path.join(import.meta.dirname, 'fixtures/tiny-bundle');
const modelJson = () => JSON.parse(readFileSync(path.join(TINY, 'model.json'), 'utf8')) as Record<string, any>;
const scratch: string[] = [];

function copyBundle(change?: (folder: string) => void): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'core-bundle-'));
  scratch.push(folder);
  cpSync(TINY, folder, { recursive: true });
  change?.(folder);
  return folder;
}
function rewriteJson(folder: string, edit: (json: Record<string, any>) => void): void {
  const json = modelJson();
  edit(json);
  writeFileSync(path.join(folder, 'model.json'), JSON.stringify(json));
}
async function failure(folder: string): Promise<BundleError> {
  try {
    const recogniser = await Recogniser.load(folderBundleReader(folder), { backend: 'wasm' });
    await recogniser.release();
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return error as BundleError;
  }
  throw new Error('the bundle loaded');
}

beforeAll(() => configureOnnxRuntime({ numThreads: 1 }));
afterEach(() => {
  while (scratch.length) rmSync(scratch.pop()!, { recursive: true, force: true });
});

describe('model.json', () => {
  it('parses the tiny bundle and keeps every name and id from it', () => {
    const config = parseModelConfig(modelJson());
    expect(config.tokens.list).toHaveLength(32);
    expect(config.tokens.sosEos).toBe(2);
    expect(config.files.atStep.outputs.selfKeys).toBe('new_self_keys');
    expect(config.decoding.defaultWindows).toEqual({ left: 16, right: 2 });
  });

  it('reads how the weights are stored, fp32 where model.json does not say', () => {
    const json = modelJson();
    json.architecture.weightStorage = 'int8 per output channel (scaled to fp32 in the graph), fp16 for the rest';
    expect(parseModelConfig(json).architecture.weightStorage).toBe(json.architecture.weightStorage);
    delete json.architecture.weightStorage;
    expect(parseModelConfig(json).architecture.weightStorage).toBe('fp32');
  });

  it.each([
    ['a missing field', (j: any) => delete j.architecture.dModel, 'invalid', /architecture\.dModel is missing/],
    ['a wrong type', (j: any) => (j.tokens.blank = 'zero'), 'invalid', /tokens\.blank is not a finite number/],
    ['a weight storage that is not text', (j: any) => (j.architecture.weightStorage = 8), 'invalid', /architecture\.weightStorage is not a string/],
    ['an id outside the vocabulary', (j: any) => (j.tokens.mask = 99), 'invalid', /tokens\.mask is 99, outside the 32-token list/],
    ['a missing tensor name', (j: any) => delete j.files.nat.outputs.crossAttention, 'invalid', /files\.nat\.outputs\.crossAttention is missing/],
    ['another format', (j: any) => (j.format = 'other'), 'incompatible', /format/],
    ['a newer version', (j: any) => (j.version = 2), 'incompatible', /version is 2; this workbench reads version 1/],
    ['a path leaving the folder', (j: any) => (j.files.encoder.path = '../x.onnx'), 'invalid', /must stay inside/],
    ['a language model leaving the folder', (j: any) => (j.files.lm = { path: '../lm.bin' }), 'invalid', /files\.lm\.path \("\.\.\/lm\.bin"\) must stay inside/],
    ['a language-model weight without a language model', (j: any) => (j.decoding.lmWeight = 0.3), 'invalid', /decoding\.lmWeight is 0\.3, but files\.lm names no language model/],
    ['a CTC language-model weight without a language model', (j: any) => (j.decoding.ctcLmWeight = 0.7), 'invalid', /decoding\.ctcLmWeight is 0\.7, but files\.lm names no language model/],
    ['a negative CTC length bonus', (j: any) => (j.decoding.ctcLengthBonus = -1), 'invalid', /decoding\.ctcLengthBonus/],
    ['a fractional silent tail', (j: any) => (j.decoding.tailFrames = 2.5), 'invalid', /decoding\.tailFrames/],
    ['a negative silent tail', (j: any) => (j.decoding.tailFrames = -8), 'invalid', /decoding\.tailFrames/],
    ['a negative language-model weight', (j: any) => ((j.files.lm = { path: 'lm.bin' }), (j.decoding.lmWeight = -1)), 'invalid', /decoding\.lmWeight is -1/],
  ])('rejects %s', (_, edit, code, message) => {
    const json = modelJson();
    edit(json);
    expect(() => parseModelConfig(json, 'here')).toThrow(message);
    try {
      parseModelConfig(json, 'here');
    } catch (error) {
      expect((error as BundleError).code).toBe(code);
      expect((error as BundleError).file).toBe('model.json');
    }
  });
});

describe('loading a folder', () => {
  it('loads the tiny bundle on wasm', async () => {
    const recogniser = await Recogniser.load(folderBundleReader(TINY), { backend: 'wasm' });
    expect(recogniser.backend).toBe('wasm');
    expect(recogniser.runtime.fallbackReason).toBeUndefined();
    await recogniser.release();
  });

  it('names a missing folder', async () => {
    const error = await failure(path.join(tmpdir(), 'no-such-bundle-folder'));
    expect(error.code).toBe('missing-file');
    expect(error.message).toMatch(/model\.json is missing/);
  });

  it('names a missing part', async () => {
    const error = await failure(copyBundle((f) => rmSync(path.join(f, 'at_step.onnx'))));
    expect([error.code, error.file]).toEqual(['missing-file', 'at_step.onnx']);
  });

  it('reports model.json that is not JSON', async () => {
    const error = await failure(copyBundle((f) => writeFileSync(path.join(f, 'model.json'), '{"format": ')));
    expect([error.code, error.file]).toEqual(['corrupt', 'model.json']);
  });

  it('reports an ONNX file that does not parse', async () => {
    const error = await failure(copyBundle((f) => writeFileSync(path.join(f, 'nat.onnx'), readFileSync(path.join(TINY, 'nat.onnx')).subarray(0, 30000))));
    expect([error.code, error.file]).toEqual(['corrupt', 'nat.onnx']);
  });

  it('reports an empty ONNX file', async () => {
    const error = await failure(copyBundle((f) => writeFileSync(path.join(f, 'encoder.onnx'), '')));
    expect([error.code, error.file]).toEqual(['corrupt', 'encoder.onnx']);
  });

  it('names a missing or broken language model', async () => {
    const missing = await failure(copyBundle((f) => rewriteJson(f, (j) => (j.files.lm = { path: 'lm.bin' }))));
    expect([missing.code, missing.file]).toEqual(['missing-file', 'lm.bin']);
    const broken = await failure(
      copyBundle((f) => {
        rewriteJson(f, (j) => (j.files.lm = { path: 'lm.bin' }));
        writeFileSync(path.join(f, 'lm.bin'), new Uint8Array([7, 0, 0, 0, 9, 0, 0, 0]));
      }),
    );
    expect([broken.code, broken.file]).toEqual(['corrupt', 'lm.bin']);
    expect(broken.message).toMatch(/lm\.bin: 8 bytes, but 9 contexts need 332/);
  });

  it('reports parts that disagree with model.json', async () => {
    const renamed = await failure(copyBundle((f) => rewriteJson(f, (j) => (j.files.encoder.inputs.features = 'mel'))));
    expect([renamed.code, renamed.file]).toEqual(['incompatible', 'encoder.onnx']);
    expect(renamed.message).toMatch(/no input "mel"/);
    const resized = await failure(copyBundle((f) => rewriteJson(f, (j) => (j.architecture.heads = 4))));
    expect(resized.code).toBe('incompatible');
    expect(resized.message).toMatch(/self_keys/);
  });
});

describe('loading over URLs', () => {
  it('fetches model.json and the parts relative to the base URL', async () => {
    const requested: string[] = [];
    const fetchFile = async (url: string) => {
      requested.push(url);
      const name = url.replace('app://workbench/models/default/', '');
      try {
        const bytes = readFileSync(path.join(TINY, name));
        return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
      } catch {
        return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
      }
    };
    const bundle = await loadBundle(urlBundleReader('app://workbench/models/default', fetchFile));
    expect(requested[0]).toBe('app://workbench/models/default/model.json');
    expect(Object.keys(bundle.parts).sort()).toEqual(['atMemory', 'atStep', 'encoder', 'nat']);
    const missing = urlBundleReader('http://x/models/none/', async () => ({ ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) }));
    await expect(loadBundle(missing)).rejects.toMatchObject({ code: 'missing-file', file: 'model.json' });
  });
});
