// Runs the real main-process entry (src/main/index.ts) against a recording stand-in for the
// `electron` module, so the security wiring is checked where the Electron binary cannot run:
// window options, the app:// protocol's responses, IPC sender checks, permissions, navigation.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callChannel, callNames, eventChannel, type CallReply } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../static-routes';

type Listener = (...args: unknown[]) => unknown;

const electron = await vi.hoisted(async () => {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const { createFakeElectron } = await import('./fake-electron');
  return createFakeElectron({ isPackaged: false, version: '9.8.7', fetch: async (url) => new Response(await readFile(fileURLToPath(url))) });
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const { state } = electron;

beforeAll(async () => {
  await import('../index');
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});

describe('the Electron main process', () => {
  it('registers app:// as a secure standard scheme and sandboxes every renderer', () => {
    expect(state.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(state.sandboxEnabled).toBe(true);
  });

  it('opens one isolated, sandboxed window without Node on app://workbench/', () => {
    const window = state.windows[0]!;
    expect(window.url).toBe('app://workbench/');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(window.options.webPreferences['preload']).toMatch(/[\\/]preload[\\/]index\.cjs$/);
  });

  it('serves the page with isolation headers and the CSP, and nothing off its host', async () => {
    const handler = state.protocolHandler!;
    const page = await handler(new Request('app://workbench/'));
    expect(page.status).toBe(200);
    expect(Object.fromEntries(page.headers)).toMatchObject({
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'content-type': 'text/html; charset=utf-8',
    });
    expect(await page.text()).toContain('<div id="root">');
    const wasm = await handler(new Request('app://workbench/ort/ort-wasm-simd-threaded.wasm'));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect((await handler(new Request('app://elsewhere/'))).status).toBe(404);
    expect((await handler(new Request('app://workbench/ort/package.json'))).status).toBe(404);
    expect((await handler(new Request('app://workbench/', { method: 'POST' }))).status).toBe(405);
  });

  it('answers every call, but only for our page’s top-level frame', async () => {
    expect([...state.ipcHandlers.keys()].sort()).toEqual(callNames.map(callChannel).sort());
    const getAppInfo = state.ipcHandlers.get(callChannel('getAppInfo'))!;
    const event = (url: string, isMainFrame = true) => ({ senderFrame: { url, parent: isMainFrame ? null : {} } });

    const trusted = (await getAppInfo(event('app://workbench/'), undefined)) as CallReply<{ version: string }>;
    expect(trusted).toMatchObject({ ok: true, value: { version: '9.8.7', modelDir: '/app/models' } });
    for (const untrusted of [event('https://example.com/'), event('app://workbench/', false), { senderFrame: null }]) {
      expect(await getAppInfo(untrusted, undefined)).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    }
  });

  it('grants only the microphone to our page', () => {
    const ask = (permission: string, requestingUrl: string, mediaTypes?: string[]) => {
      let granted: boolean | undefined;
      state.permissionRequest!({}, permission, (answer: boolean) => (granted = answer), { requestingUrl, isMainFrame: true, mediaTypes });
      return granted;
    };
    expect(ask('media', 'app://workbench/', ['audio'])).toBe(true);
    expect(ask('media', 'app://workbench/', ['video'])).toBe(false);
    expect(ask('media', 'https://example.com/', ['audio'])).toBe(false);
    expect(ask('geolocation', 'app://workbench/')).toBe(false);
    expect(state.permissionCheck!({}, 'media', 'app://workbench', { mediaType: 'audio', isMainFrame: true })).toBe(true);
    expect(state.permissionCheck!({}, 'notifications', 'app://workbench', { isMainFrame: true })).toBe(false);
  });

  it('blocks navigation, redirects, webviews and new windows in every web contents', () => {
    const handlers = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    const contents = {
      on: (event: string, handler: Listener) => void handlers.set(event, handler),
      setWindowOpenHandler: (handler: Listener) => void (openHandler = handler),
    };
    for (const listener of state.appListeners.get('web-contents-created') ?? []) listener({}, contents);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      handlers.get(event)!({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('sends menu commands to the page as contract events', () => {
    const open = state.menuTemplate.flatMap((menu) => menu.submenu ?? []).find((item) => item.label === 'Open Audio Files…')!;
    open.click!();
    expect(state.windows[0]!.sent).toEqual([[eventChannel('menuCommand'), { command: 'open-audio-files' }]]);
  });
});
