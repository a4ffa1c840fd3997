// Process-wide hardening: no navigation, no new windows, no <webview>, and permissions denied except
// the microphone for our own page. The decisions themselves live in policy.ts.
import { app, type Session } from 'electron';
import { isPermissionGranted, type TrustedOrigin } from './policy';

export function blockNavigationAndPopups(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The renderer is a single page: any navigation (a dropped file, a link, injected script) is unwanted.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function restrictPermissions(session: Session, trusted: TrustedOrigin): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, mediaTypes }, trusted));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(
      {
        permission,
        requestingUrl: requestingOrigin || details.requestingUrl,
        mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      },
      trusted,
    ),
  );
  // Screen capture is never offered.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}
