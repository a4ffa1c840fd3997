// The preload script (sandboxed, context-isolated): installs the WorkbenchBridge in the page. It
// forwards only the contract's calls and events, so the page never touches ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_GLOBAL,
  callChannel,
  eventChannel,
  isCallName,
  isEventName,
  type CallReply,
  type WorkbenchBridge,
} from '../shared/contract';

const bridge: WorkbenchBridge = {
  invoke(name, input) {
    if (!isCallName(name)) {
      const reply: CallReply<never> = { ok: false, error: { code: 'unknown-call', message: `No call named ${String(name)}` } };
      return Promise.resolve(reply);
    }
    return ipcRenderer.invoke(callChannel(name), input);
  },
  subscribe(name, listener) {
    if (!isEventName(name)) throw new Error(`No event named ${String(name)}`);
    const channel = eventChannel(name);
    // Strip the IPC event object: it must not leak into the page.
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
