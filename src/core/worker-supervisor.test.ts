// The worker supervisor against a fake Worker that can die: an uncaught error, a WebAssembly trap, a
// hang. Each fake answers the core's protocol (src/core/worker.ts) the way serveCore does. Last, the
// real core behind a MessageChannel, killed mid-job, with the tiny bundle loaded over HTTP.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readFloat32File } from '../cli/folder-bundle-reader';
import { serveCore, type CoreRequest, type CoreResponse, type PortLike } from './worker';
import { createSupervisedCoreClient, WORKER_CRASHED, type WorkerLike } from './worker-supervisor';

type Reply = { result: unknown } | { error: { name: string; message: string } } | 'die' | 'hang';

/** A fake inference worker; `script` decides each reply from the request and the worker's number. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  terminated = false;
  loaded: string | undefined;
  readonly received: CoreRequest[] = [];

  constructor(
    readonly number: number,
    private readonly script: (request: CoreRequest, worker: FakeWorker) => Reply,
  ) {}

  postMessage(message: unknown): void {
    const request = message as CoreRequest;
    this.received.push(request);
    if (this.terminated) return;
    const reply = request.type === 'load' ? ((this.loaded = request.bundleUrl), { result: { backend: 'wasm' } }) : this.script(request, this);
    if (reply === 'hang') return;
    setTimeout(() => {
      if (this.terminated) return;
      if (reply === 'die') return this.onerror?.({ message: 'Uncaught RangeError: Array buffer allocation failed' });
      const response: CoreResponse = 'result' in reply ? { id: request.id, ok: true, result: reply.result } : { id: request.id, ok: false, error: reply.error };
      this.onmessage?.({ data: response });
    }, 1);
  }

  terminate(): void {
    this.terminated = true;
  }
}

function supervised(script: (request: CoreRequest, worker: FakeWorker) => Reply, watchdogMs?: number) {
  const workers: FakeWorker[] = [];
  const restarts: string[] = [];
  const client = createSupervisedCoreClient(
    () => {
      const worker = new FakeWorker(workers.length + 1, script);
      workers.push(worker);
      return worker;
    },
    { onRestart: (reason) => restarts.push(reason), ...(watchdogMs === undefined ? {} : { watchdogMs }) },
  );
  return { client, workers, restarts };
}

const features = () => new Float32Array([1, 2, 3, 4]);
const recognise = (client: ReturnType<typeof supervised>['client'], tag: number) =>
  client.recognise({ features: features().map((x) => x * tag), nFrames: 1, options: { decoder: 'ctc' } });

/** Echoes the first feature value, so a reply shows which request (and which copy of it) it answers. */
const echo = (request: CoreRequest, worker: FakeWorker): Reply =>
  request.type === 'recognise' ? { result: { first: request.features[0], length: request.features.length, worker: worker.number, model: worker.loaded } } : { result: undefined };

