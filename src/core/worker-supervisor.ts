// A supervisor around the inference worker: when the worker dies (an uncaught error, a WebAssembly
// trap, or a request that runs past the watchdog), it is terminated and a fresh one started, the model
// loaded again, and each interrupted job sent once more. A job that the worker dies on twice is
// rejected with a clear 'worker-crashed' error, and the next job gets a fresh worker, so one bad file
// never stops a batch. Live sessions keep their state inside the worker, so a live request that was
// interrupted is not replayed: it fails with 'worker-crashed' (the page starts a new live session).
//
// The page's client of the core's worker (src/core/worker.ts); the page passes a function that starts a Worker.

import type { BackendName } from './backend';
import { CoreError, type CoreErrorData, type CoreRequest, type CoreResponse, type LoadedModel, type PortLike } from './worker-protocol';
import type { LivePartial } from './live';
import type { Recognition } from './recogniser';

/** The slice of a Worker used here: a message port that can fail and be terminated. */
export interface WorkerLike extends PortLike {
  onerror: ((event: unknown) => void) | null;
  onmessageerror?: ((event: unknown) => void) | null;
  terminate(): void;
}

export interface SupervisorOptions {
  onBackendChange?: (backend: BackendName, reason: string) => void;
  /** Told each time a dead worker is replaced (for the status bar / log). */
  onRestart?: (reason: string, restarts: number) => void;
  /** A request running longer than this (ms) counts as a hung worker. Default: no watchdog. */
  watchdogMs?: number;
  /** Times a job is sent again after its worker died. Default 1. */
  retries?: number;
}

type RequestType = CoreRequest['type'];
type Body<T extends RequestType> = Omit<Extract<CoreRequest, { id: number; type: T }>, 'id' | 'type'>;

