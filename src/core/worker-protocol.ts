// The messages between the page and the core's Web Worker (the page's client is the supervised one,
// worker-supervisor.ts). Kept apart from worker.ts (the worker side) so the page bundle does not pull in onnxruntime-web: everything
// imported here is a type.

import type { BackendChoice, BackendName } from './backend';
import type { AttentionWindow, ModelConfig } from './bundle';
import type { DecodeOptions } from './decoding';
import type { LivePartial, LivePartialOptions } from './live';
import type { Recognition, RecogniseOptions } from './recogniser';

export type CoreRequest =
  | { id: number; type: 'load'; bundleUrl: string; backend?: BackendChoice; wasmPaths?: string; numThreads?: number }
  /** With options.trace the recognition's decoded.trace (trace.ts: plain data) comes back with it; without, none is recorded. */
  | { id: number; type: 'recognise'; features: Float32Array; nFrames: number; options: RecogniseOptions }
  | { id: number; type: 'live-start'; window?: AttentionWindow; partials?: LivePartialOptions }
  | { id: number; type: 'live-push'; features: Float32Array; nFrames: number }
  | { id: number; type: 'live-finish'; options: DecodeOptions }
  /** The utterance the last live-finish ended, decoded again with a (slower) decoder. */
  | { id: number; type: 'live-refine'; options: DecodeOptions }
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
