// Which inference backend this machine offers, detected at run time: a WebGPU adapter when the
// browser exposes one, else WebAssembly (multi-threaded only when the page is cross-origin isolated).

/** The slice of the WebGPU API used here (TypeScript's DOM lib does not declare navigator.gpu). */
export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}
export interface AdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
}

export interface BackendInfo {
  kind: 'webgpu' | 'wasm';
  /** Shown in the status bar: "WebGPU · <adapter name>" or "WASM · …". */
  label: string;
  adapterName?: string;
  /** Whether multi-threaded WASM can run (needs SharedArrayBuffer, i.e. cross-origin isolation). */
  wasmThreads: boolean;
}

export interface BackendEnvironment {
  gpu: GpuLike | undefined;
  crossOriginIsolated: boolean;
  /** How long to wait for the adapter before settling for WASM. */
  timeoutMs?: number;
}

export function adapterName(adapter: AdapterLike): string {
  const info = adapter.info ?? {};
  const name = info.description?.trim() || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ').trim();
  return name || 'unnamed adapter';
}

export async function detectBackend(env: BackendEnvironment): Promise<BackendInfo> {
  const wasmThreads = env.crossOriginIsolated;
  const wasm: BackendInfo = { kind: 'wasm', label: `WASM · ${wasmThreads ? 'multi-threaded' : 'single-threaded'}`, wasmThreads };
  if (!env.gpu) return wasm;
  try {
    const adapter = await Promise.race([
      env.gpu.requestAdapter(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), env.timeoutMs ?? 5000)),
    ]);
    if (!adapter) return wasm;
    const name = adapterName(adapter);
    return { kind: 'webgpu', label: `WebGPU · ${name}`, adapterName: name, wasmThreads };
  } catch {
    return wasm;
  }
}

export function detectBrowserBackend(): Promise<BackendInfo> {
  return detectBackend({
    gpu: (navigator as Navigator & { gpu?: GpuLike }).gpu,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  });
}