interface Job {
  type: RequestType;
  body: Record<string, unknown>;
  /** Workers that died while this job was the one running. */
  crashes: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Live requests depend on state inside the worker; replaying them on a fresh worker would be wrong. */
const REPLAYABLE: ReadonlySet<RequestType> = new Set(['load', 'recognise', 'release']);

/** The name a WebAssembly trap carries (unreachable, out of bounds): the worker's runtime is broken. */
const FATAL_ERROR_NAMES: ReadonlySet<string> = new Set(['RuntimeError']);

export const WORKER_CRASHED = 'worker-crashed';

export function createSupervisedCoreClient(spawn: () => WorkerLike, options: SupervisorOptions = {}) {
  const retries = options.retries ?? 1;
  let worker: WorkerLike | undefined;
  let generation = 0;
  let next = 1;
  let restarts = 0;
  let disposed = false;
  /** The last successful load, replayed on a fresh worker before anything else. */
  let lastLoad: Body<'load'> | undefined;
  /** Jobs sent to the current worker, by request id. */
  const inFlight = new Map<number, Job>();
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  const start = () => {
    const current = spawn();
    const mine = ++generation;
    worker = current;
    current.onmessage = (event) => {
      if (mine === generation) onResponse(event.data as CoreResponse);
    };
    current.onerror = (event) => {
      if (mine === generation) crashed(`the worker failed (${describeEvent(event)})`);
    };
    current.onmessageerror = () => {
      if (mine === generation) crashed('a message from the worker could not be read');
    };
    return current;
  };

  const ensureWorker = () => worker ?? start();

  const armWatchdog = () => {
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = undefined;
    if (options.watchdogMs === undefined || inFlight.size === 0) return;
    watchdog = setTimeout(() => crashed(`no answer within ${options.watchdogMs} ms`), options.watchdogMs);
  };

  const send = (job: Job) => {
    const id = next++;
    inFlight.set(id, job);
    const body = { ...job.body };
    const transfer: Transferable[] = [];
    if (job.type === 'recognise' || job.type === 'live-push') {
      // Send a copy and transfer that: the original stays here in case the job must be sent again.
      const features = (job.body['features'] as Float32Array).slice();
      body['features'] = features;
      transfer.push(features.buffer);
    }
    ensureWorker().postMessage({ id, type: job.type, ...body }, transfer);
    armWatchdog();
  };

  const onResponse = (response: CoreResponse) => {
    if ('type' in response) {
      options.onBackendChange?.(response.backend, response.reason);
      return;
    }
    const job = inFlight.get(response.id);
    if (!job) return;
    if (!response.ok && FATAL_ERROR_NAMES.has(response.error.name)) {
      crashed(`${response.error.name}: ${response.error.message}`);
      return;
    }
    inFlight.delete(response.id);
    armWatchdog();
    if (response.ok) {
      if (job.type === 'load') lastLoad = job.body as Body<'load'>;
      if (job.type === 'release') lastLoad = undefined;
      job.resolve(response.result);
    } else {
      job.reject(new CoreError(response.error));
    }
  };

  const crashed = (reason: string) => {
    if (watchdog !== undefined) clearTimeout(watchdog);
    watchdog = undefined;
    const dead = worker;
    worker = undefined;
    generation++;
    try {
      dead?.terminate();
    } catch {
      // already gone
    }
    const interrupted = [...inFlight.entries()].sort(([a], [b]) => a - b).map(([, job]) => job);
    inFlight.clear();
    // The worker answers one request at a time, in order: the oldest was running, the rest only waited.
    if (interrupted[0]) interrupted[0].crashes++;
    if (disposed) return;
    restarts++;
    options.onRestart?.(reason, restarts);

    const again = interrupted.filter((job) => {
      if (!REPLAYABLE.has(job.type)) {
        job.reject(crashError(job.type, `the inference worker stopped (${reason}); the live session was lost: start it again`));
        return false;
      }
      if (job.crashes > retries) {
        job.reject(crashError(job.type, `the inference worker crashed ${job.crashes} times on this job (last: ${reason}); it was not completed`));
        return false;
      }
      return true;
    });
    // A fresh worker has no model: load the last one first, unless a load is among the retried jobs.
    const reload = lastLoad !== undefined && !again.some((job) => job.type === 'load');
    if (again.length === 0 && !reload) return; // started lazily by the next call
    start();
    if (reload) {
      const body = lastLoad!;
      send({
        type: 'load',
        body,
        crashes: 0,
        resolve: () => undefined,
        // The model no longer loads on a fresh worker: every job waiting on it fails with that reason.
        reject: (error) => {
          for (const [id, job] of [...inFlight.entries()]) {
            if (job.type === 'load') continue;
            inFlight.delete(id);
            job.reject(crashError(job.type, `the inference worker was restarted but the model did not load again (${error.message})`));
          }
        },
      });
    }
    for (const job of again) send(job);
  };

  const call = <T>(type: RequestType, body: object): Promise<T> => {
    if (disposed) return Promise.reject(crashError(type, 'the inference worker has been shut down'));
    return new Promise<T>((resolve, reject) => {
      send({ type, body: body as Record<string, unknown>, crashes: 0, resolve: resolve as (value: unknown) => void, reject });
    });
  };

  return {
    load: (body: Body<'load'>) => call<LoadedModel>('load', body),
    /** The caller's features are not transferred (a copy is, so a retry can resend). */
    recognise: (body: Body<'recognise'>) => call<Recognition>('recognise', body),
    liveStart: (body: Body<'live-start'> = {}) => call<LivePartial>('live-start', body),
    livePush: (body: Body<'live-push'>) => call<LivePartial>('live-push', body),
    liveFinish: (body: Body<'live-finish'>) => call<Recognition>('live-finish', body),
    liveRefine: (body: Body<'live-refine'>) => call<Recognition>('live-refine', body),
    release: () => call<void>('release', {}),
    /** Workers replaced so far. */
    get restarts() {
      return restarts;
    },
    /** Terminates the worker; pending and later calls fail. */
    dispose() {
      disposed = true;
      if (watchdog !== undefined) clearTimeout(watchdog);
      const pending = [...inFlight.values()];
      inFlight.clear();
      worker?.terminate();
      worker = undefined;
      generation++;
      for (const job of pending) job.reject(crashError(job.type, 'the inference worker has been shut down'));
    },
  };
}

export type SupervisedCoreClient = ReturnType<typeof createSupervisedCoreClient>;

function crashError(type: RequestType, detail: string): CoreError {
  const data: CoreErrorData = { name: 'WorkerCrashedError', code: WORKER_CRASHED, message: `${describeJob(type)} failed: ${detail}` };
  return new CoreError(data);
}

function describeJob(type: RequestType): string {
  switch (type) {
    case 'load':
      return 'Loading the model';
    case 'recognise':
      return 'Transcription';
    case 'release':
      return 'Releasing the model';
    default:
      return 'Live transcription';
  }
}

function describeEvent(event: unknown): string {
  if (event && typeof event === 'object') {
    const { message, error } = event as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message) return message;
    if (error instanceof Error) return error.message;
  }
  return event instanceof Error ? event.message : 'no reason given';
}
