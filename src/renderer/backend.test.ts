import { describe, expect, it } from 'vitest';
import { adapterName, detectBackend, type AdapterLike } from './backend';

const gpuWith = (adapter: AdapterLike | null | Promise<never>) => ({ requestAdapter: () => Promise.resolve(adapter) });

describe('detectBackend', () => {
  it('reports WebGPU with the adapter description', async () => {
    const info = await detectBackend({
      gpu: gpuWith({ info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' } }),
      crossOriginIsolated: true,
    });
    expect(info).toEqual({
      kind: 'webgpu',
      label: 'WebGPU · SwiftShader Device (Subzero)',
      adapterName: 'SwiftShader Device (Subzero)',
      wasmThreads: true,
    });
  });

  it('names the adapter from vendor and architecture when there is no description', () => {
    expect(adapterName({ info: { vendor: 'nvidia', architecture: 'ampere', description: '' } })).toBe('nvidia ampere');
    expect(adapterName({})).toBe('unnamed adapter');
  });

  it('falls back to WASM without navigator.gpu, without an adapter, on error and on timeout', async () => {
    const hanging = { requestAdapter: () => new Promise<null>(() => {}) };
    const failing = { requestAdapter: () => Promise.reject(new Error('GPU process crashed')) };
    for (const gpu of [undefined, gpuWith(null), failing, hanging]) {
      const info = await detectBackend({ gpu, crossOriginIsolated: false, timeoutMs: 20 });
      expect(info).toEqual({ kind: 'wasm', label: 'WASM · single-threaded', wasmThreads: false });
    }
  });

  it('says whether WASM can use threads', async () => {
    const info = await detectBackend({ gpu: undefined, crossOriginIsolated: true });
    expect(info.label).toBe('WASM · multi-threaded');
  });
});
