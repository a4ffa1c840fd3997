// Runs once before the e2e specs: checks the renderer has been built, and bundles the page bridge
// (e2e/host/page-bridge.ts) into a classic script Playwright can install with addInitScript.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { ARTIFACTS_DIR, PAGE_BRIDGE_BUNDLE, REPO_ROOT } from './paths';

export default async function setup(): Promise<void> {
  const index = path.join(REPO_ROOT, 'out/renderer/index.html');
  if (!existsSync(index)) {
    throw new Error(`e2e: ${path.relative(REPO_ROOT, index)} is missing. Run \`npm run build\` first (\`npm test\` does).`);
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      lib: {
        entry: path.join(REPO_ROOT, 'e2e/host/page-bridge.ts'),
        formats: ['iife'],
        name: 'workbenchPageBridge',
        fileName: () => path.basename(PAGE_BRIDGE_BUNDLE),
      },
      outDir: path.dirname(PAGE_BRIDGE_BUNDLE),
      emptyOutDir: true,
      minify: false,
    },
  });
}