describe('worker supervisor', () => {
  it('restarts a worker that dies mid-job, loads the model again and retries the job once', async () => {
    const { client, workers, restarts } = supervised((request, worker) => (worker.number === 1 && request.type === 'recognise' ? 'die' : echo(request, worker)));
    await client.load({ bundleUrl: '/models/default/' });
    const result = await recognise(client, 7);
    expect(result).toEqual({ first: 7, length: 4, worker: 2, model: '/models/default/' });
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.received.map((r) => r.type)).toEqual(['load', 'recognise']);
    expect(restarts).toEqual(['the worker failed (Uncaught RangeError: Array buffer allocation failed)']);
    expect(client.restarts).toBe(1);
  });

  it('gives a clear error when the job kills the worker twice, and the next job still runs', async () => {
    // Features starting with 666 crash every worker: a poison file in a batch.
    const { client, workers } = supervised((request, worker) => (request.type === 'recognise' && request.features[0] === 666 ? 'die' : echo(request, worker)));
    await client.load({ bundleUrl: '/models/default/' });
    const batch = await Promise.allSettled([recognise(client, 1), recognise(client, 666), recognise(client, 2)]);
    expect(batch[0]).toMatchObject({ status: 'fulfilled', value: { first: 1 } });
    expect(batch[1]).toMatchObject({ status: 'rejected', reason: { name: 'WorkerCrashedError', code: WORKER_CRASHED } });
    expect((batch[1] as PromiseRejectedResult).reason.message).toMatch(/^Transcription failed: the inference worker crashed 2 times on this job \(last: the worker failed/);
    expect(batch[2]).toMatchObject({ status: 'fulfilled', value: { first: 2, model: '/models/default/' } });
    // one retry, not a crash loop: two deaths, so three workers, the last one alive with the model
    expect(workers).toHaveLength(3);
    expect(workers.map((w) => w.terminated)).toEqual([true, true, false]);
    await expect(recognise(client, 3)).resolves.toMatchObject({ first: 3, worker: 3 });
  });

  it('treats a WebAssembly trap reported by the worker as a crash', async () => {
    let traps = 1;
    const { client, workers } = supervised((request, worker) =>
      request.type === 'recognise' && traps-- > 0 ? { error: { name: 'RuntimeError', message: 'memory access out of bounds' } } : echo(request, worker),
    );
    await client.load({ bundleUrl: '/m/' });
    await expect(recognise(client, 5)).resolves.toMatchObject({ first: 5, worker: 2 });
    expect(workers).toHaveLength(2);
  });

  it('passes ordinary errors through without restarting', async () => {
    const { client, workers } = supervised(() => ({ error: { name: 'Error', message: 'features have 79 columns, the model wants 80' } }));
    await client.load({ bundleUrl: '/m/' });
    await expect(recognise(client, 1)).rejects.toThrow('features have 79 columns, the model wants 80');
    expect(workers).toHaveLength(1);
  });

  it('restarts a hung worker after the watchdog time', async () => {
    const { client, workers, restarts } = supervised((request, worker) => (worker.number === 1 && request.type === 'recognise' ? 'hang' : echo(request, worker)), 40);
    await client.load({ bundleUrl: '/m/' });
    await expect(recognise(client, 9)).resolves.toMatchObject({ first: 9, worker: 2 });
    expect(restarts).toEqual(['no answer within 40 ms']);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('does not replay live requests on a fresh worker: they fail clearly and the next session works', async () => {
    const { client } = supervised((request, worker) => (worker.number === 1 && request.type === 'live-push' ? 'die' : echo(request, worker)));
    await client.load({ bundleUrl: '/m/' });
    await client.liveStart();
    const error = await client.livePush({ features: features(), nFrames: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: WORKER_CRASHED, message: expect.stringMatching(/^Live transcription failed: .*live session was lost/) });
    await expect(recognise(client, 4)).resolves.toMatchObject({ first: 4, worker: 2, model: '/m/' });
  });

  it('fails every waiting job with the reason when the model does not load on the fresh worker', async () => {
    let loads = 0;
    const workers: FakeWorker[] = [];
    const client = createSupervisedCoreClient(() => {
      const worker = new FakeWorker(workers.length + 1, (request, w) => (w.number === 1 ? 'die' : echo(request, w)));
      // the second load (on the fresh worker) fails: the bundle vanished from disk meanwhile
      worker.postMessage = function (this: FakeWorker, message: unknown) {
        const request = message as CoreRequest;
        if (request.type === 'load' && ++loads === 2) {
          setTimeout(() => this.onmessage?.({ data: { id: request.id, ok: false, error: { name: 'BundleError', message: 'model.json is missing' } } }), 1);
          return;
        }
        FakeWorker.prototype.postMessage.call(this, message);
      };
      workers.push(worker);
      return worker;
    });
    await client.load({ bundleUrl: '/m/' });
    await expect(recognise(client, 1)).rejects.toThrow(/restarted but the model did not load again \(model\.json is missing\)/);
  });

  it('rejects calls after dispose and terminates the worker', async () => {
    const { client, workers } = supervised(echo);
    await client.load({ bundleUrl: '/m/' });
    const pending = recognise(client, 1);
    client.dispose();
    await expect(pending).rejects.toMatchObject({ code: WORKER_CRASHED });
    await expect(recognise(client, 2)).rejects.toThrow(/shut down/);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('keeps the caller’s features (a copy is transferred)', async () => {
    const post = vi.fn();
    const client = createSupervisedCoreClient(() => ({ onmessage: null, onerror: null, postMessage: post, terminate: () => {} }));
    const mine = features();
    const pending = client.recognise({ features: mine, nFrames: 1, options: { decoder: 'ctc' } }).catch((e: unknown) => e);
    const [message, transfer] = post.mock.calls[0]! as [{ features: Float32Array }, ArrayBuffer[]];
    expect(transfer).toEqual([message.features.buffer]);
    expect(message.features).not.toBe(mine);
    expect([...mine]).toEqual([1, 2, 3, 4]);
    client.dispose();
    await expect(pending).resolves.toMatchObject({ code: WORKER_CRASHED });
  });
});

describe('worker supervisor around the real core', () => {
  it('a worker killed in the middle of a recognition: a fresh core loads the bundle again and gives the same result', async () => {
    const here = import.meta.dirname;
    const server = http.createServer(async (request, response) => {
      const name = /^\/models\/default\/([\w.]+)$/.exec(request.url ?? '')?.[1];
      const body = name ? await readFile(path.join(here, 'fixtures/tiny-bundle', name)).catch(() => undefined) : undefined;
      response.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const bundleUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/models/default/`;

    /** A Worker stand-in: serveCore on the far end of a MessageChannel; kill() drops it like a crashed worker. */
    const workers: { kill(): void; requests: string[] }[] = [];
    const spawn = (): WorkerLike => {
      const channel = new MessageChannel();
      serveCore(channel.port1 as unknown as PortLike);
      const requests: string[] = [];
      const worker: WorkerLike & { kill(): void; requests: string[] } = {
        onmessage: null,
        onerror: null,
        requests,
        postMessage(message, transfer) {
          requests.push((message as CoreRequest).type);
          channel.port2.postMessage(message, (transfer ?? []) as never);
        },
        terminate() {
          channel.port1.close();
          channel.port2.close();
        },
        kill() {
          worker.terminate();
          worker.onerror?.({ message: 'the worker ran out of memory' });
        },
      };
      channel.port2.onmessage = (event) => worker.onmessage?.({ data: event.data });
      workers.push(worker);
      return worker;
    };

    const client = createSupervisedCoreClient(spawn);
    try {
      await client.load({ bundleUrl, backend: 'wasm', numThreads: 1 });
      const features = await readFloat32File(path.join(here, 'fixtures/tiny-reference/espeak-2.features.f32'));
      const options = { decoder: 'ctc' as const, window: { left: 16, right: 2 } };
      const expected = await client.recognise({ features, nFrames: features.length / 80, options });

      const retried = client.recognise({ features, nFrames: features.length / 80, options });
      workers[0]!.kill(); // the recognition was sent and is running
      const got = await retried;
      expect(got.decoded.text).toBe(expected.decoded.text);
      expect(workers).toHaveLength(2);
      expect(workers[1]!.requests).toEqual(['load', 'recognise']);
      expect(client.restarts).toBe(1);
    } finally {
      client.dispose();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
