// Serves the built renderer (dist/renderer) and the WebSocket bridge to the browser: only files inside the
// renderer folder, with a MIME type from a fixed table and the security headers on every answer. The
// renderer's index.html loads bridge.js (HOST_BRIDGE_PATH) before app.js, so window.amt exists first.

import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { HOST_BRIDGE_PATH } from '../../shared/ipc';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const INDEX_FILE = 'index.html';
const MAX_SERVED_FILE_BYTES = 32 * 1024 * 1024;

export interface StaticSite {
  readonly rendererDir: string;
  readonly bridgeFile: string;
  readonly csp: string;
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  csp: string,
  extra: Record<string, string> = {},
): void {
  response.writeHead(status, { ...securityHeaders(csp), 'Content-Type': 'text/plain; charset=utf-8', ...extra });
  response.end(`${text}\n`);
}

/** Maps a URL path to a file inside `root`, or undefined for anything that could leave it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  const rootResolved = resolve(root);
  const file = resolve(rootResolved, ...(segments.length === 0 ? [INDEX_FILE] : segments));
  return file.startsWith(rootResolved + sep) ? file : undefined;
}

export async function serveStatic(
  response: ServerResponse,
  urlPath: string,
  site: StaticSite,
  headOnly: boolean,
): Promise<void> {
  const headers = securityHeaders(site.csp);
  const isBridge = urlPath === HOST_BRIDGE_PATH;
  const file = isBridge ? site.bridgeFile : resolveInside(site.rendererDir, urlPath);
  const type = file ? MIME_TYPES[extname(file).toLowerCase()] : undefined;
  if (!file || !type) return sendText(response, 404, 'Not found.', site.csp);
  let body: Buffer;
  try {
    // Symbolic links pointing out of the renderer folder are not followed.
    const real = await realpath(file);
    if (!isBridge && !real.startsWith(resolve(await realpath(site.rendererDir)) + sep))
      return sendText(response, 404, 'Not found.', site.csp);
    const info = await stat(real);
    if (!info.isFile() || info.size > MAX_SERVED_FILE_BYTES) return sendText(response, 404, 'Not found.', site.csp);
    body = await readFile(real);
  } catch {
    const missing = isBridge || file === join(resolve(site.rendererDir), INDEX_FILE);
    return sendText(
      response,
      404,
      missing ? 'The console page is not built yet: run `npm run build`.' : 'Not found.',
      site.csp,
    );
  }
  response.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(body.length) });
  response.end(headOnly ? undefined : body);
}
