import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'out/renderer');
/** Screenshots and other evidence from the e2e run (git-ignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'e2e/artifacts');
export const PAGE_BRIDGE_BUNDLE = path.join(REPO_ROOT, 'out/e2e/page-bridge.js');
/** Debian's Chromium; never a Playwright-downloaded browser. Override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
