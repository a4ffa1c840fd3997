// The messages between the page and the core's Web Worker, and the page-side client. Kept apart
// from worker.ts (the worker side) so the page bundle does not pull in onnxruntime-web: everything
// imported here is a type.

import type { BackendChoice, BackendName } from './backend';
import type { AttentionWindow, ModelConfig } from './bundle';
import type { DecodeOptions } from './decoding';
import type { LivePartial, LivePartialOptions } from './live';
import type { Recognition, RecogniseOptions } from './recogniser';

export type CoreRequest =
  | { id: number; type: 'load'; bundleUrl: string; backend?: BackendChoice; wasmPaths?: string; numThreads?: number }
  | { id: number; type: 'recognise'; features: Float32Array; nFrames: number; options: RecogniseOptions }
  | { id: number; type: 'live-start'; window?: AttentionWindow; partials?: LivePartialOptions }
  | { id: number; type: 'live-push'; features: Float32Array; nFrames: number }
  | { id: number; type: 'live-finish'; options: DecodeOptions }
  | { id: number; type: 'release' };

export interface LoadedModel {
  backend: BackendName;
  /** model.json as the worker read and checked it: the page needs no second read. */
  config: ModelConfig;
  fallbackReason: string | undefined;
  card: Record<string, unknown>;
  parameters: number;
  streamingWindow: AttentionWindow;
  tokens: readonly string[];
}

export interface CoreErrorData {
  name: string;
  message: string;
  code?: string;
  file?: string;
}

export type CoreResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: CoreErrorData }
  | { type: 'backend-change'; backend: BackendName; reason: string };

/** The slice of a Worker global scope / MessagePort used here. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export class CoreError extends Error {
  readonly code: string | undefined;
  readonly file: string | undefined;
  constructor(data: CoreErrorData) {
    super(data.message);
    this.name = data.name;
    this.code = data.code;
    this.file = data.file;
  }
}

/** The page side: promise-returning calls over a Worker (or any port served by serveCore). */
export function createCoreClient(port: PortLike, onBackendChange?: (backend: BackendName, reason: string) => void) {
  let next = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  port.onmessage = (event) => {
    const response = event.data as CoreResponse;
    if ('type' in response) return onBackendChange?.(response.backend, response.reason);
    const waiting = pending.get(response.id);
    pending.delete(response.id);
    if (response.ok) waiting?.resolve(response.result);
    else waiting?.reject(new CoreError(response.error));
  };
  type Body<T extends CoreRequest['type']> = Omit<Extract<CoreRequest, { type: T }>, 'id' | 'type'>;
  const call = <T>(type: CoreRequest['type'], body: object, transfer: Transferable[] = []) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port.postMessage({ id, type, ...body }, transfer);
    });
  return {
    load: (body: Body<'load'>) => call<LoadedModel>('load', body),
    /** The features' buffer is transferred (the caller's copy becomes empty). */
    recognise: (body: Body<'recognise'>) => call<Recognition>('recognise', body, [body.features.buffer as ArrayBuffer]),
    liveStart: (body: Body<'live-start'> = {}) => call<LivePartial>('live-start', body),
    livePush: (body: Body<'live-push'>) => call<LivePartial>('live-push', body),
    liveFinish: (body: Body<'live-finish'>) => call<Recognition>('live-finish', body),
    release: () => call<void>('release', {}),
  };
}

export type CoreClient = ReturnType<typeof createCoreClient>;
