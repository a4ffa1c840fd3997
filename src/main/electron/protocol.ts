// Serves the renderer, the model bundles and onnxruntime-web's runtime files from app://workbench/,
// a secure standard scheme, with the headers that make the page cross-origin isolated.
import { pathToFileURL } from 'node:url';
import { net, protocol, type Session } from 'electron';
import { errorHeaders, resolveStaticPath, responseHeaders, type StaticRoots } from '../static-routes';
import { APP_HOST, APP_SCHEME } from './policy';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard + secure: a real origin (localStorage, workers, module scripts, secure context);
      // supportFetchAPI: fetch('/models/...'); corsEnabled: module scripts and workers load in CORS mode.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
    },
  ]);
}

export function serveAppProtocol(session: Session, roots: StaticRoots): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404, headers: errorHeaders() });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: errorHeaders() });
    }
    const resolved = await resolveStaticPath(url.pathname, roots);
    if (resolved.status !== 200) return new Response('Not found', { status: resolved.status, headers: errorHeaders() });
    // net.fetch streams the file (models can be large); our headers replace file://'s.
    const body = request.method === 'HEAD' ? null : (await net.fetch(pathToFileURL(resolved.file).toString())).body;
    return new Response(body, { headers: responseHeaders(resolved.file) });
  });
}
