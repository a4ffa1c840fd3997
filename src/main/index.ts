// The Electron entry point: composes plain-TS services with the thin Electron glue in ./electron.
import path from 'node:path';
import { app, session, type BrowserWindow } from 'electron';
import { createDispatcher } from './call-dispatcher';
import { bindAudioFrontEnd } from './audio-binding';
import { chooseAudioFiles, chooseExportPath } from './electron/dialogs';
import { answerCalls, sendEventsTo } from './electron/ipc';
import { installMenu } from './electron/menu';
import { APP_ORIGIN, APP_URL, type TrustedOrigin } from './electron/policy';
import { registerAppScheme, serveAppProtocol } from './electron/protocol';
import { blockNavigationAndPopups, restrictPermissions } from './electron/security';
import { createMainWindow } from './electron/window';
import { modelDir, ortDistDir } from './paths';
import { createServices } from './services';

// Before 'ready': the scheme's privileges and the sandbox for every renderer.
registerAppScheme();
app.enableSandbox();
blockNavigationAndPopups();

// electron-vite dev serves the renderer over HTTP with hot reload; the built app uses app://.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const trusted: TrustedOrigin = devServerUrl
  ? { protocol: new URL(devServerUrl).protocol, host: new URL(devServerUrl).host }
  : APP_ORIGIN;

async function main(): Promise<void> {
  await app.whenReady();
  const outDir = path.join(import.meta.dirname, '..');
  const models = modelDir(app.getAppPath());
  serveAppProtocol(session.defaultSession, { renderer: path.join(outDir, 'renderer'), models, ort: ortDistDir() });
  restrictPermissions(session.defaultSession, trusted);

  let window: BrowserWindow | undefined;
  const emit = sendEventsTo(() => window?.webContents);
  const services = createServices({
    appInfo: { version: app.getVersion(), platform: process.platform, electron: process.versions.electron, modelDir: models },
    emit,
    chooseAudioFiles: () => chooseAudioFiles(window),
    audio: bindAudioFrontEnd(),
    dataDir: app.getPath('userData'),
    chooseExportPath: (suggestedName) => chooseExportPath(window, suggestedName),
  });
  answerCalls(createDispatcher(services.handlers), trusted);
  installMenu(emit);

  const open = () => {
    window = createMainWindow({ preload: path.join(outDir, 'preload', 'index.cjs'), url: devServerUrl ?? APP_URL });
    window.on('closed', () => (window = undefined));
  };
  open();
  app.on('activate', () => window ?? open());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => void services.dispose());
}

main().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
