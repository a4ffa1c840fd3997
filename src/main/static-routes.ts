// What the renderer's origin serves, and with which headers. Shared by the Electron `app://`
// protocol handler and the e2e test host so both serve byte-identical responses.
//
//   /                 → <renderer>/index.html
//   /models/<file>    → <models>/<file>          (model bundles: model.json, *.onnx)
//   /ort/<file>       → onnxruntime-web's dist/   (.wasm and .mjs only)
//   /<anything else>  → <renderer>/<anything else>
//
// Every response carries COOP/COEP so the page is cross-origin isolated (SharedArrayBuffer, needed
// by onnxruntime-web's multi-threaded WASM), plus the Content-Security-Policy.

import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface StaticRoots {
  /** The built renderer (out/renderer). */
  renderer: string;
  /** The model bundles folder. */
  models: string;
  /** onnxruntime-web's dist folder. */
  ort: string;
}

/**
 * Production CSP. Why each relaxation exists:
 * - 'wasm-unsafe-eval': onnxruntime-web compiles WebAssembly.
 * - worker-src blob:  onnxruntime-web may start its proxy worker from a blob URL.
 * - style-src 'unsafe-inline': wavesurfer.js injects a <style> into its shadow root; inline styles
 *   cannot run code, unlike inline scripts (which stay forbidden).
 * - connect-src 'self': fetches of /models and /ort; also the e2e bridge's same-origin WebSocket.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.data': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function responseHeaders(file: string): Record<string, string> {
  return {
    ...ISOLATION_HEADERS,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Content-Type': mimeTypeOf(file),
    'X-Content-Type-Options': 'nosniff',
    // The app is local; caching only hides rebuilt files during development.
    'Cache-Control': 'no-store',
  };
}

/** Headers for a 404/403, so even errors keep the page isolated. */
export function errorHeaders(): Record<string, string> {
  return { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Content-Type': 'text/plain; charset=utf-8' };
}

export type Resolution = { status: 200; file: string } | { status: 403 | 404 };

/**
 * Maps a URL path (already without origin, query and hash) onto a file below one of the roots.
 * Rejects anything that would escape its root (`..`, encoded separators, NUL) and directories.
 */
export async function resolveStaticPath(urlPath: string, roots: StaticRoots): Promise<Resolution> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 403 };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { status: 403 };
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return { status: 403 };

  let root = roots.renderer;
  let rest = segments;
  if (segments[0] === 'models') {
    root = roots.models;
    rest = segments.slice(1);
  } else if (segments[0] === 'ort') {
    root = roots.ort;
    rest = segments.slice(1);
    // Only the runtime's own files: its JS glue and WASM binaries, nothing else from node_modules.
    const name = rest.join('/');
    if (rest.length !== 1 || !/^ort[\w.-]*\.(wasm|mjs)$/.test(name)) return { status: 404 };
  } else if (segments.length === 0) {
    rest = ['index.html'];
  }
  if (rest.length === 0) return { status: 404 };

  const file = path.join(root, ...rest);
  // Belt and braces: the segment checks above already forbid escaping, but never serve outside a root.
  if (path.relative(root, file).startsWith('..')) return { status: 403 };
  try {
    const info = await stat(file);
    return info.isFile() ? { status: 200, file } : { status: 404 };
  } catch {
    return { status: 404 };
  }
}
