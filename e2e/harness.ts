// Launches Debian's Chromium with Playwright and opens the built renderer from a test host.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH, PAGE_BRIDGE_BUNDLE } from './paths';

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Expose WebGPU (SwiftShader in headless Chromium). Default true. */
  webgpu?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`e2e: Chromium not found at ${CHROMIUM_PATH}. On Debian: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  // A fresh profile per launch, so no state leaks between runs.
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'workbench-e2e-profile-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (options.webgpu ?? true) args.push('--enable-unsafe-webgpu');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport: { width: 1360, height: 860 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface WorkbenchPage {
  page: Page;
  /** Uncaught exceptions and console errors (CSP violations are reported as console errors). */
  problems: string[];
}

/** Opens the workbench page with the test host's bridge installed where the preload would put it. */
export async function openWorkbench(context: BrowserContext, url: string): Promise<WorkbenchPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  await page.addInitScript({ path: PAGE_BRIDGE_BUNDLE });
  await page.goto(url);
  return { page, problems };
}
