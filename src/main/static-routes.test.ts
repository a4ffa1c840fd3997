import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ortDistDir } from './paths';
import { CONTENT_SECURITY_POLICY, mimeTypeOf, resolveStaticPath, responseHeaders, type StaticRoots } from './static-routes';

let base: string;
let roots: StaticRoots;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'static-routes-'));
  roots = { renderer: path.join(base, 'renderer'), models: path.join(base, 'models'), ort: ortDistDir() };
  await mkdir(path.join(roots.renderer, 'assets'), { recursive: true });
  await mkdir(path.join(roots.models, 'tiny'), { recursive: true });
  await writeFile(path.join(roots.renderer, 'index.html'), '<!doctype html>');
  await writeFile(path.join(roots.renderer, 'assets', 'index-abc.js'), '');
  await writeFile(path.join(roots.models, 'tiny', 'model.json'), '{}');
  await writeFile(path.join(base, 'secret.txt'), 'secret');
});

afterAll(async () => rm(base, { recursive: true, force: true }));

describe('resolveStaticPath', () => {
  it('maps the root, renderer assets, models and onnxruntime-web files', async () => {
    await expect(resolveStaticPath('/', roots)).resolves.toEqual({ status: 200, file: path.join(roots.renderer, 'index.html') });
    await expect(resolveStaticPath('/assets/index-abc.js', roots)).resolves.toEqual({ status: 200, file: path.join(roots.renderer, 'assets/index-abc.js') });
    await expect(resolveStaticPath('/models/tiny/model.json', roots)).resolves.toEqual({ status: 200, file: path.join(roots.models, 'tiny/model.json') });
    await expect(resolveStaticPath('/ort/ort-wasm-simd-threaded.wasm', roots)).resolves.toEqual({
      status: 200,
      file: path.join(roots.ort, 'ort-wasm-simd-threaded.wasm'),
    });
  });

  it('never escapes a root', async () => {
    for (const attempt of ['/../secret.txt', '/models/../../secret.txt', '/models/..%2F..%2Fsecret.txt', '/%2e%2e/secret.txt', '/models/tiny/..\\..\\..\\secret.txt', '/a%00b', '/%E0%A4%A']) {
      await expect(resolveStaticPath(attempt, roots)).resolves.toEqual({ status: 403 });
    }
  });

  it('serves only the runtime files from onnxruntime-web, and no directories', async () => {
    for (const notServed of ['/ort/ort.min.js', '/ort/package.json', '/ort/', '/models/tiny', '/models/', '/models/absent.onnx', '/assets']) {
      await expect(resolveStaticPath(notServed, roots)).resolves.toEqual({ status: 404 });
    }
  });
});

describe('responseHeaders', () => {
  it('isolates every response and types it', () => {
    expect(responseHeaders('/x/ort-wasm-simd-threaded.wasm')).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Content-Type': 'application/wasm',
      'X-Content-Type-Options': 'nosniff',
    });
    expect(mimeTypeOf('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('model.onnx')).toBe('application/octet-stream');
  });

  it('keeps the CSP strict about scripts', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
});
