// The renderer is served from app://console/ rather than file:// (Electron security checklist: a custom
// protocol gives the page a real origin, a CSP header, and no access to other local files).

import { readFile } from 'node:fs/promises';
import { extname, relative, resolve, isAbsolute } from 'node:path';
import { protocol } from 'electron';
import { HOST_BRIDGE_PATH } from '../../shared/ipc/wire';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    // index.html loads the headless host's bridge; here the preload already set window.amt, so the
    // bridge is an empty script rather than a 404 in the console.
    if (url.host === APP_HOST && url.pathname === HOST_BRIDGE_PATH) {
      return new Response('', {
        headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Security-Policy': csp },
      });
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return notFound(csp);
    }
    const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
    const inside = relative(root, file);
    const type = MIME_TYPES[extname(file).toLowerCase()];
    if (url.host !== APP_HOST || inside.startsWith('..') || isAbsolute(inside) || path.includes('\0') || !type)
      return notFound(csp);
    try {
      return new Response(await readFile(file), {
        headers: { 'Content-Type': type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return notFound(csp);
    }
  });
}

function notFound(csp: string): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain', 'Content-Security-Policy': csp },
  });
}
