// The e2e test host: plays the Electron main process's role in plain Node. It serves the built
// renderer exactly as the app:// protocol does (same resolver, same headers) and answers the
// contract over a WebSocket through the same dispatcher and services as Electron's ipcMain.
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher } from '../../src/main/call-dispatcher';
import type { AudioPort } from '../../src/main/audio-port';
import { createServices, type Services } from '../../src/main/services';
import { errorHeaders, resolveStaticPath, responseHeaders, type StaticRoots } from '../../src/main/static-routes';
import type { AppInfo, EventSink } from '../../src/shared/contract';
import { decodeMessage, encodeMessage } from '../../src/shared/wire';
import { BRIDGE_PATH, type HostMessage, type PageMessage } from './bridge-protocol';

export interface TestHostOptions {
  roots: StaticRoots;
  appInfo: AppInfo;
  audio: AudioPort;
  /** Where results and settings are kept (Electron's userData stand-in): a temp folder per spec. */
  dataDir: string;
}

export interface TestHost {
  /** The page URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  services: Services;
  /** Events sent to every connected page, as the main process would send them. */
  emit: EventSink;
  /** What the next chooseAudioFiles call answers (the native dialog's stand-in). */
  answerFileDialogWith(paths: string[]): void;
  /** What the next exportResult's save dialog answers ('' = cancelled). */
  answerSaveDialogWith(path: string): void;
  /** Calls received so far, by name, so specs can check what the renderer asked for. */
  callLog: string[];
  close(): Promise<void>;
}

export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const sockets = new Set<WebSocket>();
  const callLog: string[] = [];
  let dialogAnswer: string[] = [];
  let saveAnswer = '';

  const send = (socket: WebSocket, message: HostMessage) => socket.send(encodeMessage(message));
  const emit: EventSink = (name, payload) => sockets.forEach((socket) => send(socket, { type: 'event', name, payload }));
  const services = createServices({
    appInfo: options.appInfo,
    emit,
    chooseAudioFiles: async () => dialogAnswer,
    audio: options.audio,
    dataDir: options.dataDir,
    chooseExportPath: async () => saveAnswer,
  });
  const dispatch = createDispatcher(services.handlers);

  const server = createServer((request, response) => void serveStatic(request, response, options.roots));
  // Like ipcMain's sender check: only pages served by this host may use the bridge.
  const webSockets = new WebSocketServer({
    server,
    path: BRIDGE_PATH,
    verifyClient: ({ origin }: { origin: string }) => origin === hostOrigin(),
  });
  webSockets.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', async (data: Buffer) => {
      const message = decodeMessage(data) as PageMessage;
      callLog.push(String(message.name));
      send(socket, { type: 'reply', id: message.id, reply: await dispatch(message.name, message.input) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostOrigin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${hostOrigin()}/`,
    services,
    emit,
    answerFileDialogWith: (paths) => (dialogAnswer = paths),
    answerSaveDialogWith: (path) => (saveAnswer = path),
    callLog,
    async close() {
      await services.dispose();
      sockets.forEach((socket) => socket.terminate());
      webSockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function serveStatic(request: IncomingMessage, response: ServerResponse, roots: StaticRoots): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, errorHeaders()).end('Method not allowed');
    return;
  }
  const urlPath = new URL(request.url ?? '/', 'http://host').pathname;
  const resolved = await resolveStaticPath(urlPath, roots);
  if (resolved.status !== 200) {
    response.writeHead(resolved.status, errorHeaders()).end('Not found');
    return;
  }
  response.writeHead(200, responseHeaders(resolved.file));
  if (request.method === 'HEAD') response.end();
  else createReadStream(resolved.file).pipe(response);
}
