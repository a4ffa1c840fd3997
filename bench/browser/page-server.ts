// Serves the benchmark page from 127.0.0.1 with COOP/COEP (cross-origin isolation, as the app's
// app:// protocol does): the built page, onnxruntime-web's runtime files, the bundle, and features.

import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** `folders`: URL prefix → folder; `blobs`: exact path → bytes. */
export async function servePage(folders: [string, string][], blobs: Map<string, Uint8Array>): Promise<PageServer> {
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    try {
      const blob = blobs.get(pathname);
      if (blob) {
        response.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[path.extname(pathname)] ?? 'application/octet-stream' });
        response.end(blob);
        return;
      }
      const route = folders.find(([prefix]) => pathname.startsWith(prefix));
      if (!route) throw new Error('no route');
      const file = path.join(route[1], path.normalize(pathname.slice(route[0].length)).replace(/^(\.\.[/\\])+/, ''));
      const body = await readFile(file);
      response.writeHead(200, { ...HEADERS, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, HEADERS);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
