// Where the things the renderer's origin serves live on disk (see static-routes.ts).
import { createRequire } from 'node:module';
import path from 'node:path';

/** onnxruntime-web's dist folder, found through the package's own exports map. */
export function ortDistDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
}

/** The model bundles folder: $WORKBENCH_MODEL_DIR, else <appRoot>/models. */
export function modelDir(appRoot: string): string {
  return process.env['WORKBENCH_MODEL_DIR'] ?? path.join(appRoot, 'models');
}
