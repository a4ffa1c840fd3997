import { defineConfig } from 'vitest/config';

// Unit tests: fast, in Node, next to the code they test. End-to-end specs live in e2e/ and run with
// e2e/vitest.config.ts after a build.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    // CI has two shared cores; numeric tests (features, decoding) that take 1 s on a laptop can take
    // several there. A generous limit still catches hangs.
    testTimeout: 30_000,
  },
});
