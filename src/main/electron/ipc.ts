// Connects the contract to Electron IPC: one ipcMain handler per call (sender checked, then the
// transport-independent dispatcher), and an event sink that sends to the window's page.
import { ipcMain, type WebContents } from 'electron';
import { callChannel, callNames, eventChannel, type CallReply, type EventSink } from '../../shared/contract';
import type { Dispatch } from '../call-dispatcher';
import { isTrustedSender, type TrustedOrigin } from './policy';

export function answerCalls(dispatch: Dispatch, trusted: TrustedOrigin): void {
  for (const name of callNames) {
    ipcMain.handle(callChannel(name), (event, input: unknown): Promise<CallReply<unknown>> | CallReply<never> => {
      const frame = event.senderFrame;
      if (!isTrustedSender({ frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null }, trusted)) {
        return { ok: false, error: { code: 'forbidden-sender', message: `${name}: sender is not the workbench page` } };
      }
      return dispatch(name, input);
    });
  }
}

export function sendEventsTo(target: () => WebContents | undefined): EventSink {
  return (name, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  };
}
