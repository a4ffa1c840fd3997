// Messages between the page bridge and the test host, carried as src/shared/wire.ts frames.
import type { CallReply, EventName } from '../../src/shared/contract';

/** The WebSocket path the page bridge connects to, on the page's own origin. */
export const BRIDGE_PATH = '/__workbench_bridge';

export type PageMessage = { type: 'call'; id: number; name: string; input: unknown };

export type HostMessage =
  | { type: 'reply'; id: number; reply: CallReply<unknown> }
  | { type: 'event'; name: EventName; payload: unknown };
