// The Electron security checklist (issue 9, item 5), the parts not already asserted elsewhere:
//
//   context isolation, sandbox, no nodeIntegration ...... glue.test.ts 'opens one isolated, sandboxed window'
//                                                          + 'sandboxes every renderer'
//   CSP ................................................. static-routes.test.ts 'keeps the CSP strict',
//                                                          glue.test.ts 'serves the page with isolation headers and the CSP'
//   no remote content .................................... here: the CSP names no remote source, every
//                                                          app:// response carries it, the page links nothing remote
//   navigation and new windows blocked .................. glue.test.ts 'blocks navigation, redirects, webviews and new windows'
//   permissions: microphone only, our page only ......... policy.test.ts + glue.test.ts 'grants only the microphone'
//   sender checks of every contract call ................ here: every channel, not just one
//   schema validation of every contract call ............ here: every channel through the real IPC glue;
//                                                          fuzzed in src/reliability/fuzz.test.ts
//   the page gets the contract and nothing else ......... here: the preload exposes invoke/subscribe only
//
// Runs the real main-process entry (src/main/index.ts) and preload against a recording stand-in for
// the `electron` module, like glue.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_GLOBAL, callChannel, callNames, calls, eventChannel, type CallReply } from '../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../static-routes';

type Listener = (...args: unknown[]) => unknown;

const electron = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('./fake-electron');
  return createFakeElectron({ isPackaged: true, version: '1.0.0', fetch: async () => new Response('') });
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const { state } = electron;

beforeAll(async () => {
  await import('../index');
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});

const frame = (url: string, isMainFrame = true) => ({ senderFrame: { url, parent: isMainFrame ? null : {} } });

describe('sender checks: every contract call answers only our page’s top-level frame', () => {
  const untrusted = {
    'another site': frame('https://evil.example/'),
    'a look-alike host': frame('app://workbench.evil/'),
    'a file: page': frame('file:///tmp/page.html'),
    'an iframe on our page': frame('app://workbench/', false),
    'a frame that is gone': { senderFrame: null },
  };
  it.each(callNames)('%s', async (name) => {
    const handler = state.ipcHandlers.get(callChannel(name));
    expect(handler).toBeDefined();
    for (const [who, event] of Object.entries(untrusted)) {
      const reply = (await handler!(event, undefined)) as CallReply<unknown>;
      expect(reply, who).toEqual({ ok: false, error: { code: 'forbidden-sender', message: `${name}: sender is not the workbench page` } });
    }
  });
});

describe('schema validation: every call refuses malformed input from our own page before any service runs', () => {
  // Values no call accepts: takes-nothing calls refuse an object; calls with input refuse a number.
  it.each(callNames)('%s', async (name) => {
    const handler = state.ipcHandlers.get(callChannel(name))!;
    const takesNothing = (() => {
      try {
        calls[name].input.parse(undefined);
        return true;
      } catch {
        return false;
      }
    })();
    for (const bad of takesNothing ? [{ x: 1 }, 'x', [1]] : [42, 'x', [1], { unexpected: true }, undefined]) {
      const reply = (await handler(frame('app://workbench/'), bad)) as CallReply<unknown>;
      expect(reply.ok, `${name}(${JSON.stringify(bad)})`).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid-input');
        expect(reply.error.message.startsWith(`${name}: `)).toBe(true);
      }
    }
  });
});

describe('no remote content', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));

  it('the CSP allows nothing off our own origin: no http(s), ws, wildcard, or eval', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const [name, sources] of directives) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).toMatch(/^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|data:|blob:)$/);
      }
    }
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('every app:// response carries the CSP, errors included', async () => {
    const handler = state.protocolHandler!;
    for (const url of ['app://workbench/', 'app://workbench/no-such-file.js', 'app://workbench/models/x/model.json', 'app://elsewhere/', 'app://workbench/../../etc/passwd']) {
      const response = await handler(new Request(url));
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('the window loads our own page, and the page links nothing remote', () => {
    expect(state.windows[0]!.url).toBe('app://workbench/');
    const html = readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/|ws)/i);
  });
});

describe('the page gets the contract and nothing else (preload)', () => {
  beforeAll(async () => {
    await import('../../preload/index');
  });

  it('exposes one bridge with invoke and subscribe only: no ipcRenderer, no Node', () => {
    expect([...state.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    expect(Object.keys(state.exposed.get(BRIDGE_GLOBAL) as object).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('forwards only contract calls and events; the IPC event object never reaches the page', async () => {
    const bridge = state.exposed.get(BRIDGE_GLOBAL) as { invoke(name: string, input: unknown): Promise<unknown>; subscribe(name: string, listener: Listener): () => void };
    expect(await bridge.invoke('workbench:call:getAppInfo', undefined)).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(await bridge.invoke('__proto__', undefined)).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    expect(state.rendererInvokes).toEqual([]);
    expect(await bridge.invoke('getAppInfo', undefined)).toEqual({ ok: true, value: 'reached main' });
    expect(state.rendererInvokes).toEqual([[callChannel('getAppInfo'), undefined]]);

    expect(() => bridge.subscribe('ipc-message', () => {})).toThrow(/No event named/);
    const seen: unknown[][] = [];
    const off = bridge.subscribe('audioLevel', (...args) => void seen.push(args));
    state.rendererListeners.get(eventChannel('audioLevel'))!({ sender: 'the IPC event', ports: [] }, { sessionId: 's', rms: 0, peak: 0 });
    expect(seen).toEqual([[{ sessionId: 's', rms: 0, peak: 0 }]]);
    off();
    expect(state.rendererListeners.has(eventChannel('audioLevel'))).toBe(false);
  });
});
