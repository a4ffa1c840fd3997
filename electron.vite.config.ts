import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { ortDistDir } from './src/main/paths';
import { ISOLATION_HEADERS, errorHeaders, resolveStaticPath, responseHeaders } from './src/main/static-routes';

const root = import.meta.dirname;

/**
 * In `electron-vite dev` the renderer comes from Vite's server, not app://. Serve /models/ and /ort/
 * there exactly as the app:// protocol does, and make the dev page cross-origin isolated too.
 */
function serveWorkbenchAssets(): Plugin {
  const roots = { renderer: path.join(root, 'src/renderer'), models: path.join(root, 'models'), ort: ortDistDir() };
  return {
    name: 'workbench:dev-assets',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(async (request, response, next) => {
        const urlPath = (request.url ?? '/').split('?')[0]!;
        if (!urlPath.startsWith('/models/') && !urlPath.startsWith('/ort/')) return next();
        const resolved = await resolveStaticPath(urlPath, roots);
        if (resolved.status !== 200) {
          response.writeHead(resolved.status, errorHeaders()).end('Not found');
          return;
        }
        const { createReadStream } = await import('node:fs');
        response.writeHead(200, responseHeaders(resolved.file));
        createReadStream(resolved.file).pipe(response);
      });
    },
  };
}

// Dev only: Vite's client and React Fast Refresh need inline scripts and a WebSocket, which the
// production CSP (src/main/static-routes.ts) forbids.
const DEV_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: http://localhost:*; object-src 'none'";

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: path.join(root, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules: emit CommonJS, named .cjs because package.json says "type": "module".
      rolldownOptions: {
        input: { index: path.join(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: path.join(root, 'src/renderer'),
    plugins: [react(), serveWorkbenchAssets()],
    // onnxruntime-web loads its .wasm/.mjs at run time from /ort/ (env.wasm.wasmPaths); pre-bundling
    // it in dev would rewrite those URLs.
    optimizeDeps: { exclude: ['onnxruntime-web'] },
    worker: { format: 'es' },
    server: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': DEV_CSP } },
    build: {
      outDir: path.join(root, 'out/renderer'),
      // Never inline WebAssembly as base64: it must stay a served asset with the application/wasm type.
      assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
      rolldownOptions: { input: { index: path.join(root, 'src/renderer/index.html') } },
    },
  },
});
