// A recording stand-in for the `electron` module (tests only): the main-process entry and the preload run
// against it where the Electron binary cannot, and every registration they make lands in `state`.
// Use from a test with
//   const electron = await vi.hoisted(async () => (await import('./fake-electron')).createFakeElectron({ ... }));
//   vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

type Listener = (...args: unknown[]) => unknown;

export interface FakeElectronOptions {
  isPackaged: boolean;
  version: string;
  /** What net.fetch answers (the app:// protocol's file reads). */
  fetch(url: string): Promise<Response>;
}

export function createFakeElectron(options: FakeElectronOptions) {
  const state = {
    schemes: [] as unknown[],
    sandboxEnabled: false,
    appListeners: new Map<string, Listener[]>(),
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    ipcHandlers: new Map<string, Listener>(),
    permissionRequest: undefined as undefined | Listener,
    permissionCheck: undefined as undefined | Listener,
    windows: [] as { options: { webPreferences: Record<string, unknown> }; url?: string; sent: [string, unknown][] }[],
    menuTemplate: [] as { label?: string; submenu?: { label?: string; click?: () => void }[] }[],
    // the preload's side
    exposed: new Map<string, unknown>(),
    rendererInvokes: [] as [string, unknown][],
    rendererListeners: new Map<string, Listener>(),
  };
  class BrowserWindow {
    record: (typeof state.windows)[number];
    webContents: { send(channel: string, payload: unknown): void; isDestroyed(): boolean };
    constructor(windowOptions: (typeof state.windows)[number]['options']) {
      this.record = { options: windowOptions, sent: [] };
      state.windows.push(this.record);
      this.webContents = { send: (channel, payload) => void this.record.sent.push([channel, payload]), isDestroyed: () => false };
    }
    once() {}
    on() {}
    async loadURL(url: string) {
      this.record.url = url;
    }
  }
  const session = {
    protocol: { handle: (_scheme: string, handler: typeof state.protocolHandler) => void (state.protocolHandler = handler) },
    setPermissionRequestHandler: (handler: Listener) => void (state.permissionRequest = handler),
    setPermissionCheckHandler: (handler: Listener) => void (state.permissionCheck = handler),
    setDisplayMediaRequestHandler: () => {},
  };
  const module = {
    app: {
      isPackaged: options.isPackaged,
      whenReady: () => Promise.resolve(),
      enableSandbox: () => void (state.sandboxEnabled = true),
      getAppPath: () => '/app',
      getPath: () => '/nonexistent-user-data',
      getVersion: () => options.version,
      on: (event: string, listener: Listener) => void state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), listener]),
      quit: () => {},
      exit: () => {},
    },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => void state.schemes.push(...schemes) },
    session: { defaultSession: session },
    net: { fetch: options.fetch },
    ipcMain: { handle: (channel: string, handler: Listener) => void state.ipcHandlers.set(channel, handler) },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: typeof state.menuTemplate) => ((state.menuTemplate = template), {}), setApplicationMenu: () => {} },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void state.exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, input: unknown) => (state.rendererInvokes.push([channel, input]), { ok: true, value: 'reached main' }),
      on: (channel: string, listener: Listener) => void state.rendererListeners.set(channel, listener),
      removeListener: (channel: string) => void state.rendererListeners.delete(channel),
    },
  };
  return { state, module };
}
