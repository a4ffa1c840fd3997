// The page's handle on the inference worker: core's supervised client over the module worker Vite
// builds (a crashed or hung worker is replaced, the model reloaded and the interrupted job sent
// again), loading a bundle from /models/<name>/ with onnxruntime-web's files from /ort/, and
// reporting which backend runs (and any fallback or restart) so the status bar can say so.
import type { BackendChoice, BackendName } from '../../core/backend';
import type { LoadedModel } from '../../core/worker-protocol';
import { createSupervisedCoreClient, type SupervisedCoreClient, type WorkerLike } from '../../core/worker-supervisor';

export type { LoadedModel };
export type CoreClient = SupervisedCoreClient;

export interface EngineEvents {
  onBackendChange(backend: BackendName, reason: string): void;
  onRestart(reason: string, restarts: number): void;
}

/** A request running longer than this is a hung worker (long files are cut into ≤ 20 s segments). */
const WATCHDOG_MS = 180_000;

export class CoreEngine {
  readonly client: CoreClient;

  constructor(events: EngineEvents) {
    const spawn = () => new Worker(new URL('./core.worker.ts', import.meta.url), { type: 'module', name: 'inference' }) as unknown as WorkerLike;
    this.client = createSupervisedCoreClient(spawn, { onBackendChange: events.onBackendChange, onRestart: events.onRestart, watchdogMs: WATCHDOG_MS });
  }

  load(bundle: string, backend: BackendChoice): Promise<LoadedModel> {
    // Multi-threaded WASM needs cross-origin isolation (the app's origin sends COOP/COEP).
    const threads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
    return this.client.load({ bundleUrl: bundleUrl(bundle), backend, wasmPaths: '/ort/', numThreads: threads });
  }

  dispose(): void {
    this.client.dispose();
  }
}

export function bundleUrl(bundle: string): string {
  return new URL(`/models/${encodeURIComponent(bundle)}/`, location.href).href;
}
