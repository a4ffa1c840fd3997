// The typed API the renderer programs against, built from the contract over any WorkbenchBridge
// (Electron's preload, or the e2e test host's WebSocket bridge).

import {
  ContractError,
  callNames,
  eventNames,
  type CallInput,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  type WorkbenchBridge,
} from './contract';

type CallFunction<K extends CallName> = [CallInput<K>] extends [void]
  ? () => Promise<CallOutput<K>>
  : (input: CallInput<K>) => Promise<CallOutput<K>>;

export type WorkbenchApi = { readonly [K in CallName]: CallFunction<K> } & {
  /** `api.on.audioLevel(listener)` subscribes; the returned function unsubscribes. */
  readonly on: { readonly [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
};

export function createWorkbenchApi(bridge: WorkbenchBridge): WorkbenchApi {
  const api: Record<string, unknown> = {};
  for (const name of callNames) {
    api[name] = async (input?: unknown) => {
      const reply = await bridge.invoke(name, input as CallInput<typeof name>);
      if (!reply.ok) throw new ContractError(reply.error);
      return reply.value;
    };
  }
  const on: Record<string, unknown> = {};
  for (const name of eventNames) {
    on[name] = (listener: (payload: unknown) => void) => bridge.subscribe(name, listener);
  }
  api['on'] = on;
  return api as WorkbenchApi;
}
