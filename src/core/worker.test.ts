// The core behind a message port (what the renderer's Web Worker runs), driven by its client over a
// MessageChannel, loading the tiny bundle over HTTP like the app does.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFloat32File } from '../cli/folder-bundle-reader';
import { serveCore, type PortLike } from './worker';
import { createSupervisedCoreClient, type SupervisedCoreClient, type WorkerLike } from './worker-supervisor';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
let server: http.Server;
let baseUrl: string;
let client: SupervisedCoreClient;
let channel: MessageChannel;

beforeAll(async () => {
  server = http.createServer(async (request, response) => {
    try {
      const name = /^\/models\/default\/([\w.]+)$/.exec(request.url ?? '')?.[1];
      if (!name) throw new Error('not found');
      const body = await readFile(path.join(HERE, 'fixtures/tiny-bundle', name));
      response.writeHead(200).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/default/`;
  channel = new MessageChannel();
  serveCore(channel.port1 as unknown as PortLike);
  // The page's own client, over a port in place of a Worker (nothing here dies, so it never restarts one).
  const port = channel.port2;
  client = createSupervisedCoreClient(() => Object.assign(port, { onerror: null, terminate: () => port.close() }) as unknown as WorkerLike);
});

afterAll(async () => {
  await client.release();
  channel.port1.close();
  channel.port2.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('serveCore / the supervised client', () => {
  it('reports errors with their code and file', async () => {
    await expect(client.recognise({ features: new Float32Array(80 * 10), nFrames: 10, options: { decoder: 'ctc' } })).rejects.toThrow(/no model is loaded/);
    await expect(client.load({ bundleUrl: `${baseUrl}nothing-here/`, backend: 'wasm', numThreads: 1 })).rejects.toMatchObject({ name: 'BundleError', code: 'missing-file', file: 'model.json' });
  });

  it('loads over HTTP, recognises, and runs a live session', async () => {
    const model = await client.load({ bundleUrl: baseUrl, backend: 'auto', numThreads: 1 });
    expect(model).toMatchObject({ backend: 'wasm', streamingWindow: { left: 16, right: 2 }, parameters: 53852 });
    expect(model.fallbackReason).toMatch(/not available/);

    const features = await readFloat32File(path.join(HERE, 'fixtures/tiny-reference/espeak-2.features.f32'));
    const nFrames = features.length / 80;
    const recognition = await client.recognise({ features: features.slice(), nFrames, options: { decoder: 'at', window: { left: 16, right: 2 } } });
    expect(recognition.decoded.text).toBe('awokawocimyxtjxtjximyximyfimyfimyfimawocimyximawoawo');
    expect(recognition.decoded.attention.data).toBeInstanceOf(Float32Array);
    // The CTC log-probabilities come back (results keep them, to re-align edits); the encoder's vectors do not.
    expect(recognition.encoder.ctcLogProbs.length).toBe(recognition.encoder.frames * recognition.encoder.vocabulary);
    expect(recognition.encoder.frames).toBeGreaterThan(0);
    expect(recognition.encoder.encoded.length).toBe(0);
    expect(recognition.stats.backend).toBe('wasm');

    await client.liveStart({ window: { left: 16, right: 2 } });
    for (let start = 0; start < nFrames; start += 32) await client.livePush({ features: features.slice(start * 80, Math.min(nFrames, start + 32) * 80), nFrames: Math.min(32, nFrames - start) });
    const final = await client.liveFinish({ options: { decoder: 'ctc' } });
    expect(final.decoded.text).toBe('djdid');
  });

  it('sends a trace back with the recognition only when the options ask for one (the decoding explorer)', async () => {
    const features = await readFloat32File(path.join(HERE, 'fixtures/tiny-reference/espeak-2.features.f32'));
    const nFrames = features.length / 80;
    const plain = await client.recognise({ features: features.slice(), nFrames, options: { decoder: 'at', beam: 2 } });
    expect(plain.decoded.trace).toBeUndefined();
    const traced = await client.recognise({ features: features.slice(), nFrames, options: { decoder: 'at', beam: 2, trace: true } });
    // Tracing changes nothing the decoder returns, and the trace's best ended hypothesis is the result.
    expect(traced.decoded.text).toBe(plain.decoded.text);
    const trace = traced.decoded.trace!;
    expect(trace.kind).toBe('at');
    if (trace.kind !== 'at') return;
    expect(trace.beam).toBe(2);
    expect(trace.nBest[0]!.text).toBe(traced.decoded.text);
    expect(trace.steps.length).toBeGreaterThan(1);
    expect(trace.steps[0]!.hypotheses[0]!.next.length).toBeGreaterThan(0);
    const nat = await client.recognise({ features: features.slice(), nFrames, options: { decoder: 'nat', iterations: 1, trace: true } });
    expect(nat.decoded.trace).toMatchObject({ kind: 'nat', tokens: nat.decoded.tokens });
  });
});
