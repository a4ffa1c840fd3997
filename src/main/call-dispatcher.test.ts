import { describe, expect, it, vi } from 'vitest';
import { createWorkbenchApi } from '../shared/api';
import {
  ContractError,
  callChannel,
  callNames,
  eventChannel,
  eventNames,
  type EventName,
  type EventPayload,
  type WorkbenchBridge,
} from '../shared/contract';
import { createDispatcher, toContractErrorData, type CallHandlers } from './call-dispatcher';

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    getAppInfo: () => ({ version: '1.2.3', platform: 'linux', modelDir: '/models' }),
    chooseAudioFiles: async () => ({ paths: ['/a.wav'] }),
    listInputDevices: async () => [{ index: 0, name: 'Built-in' }],
    startRecording: unused,
    stopRecording: unused,
    openAudioStream: unused,
    openDroppedAudioStream: unused,
    readAudioStream: async () => ({ samples: new Float32Array([0.5, -0.25]), frames: new Float32Array(0), nFrames: 0, nMels: 80, featureMs: 0, progress: 1 }),
    closeAudioStream: unused,
    readAudioRange: unused,
    keepDroppedFile: unused,
    saveResult: unused,
    listResults: unused,
    readResult: unused,
    deleteResult: unused,
    editSegment: unused,
    exportResult: unused,
    savePendingFiles: unused,
    listPendingFiles: unused,
    getSettings: unused,
    saveSettings: unused,
    listModelBundles: unused,
    ...overrides,
  };
}

/** A bridge like Electron's: every value crosses by structured clone, as IPC does. */
function inProcessBridge(h: CallHandlers) {
  const dispatch = createDispatcher(h, () => {});
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const bridge: WorkbenchBridge = {
    invoke: async (name, input) => structuredClone(await dispatch(name, structuredClone(input))) as never,
    subscribe: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) =>
    listeners.get(name)?.forEach((listener) => listener(structuredClone(payload)));
  return { bridge, emit };
}

describe('the contract, end to end in one process', () => {
  it('round-trips calls with typed results, Float32Array included', async () => {
    const api = createWorkbenchApi(inProcessBridge(handlers()).bridge);
    await expect(api.getAppInfo()).resolves.toEqual({ version: '1.2.3', platform: 'linux', modelDir: '/models' });
    const block = await api.readAudioStream({ streamId: 's1' });
    expect(block.samples).toEqual(new Float32Array([0.5, -0.25]));
    await expect(api.listInputDevices()).resolves.toEqual([{ index: 0, name: 'Built-in' }]);
  });

  it('rejects with a ContractError carrying code, message and file', async () => {
    const failing = handlers({
      openAudioStream: async ({ path }) => {
        throw Object.assign(new Error('Unsupported sample format'), { code: 'unsupported-format', file: path });
      },
    });
    const api = createWorkbenchApi(inProcessBridge(failing).bridge);
    const error = await api.openAudioStream({ path: '/bad.wav' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).toData()).toEqual({ code: 'unsupported-format', message: 'Unsupported sample format', file: '/bad.wav' });
  });

  it('validates input before any handler runs', async () => {
    const openAudioStream = vi.fn();
    const api = createWorkbenchApi(inProcessBridge(handlers({ openAudioStream })).bridge);
    const error = await api.openAudioStream({ path: 'relative.wav' }).catch((e: unknown) => e);
    expect((error as ContractError).code).toBe('invalid-input');
    expect(openAudioStream).not.toHaveBeenCalled();
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { bridge, emit } = inProcessBridge(handlers());
    const api = createWorkbenchApi(bridge);
    const levels: number[] = [];
    const off = api.on.audioLevel(({ peak }) => levels.push(peak));
    emit('audioLevel', { sessionId: 's', rms: 0.1, peak: 0.5 });
    off();
    emit('audioLevel', { sessionId: 's', rms: 0.1, peak: 0.9 });
    expect(levels).toEqual([0.5]);
  });
});

describe('createDispatcher', () => {
  const dispatch = createDispatcher(handlers(), () => {});

  it('refuses unknown and inherited call names', async () => {
    for (const name of ['deleteEverything', 'toString', '__proto__', 42]) {
      await expect(dispatch(name, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    }
  });

  it('refuses arguments to calls that take none', async () => {
    await expect(dispatch('getAppInfo', { sneaky: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('reports unexpected exceptions as internal errors, without stacks', async () => {
    const onInternal = vi.fn();
    const broken = createDispatcher(
      handlers({
        getAppInfo: () => {
          throw new TypeError('x is undefined');
        },
      }),
      onInternal,
    );
    await expect(broken('getAppInfo', undefined)).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'Internal error: x is undefined' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });

  it('maps thrown non-errors too', () => {
    expect(toContractErrorData('boom')).toEqual({ code: 'internal', message: 'Internal error: boom' });
  });
});

describe('channels', () => {
  it('are distinct for every call and event', () => {
    const channels = [...callNames.map(callChannel), ...eventNames.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
  });
});
