// The core behind a message port: what the renderer's Web Worker runs (`serveCore(self)`), with
// createSupervisedCoreClient() (worker-supervisor.ts) as the page-side half. Requests carry an id; each gets one
// response; float arrays travel as transferables. Errors keep their name, code and file so the UI can show them.

import { configureOnnxRuntime } from './backend';
import { BundleError, describe, urlBundleReader } from './bundle';
import { LiveTranscriber, type LivePartial } from './live';
import { Recogniser, type Recognition } from './recogniser';
import type { CoreErrorData, CoreRequest, CoreResponse, LoadedModel, PortLike } from './worker-protocol';

export { CoreError, type CoreErrorData, type CoreRequest, type CoreResponse, type LoadedModel, type PortLike } from './worker-protocol';

export function serveCore(port: PortLike): void {
  let recogniser: Recogniser | undefined;
  let live: LiveTranscriber | undefined;
  /** The last utterance live-finish ended, kept for live-refine. */
  let finished: LiveTranscriber | undefined;
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
        finished = undefined;
        recogniser = await Recogniser.load(urlBundleReader(request.bundleUrl), {
          backend: request.backend ?? 'auto',
          onBackendChange: (backend, reason) => port.postMessage({ type: 'backend-change', backend, reason } satisfies CoreResponse),
        });
        const model: LoadedModel = {
          backend: recogniser.backend,
          config: recogniser.config,
          fallbackReason: recogniser.runtime.fallbackReason,
          card: recogniser.config.card,
          parameters: recogniser.config.architecture.parameters,
          streamingWindow: recogniser.streamingWindow,
          tokens: recogniser.config.tokens.list,
        };
        return [model, []];
      }
      case 'recognise': {
        const recognition = forThePage(await loaded().recognise(request.features, request.nFrames, request.options));
        return [recognition, transferables(recognition)];
      }
      case 'live-start':
        live = new LiveTranscriber(loaded(), request.window, request.partials);
        return [live.partial(), []];
      case 'live-push': {
        if (!live) throw new Error('no live transcription: send live-start first');
        const partial: LivePartial = await live.push(request.features, request.nFrames);
        return [partial, []];
      }
      case 'live-finish': {
        if (!live) throw new Error('no live transcription: send live-start first');
        const recognition = forThePage(await live.finish(request.options));
        finished = live;
        live = undefined;
        return [recognition, transferables(recognition)];
      }
      case 'live-refine': {
        if (!finished) throw new Error('no finished live utterance to refine: send live-finish first');
        const recognition = forThePage(await finished.refine(request.options));
        return [recognition, transferables(recognition)];
      }
      case 'release':
        await recogniser?.release();
        recogniser = undefined;
        live = undefined;
        finished = undefined;
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

/**
 * A recognition as the page uses it: the encoder's output vectors (frames × d_model floats) stay in the
 * worker; the page shows text, times, attention, and keeps the CTC log-probabilities (frames × vocabulary,
 * a fraction of the vectors) with the result, for re-aligning an edit (pipeline.ts, posteriors.ts).
 */
function forThePage(recognition: Recognition): Recognition {
  return { ...recognition, encoder: { ...recognition.encoder, encoded: new Float32Array(0) } };
}

function transferables(recognition: Recognition): Transferable[] {
  // (the CTC log-probabilities are copied, not moved: small, and their buffer may be one the worker still holds)
  const arrays = [recognition.encoder.selfAttention, recognition.decoded.attention.data];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer && a.byteLength > 0) buffers.add(a.buffer);
  return [...buffers];
}
