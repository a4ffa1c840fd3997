import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Runs only the core WebGPU spec: npx vitest run --config e2e/core-webgpu.vitest.config.ts
export default defineConfig({
  root: path.join(import.meta.dirname, '..'),
  test: {
    include: ['e2e/core-webgpu.spec.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
