// The built Electron app (out/main, out/preload, out/renderer) launched by Playwright. Skipped, with
// the reason, where the Electron binary is not installed (npm skipped electron's postinstall, or
// ELECTRON_SKIP_BINARY_DOWNLOAD was set) or where there is no display to open a window on.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, REPO_ROOT } from './paths';

function electronBinary(): { path?: string; skipReason?: string } {
  let binary: string;
  try {
    // The electron package's main export is the binary's path; it throws when the binary is missing.
    binary = createRequire(import.meta.url)('electron') as string;
  } catch {
    return {
      skipReason:
        'the Electron binary is not installed (node_modules/electron/dist is missing: its postinstall was skipped ' +
        'or ELECTRON_SKIP_BINARY_DOWNLOAD was set); install it with `node node_modules/electron/install.js`',
    };
  }
  if (!existsSync(binary)) return { skipReason: `the Electron binary ${binary} does not exist` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { skipReason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset); run the tests under xvfb-run' };
  }
  return { path: binary };
}

const electron = electronBinary();
const skipReason = electron.skipReason;
if (skipReason) console.warn(`[electron e2e] skipped: ${skipReason}`);

let app: ElectronApplication;
let page: Page;

describe.skipIf(skipReason !== undefined)(`the Electron app${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  beforeAll(async () => {
    app = await _electron.launch({
      executablePath: electron.path!,
      // Chromium refuses to start as root (CI containers) with its OS sandbox on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), REPO_ROOT],
      cwd: REPO_ROOT,
    });
    page = await app.firstWindow();
    await page.getByTestId('status-app').getByText('Electron').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('loads the built renderer from app://workbench/, cross-origin isolated', async () => {
    expect(page.url()).toBe('app://workbench/');
    await expect(page.title()).resolves.toBe('Speech Workbench');
    await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);
  });

  it('round-trips the contract through the preload bridge', async () => {
    const version = await app.evaluate(({ app: electronApp }) => electronApp.getVersion());
    await expect(page.getByTestId('status-app').textContent()).resolves.toContain(`v${version}`);
    const reply = await page.evaluate(() =>
      (window as unknown as { workbenchBridge: { invoke(name: string, input: unknown): Promise<unknown> } }).workbenchBridge.invoke(
        'openAudioStream',
        { path: 'relative.wav' },
      ),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('gives the page no Node and only the bridge from the isolated preload', async () => {
    const page_ = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return {
        require: typeof g['require'],
        process: typeof g['process'],
        bridgeKeys: Object.keys(g['workbenchBridge'] as object).sort(),
      };
    });
    expect(page_).toEqual({ require: 'undefined', process: 'undefined', bridgeKeys: ['invoke', 'subscribe'] });
  });

  it('blocks navigation and new windows', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://workbench/');
    expect(app.windows()).toHaveLength(1);
  });

  it('saves a screenshot of the Electron window', async () => {
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'electron-shell.png') });
  });
});
