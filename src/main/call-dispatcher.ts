// The main-side end of every call, whatever the transport: checks the call name, validates the
// input against the contract's schema, runs the handler and wraps the outcome in a CallReply.
// No Electron imports: Electron's ipcMain and the e2e test host's WebSocket both call `dispatch`.

import {
  ContractError,
  calls,
  isCallName,
  type CallInput,
  type CallName,
  type CallOutput,
  type CallReply,
  type ContractErrorData,
} from '../shared/contract';
import { SchemaError } from '../shared/schema';

export type CallHandlers = {
  [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

export type Dispatch = (name: unknown, rawInput: unknown) => Promise<CallReply<unknown>>;

export function createDispatcher(handlers: CallHandlers, onInternalError: (error: unknown) => void = console.error): Dispatch {
  return async (name, rawInput) => {
    if (!isCallName(name)) {
      return failure({ code: 'unknown-call', message: `No call named ${JSON.stringify(String(name))}` });
    }
    let input: unknown;
    try {
      input = calls[name].input.parse(rawInput);
    } catch (error) {
      if (error instanceof SchemaError) {
        return failure({ code: 'invalid-input', message: `${name}: ${error.message}` });
      }
      throw error;
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      return { ok: true, value: await handler(input) };
    } catch (error) {
      const data = toContractErrorData(error);
      if (data.code === 'internal') onInternalError(error);
      return failure(data);
    }
  };
}

function failure(error: ContractErrorData): CallReply<never> {
  return { ok: false, error };
}

/**
 * Maps anything a service throws onto the contract's error shape. Services signal expected failures
 * with an error carrying a string `code` (ContractError, or the audio front end's AudioError); any
 * other exception is a bug and is reported as `internal` without leaking its stack to the page.
 */
export function toContractErrorData(error: unknown): ContractErrorData {
  if (error instanceof ContractError) return error.toData();
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    const { code, file } = error as Error & { code: string; file?: unknown };
    return typeof file === 'string' ? { code, message: error.message, file } : { code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}` };
}
