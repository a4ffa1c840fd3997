// Runs in the page (installed by Playwright before the renderer's scripts): provides the same
// WorkbenchBridge the Electron preload provides, but over a WebSocket to the test host, so the real
// renderer talks to the real main-process services through the same contract.
import { BRIDGE_GLOBAL, isCallName, isEventName, type CallReply, type WorkbenchBridge } from '../../src/shared/contract';
import { decodeMessage, encodeMessage } from '../../src/shared/wire';
import { BRIDGE_PATH, type HostMessage, type PageMessage } from './bridge-protocol';

function createSocketBridge(url: string): WorkbenchBridge {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`test host bridge: cannot connect to ${url}`)), { once: true });
  });
  const pending = new Map<number, (reply: CallReply<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
    const message = decodeMessage(event.data) as HostMessage;
    if (message.type === 'reply') {
      pending.get(message.id)?.(message.reply);
      pending.delete(message.id);
    } else {
      listeners.get(message.name)?.forEach((listener) => listener(message.payload));
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'test host bridge closed' } });
    pending.clear();
  });

  return {
    async invoke(name, input) {
      if (!isCallName(name)) return { ok: false, error: { code: 'unknown-call', message: `No call named ${String(name)}` } };
      await opened;
      const id = nextId++;
      const message: PageMessage = { type: 'call', id, name, input };
      return new Promise((resolve) => {
        pending.set(id, resolve as (reply: CallReply<unknown>) => void);
        socket.send(encodeMessage(message));
      });
    },
    subscribe(name, listener) {
      if (!isEventName(name)) throw new Error(`No event named ${String(name)}`);
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
  };
}

// Init scripts also run in about:blank and other frames; only the test host's pages get a bridge.
if (location.protocol === 'http:' || location.protocol === 'https:') {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${BRIDGE_PATH}`;
  Object.defineProperty(globalThis, BRIDGE_GLOBAL, { value: Object.freeze(createSocketBridge(url)), enumerable: false });
}
