// The core behind a message port: what the renderer's Web Worker runs (`serveCore(self)`), with
// createCoreClient() as the page-side half. Requests carry an id; each gets one response; float
// arrays travel as transferables. Errors keep their name, code and file so the UI can show them.

import { configureOnnxRuntime, type BackendChoice, type BackendName } from './backend';
import { BundleError, describe, urlBundleReader, type AttentionWindow } from './bundle';
import type { DecodeOptions } from './decoding';
import { LiveTranscriber, type LivePartial } from './live';
import { Recogniser, type Recognition, type RecogniseOptions } from './recogniser';

export type CoreRequest =
  | { id: number; type: 'load'; bundleUrl: string; backend?: BackendChoice; wasmPaths?: string; numThreads?: number }
  | { id: number; type: 'recognise'; features: Float32Array; nFrames: number; options: RecogniseOptions }
  | { id: number; type: 'live-start'; window?: AttentionWindow }
  | { id: number; type: 'live-push'; features: Float32Array; nFrames: number }
  | { id: number; type: 'live-finish'; options: DecodeOptions }
  | { id: number; type: 'release' };

export interface LoadedModel {
  backend: BackendName;
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

export function serveCore(port: PortLike): void {
  let recogniser: Recogniser | undefined;
  let live: LiveTranscriber | undefined;
  const loaded = () => {
    if (!recogniser) throw new Error('no model is loaded: send a load request first');
    return recogniser;
  };

  const handle = async (request: CoreRequest): Promise<[unknown, Transferable[]]> => {
    switch (request.type) {
      case 'load': {
        configureOnnxRuntime({
          ...(request.wasmPaths === undefined ? {} : { wasmPaths: request.wasmPaths }),
          ...(request.numThreads === undefined ? {} : { numThreads: request.numThreads }),
        });
        await recogniser?.release();
        recogniser = undefined;
        recogniser = await Recogniser.load(urlBundleReader(request.bundleUrl), {
          backend: request.backend ?? 'auto',
          onBackendChange: (backend, reason) => port.postMessage({ type: 'backend-change', backend, reason } satisfies CoreResponse),
        });
        const model: LoadedModel = {
          backend: recogniser.backend,
          fallbackReason: recogniser.runtime.fallbackReason,
          card: recogniser.config.card,
          parameters: recogniser.config.architecture.parameters,
          streamingWindow: recogniser.streamingWindow,
          tokens: recogniser.config.tokens.list,
        };
        return [model, []];
      }
      case 'recognise': {
        const recognition = await loaded().recognise(request.features, request.nFrames, request.options);
        return [recognition, transferables(recognition)];
      }
      case 'live-start':
        live = new LiveTranscriber(loaded(), request.window);
        return [live.partial(), []];
      case 'live-push': {
        if (!live) throw new Error('no live transcription: send live-start first');
        const partial: LivePartial = await live.push(request.features, request.nFrames);
        return [partial, []];
      }
      case 'live-finish': {
        if (!live) throw new Error('no live transcription: send live-start first');
        const recognition = await live.finish(request.options);
        live = undefined;
        return [recognition, transferables(recognition)];
      }
      case 'release':
        await recogniser?.release();
        recogniser = undefined;
        live = undefined;
        return [undefined, []];
    }
  };

  // One request at a time, in order: sessions are not re-entrant and live chunks must stay ordered.
  let queue: Promise<void> = Promise.resolve();
  port.onmessage = (event) => {
    const request = event.data as CoreRequest;
    queue = queue.then(async () => {
      try {
        const [result, transfer] = await handle(request);
        port.postMessage({ id: request.id, ok: true, result } satisfies CoreResponse, transfer);
      } catch (error) {
        port.postMessage({ id: request.id, ok: false, error: errorData(error) } satisfies CoreResponse);
      }
    });
  };
}

function errorData(error: unknown): CoreErrorData {
  if (error instanceof BundleError) return { name: error.name, message: error.message, code: error.code, ...(error.file ? { file: error.file } : {}) };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: describe(error) };
}

function transferables(recognition: Recognition): Transferable[] {
  const arrays = [recognition.encoder.encoded, recognition.encoder.ctcLogProbs, recognition.encoder.selfAttention, recognition.decoded.attention.data];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer && a.byteLength > 0) buffers.add(a.buffer);
  return [...buffers];
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
