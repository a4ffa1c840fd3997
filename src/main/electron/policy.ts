// Security decisions as pure functions (no Electron imports), so they are unit-tested; the glue in
// security.ts and ipc.ts only feeds them what Electron reports.

/** Where the renderer is allowed to come from: our custom protocol, or the dev server in development. */
export interface TrustedOrigin {
  /** With the trailing colon, as URL.protocol reports it: 'app:' or 'http:'. */
  protocol: string;
  /** Host and port, as URL.host reports it. */
  host: string;
}

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN: TrustedOrigin = { protocol: `${APP_SCHEME}:`, host: APP_HOST };
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** Compares protocol and host, because Node's URL reports origin 'null' for non-special schemes. */
export function isTrustedUrl(url: string | undefined, trusted: TrustedOrigin): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === trusted.protocol && parsed.host === trusted.host;
  } catch {
    return false;
  }
}

export interface SenderInfo {
  /** URL of the frame that sent the IPC message (null when the frame is gone). */
  frameUrl: string | undefined;
  /** Whether that frame is the top-level frame (not an iframe). */
  isMainFrame: boolean;
}

/** IPC is answered only for our own page's top-level frame. */
export function isTrustedSender(sender: SenderInfo, trusted: TrustedOrigin): boolean {
  return sender.isMainFrame && isTrustedUrl(sender.frameUrl, trusted);
}

export interface PermissionAsk {
  permission: string;
  /** URL or origin of the asking frame. */
  requestingUrl: string | undefined;
  /** For 'media': which kinds; undefined or empty when Electron does not say. */
  mediaTypes: readonly string[] | undefined;
}

/** Every permission is denied except audio-only media capture (the microphone) for our own page. */
export function isPermissionGranted(ask: PermissionAsk, trusted: TrustedOrigin): boolean {
  if (ask.permission !== 'media') return false;
  if (!isTrustedUrl(ask.requestingUrl, trusted)) return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}
