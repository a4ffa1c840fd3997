import path from 'node:path';
import { defineConfig } from 'vitest/config';

// End-to-end specs: the built renderer (out/renderer) in Debian's Chromium, and the built Electron
// app where the Electron binary is installed. Run after `npm run build`.
export default defineConfig({
  root: path.join(import.meta.dirname, '..'),
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    // One browser at a time: CI has two cores, and the specs measure nothing in parallel.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
