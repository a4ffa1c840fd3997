// The inference worker as the page drives it, in one Node process: core's serveCore behind a
// MessageChannel, the page's supervised client on the other end, loading bundles over HTTP from a
// local server as the app loads them from /models/. For unit tests of the renderer's parts.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BackendChoice } from '../core/backend';
import type { LoadedModel } from '../core/worker-protocol';
import { serveCore, type PortLike } from '../core/worker';
import { createSupervisedCoreClient, type SupervisedCoreClient, type WorkerLike } from '../core/worker-supervisor';

/** The tiny random bundle the core's tests use (its transcripts are garbage; every mechanism runs). */
export const TINY_BUNDLE = path.join(import.meta.dirname, '../core/fixtures/tiny-bundle');

export interface BundleServer {
  /** The URL of bundle `name`'s folder (ends in /). */
  bundleUrl(name: string): string;
  close(): Promise<void>;
}

/** Serves `bundles` (name → folder) at /models/<name>/ on 127.0.0.1; any other path is a 404. */
export async function serveBundles(bundles: Record<string, string>): Promise<BundleServer> {
  const server = http.createServer(async (request, response) => {
    try {
      const [, name, file] = /^\/models\/([^/]+)\/([\w.]+)$/.exec(request.url ?? '') ?? [];
      const folder = name ? bundles[decodeURIComponent(name)] : undefined;
      if (!folder || !file) throw new Error('not found');
      response.writeHead(200).end(await readFile(path.join(folder, file)));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/`;
  return {
    bundleUrl: (name) => `${base}${encodeURIComponent(name)}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the page's CoreEngine is, over a MessageChannel instead of a Web Worker. */
export interface InProcessEngine {
  readonly client: SupervisedCoreClient;
  load(bundle: string, backend: BackendChoice): Promise<LoadedModel>;
  dispose(): void;
}

export function inProcessEngine(server: BundleServer): InProcessEngine {
  const channel = new MessageChannel();
  serveCore(channel.port1 as unknown as PortLike);
  const port = channel.port2;
  // Nothing here dies, so the supervisor never spawns a second one.
  const client = createSupervisedCoreClient(() => Object.assign(port, { onerror: null, terminate: () => port.close() }) as unknown as WorkerLike);
  return {
    client,
    load: (bundle, backend) => client.load({ bundleUrl: server.bundleUrl(bundle), backend, numThreads: 1 }),
    dispose: () => {
      client.dispose();
      channel.port1.close();
      port.close();
    },
  };
}
