import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_URL, isPermissionGranted, isTrustedSender, isTrustedUrl } from './policy';

const dev = { protocol: 'http:', host: 'localhost:5173' };

describe('isTrustedUrl', () => {
  it('accepts our app:// pages and nothing that merely looks like them', () => {
    expect(isTrustedUrl(APP_URL, APP_ORIGIN)).toBe(true);
    expect(isTrustedUrl('app://workbench/index.html#x', APP_ORIGIN)).toBe(true);
    expect(isTrustedUrl('app://evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('https://workbench/', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('app://workbench.evil.com/', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl('not a url', APP_ORIGIN)).toBe(false);
    expect(isTrustedUrl(undefined, APP_ORIGIN)).toBe(false);
  });

  it('matches the dev server by host and port', () => {
    expect(isTrustedUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('answers only our top-level frame', () => {
    expect(isTrustedSender({ frameUrl: APP_URL, isMainFrame: true }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ frameUrl: APP_URL, isMainFrame: false }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://example.com/', isMainFrame: true }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true }, APP_ORIGIN)).toBe(false);
  });
});

describe('isPermissionGranted', () => {
  const ask = (permission: string, requestingUrl: string, mediaTypes?: string[]) => ({ permission, requestingUrl, mediaTypes });

  it('grants the microphone to our page only', () => {
    expect(isPermissionGranted(ask('media', APP_URL, ['audio']), APP_ORIGIN)).toBe(true);
    expect(isPermissionGranted(ask('media', 'https://example.com/', ['audio']), APP_ORIGIN)).toBe(false);
  });

  it('denies the camera, unspecified media and every other permission', () => {
    expect(isPermissionGranted(ask('media', APP_URL, ['audio', 'video']), APP_ORIGIN)).toBe(false);
    expect(isPermissionGranted(ask('media', APP_URL, ['video']), APP_ORIGIN)).toBe(false);
    expect(isPermissionGranted(ask('media', APP_URL, []), APP_ORIGIN)).toBe(false);
    expect(isPermissionGranted(ask('media', APP_URL), APP_ORIGIN)).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midiSysex']) {
      expect(isPermissionGranted(ask(permission, APP_URL, ['audio']), APP_ORIGIN)).toBe(false);
    }
  });
});
