// The renderer's single way to reach the main process: the bridge the preload script (or the e2e
// test host) installed, wrapped in the typed API from the contract.
import { createWorkbenchApi, type WorkbenchApi } from '../shared/api';
import { BRIDGE_GLOBAL, type WorkbenchBridge } from '../shared/contract';

export type { WorkbenchApi };

/** Undefined when the page runs without a bridge (e.g. opened in a plain browser). */
export function connectWorkbench(): WorkbenchApi | undefined {
  const bridge = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] as WorkbenchBridge | undefined;
  return bridge ? createWorkbenchApi(bridge) : undefined;
}
