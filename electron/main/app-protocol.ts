import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from '../../terminal/http/static-files';
import type { CustomScheme } from './electron-api';

// The kiosk page is served from a privileged scheme of its own, never from file://: the page then has
// an origin (`app://kiosk`) that the permission handler, the navigation guards and the IPC sender
// checks can name, and it gets the same security headers as in browser mode.

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const KIOSK_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * Standard (relative URLs and an origin) and secure (a secure context: getUserMedia works); nothing
 * else. In particular it does not bypass the CSP, and it has no fetch, CORS, service workers or
 * extensions: the page loads its own files by <script>, <link> and <img> only.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = { scheme: APP_SCHEME, privileges: { standard: true, secure: true } };

/**
 * Whether a URL (or a serialised origin) is the app's own origin. Compared by parts, not with
 * `URL.origin`, which is "null" for schemes Node does not know; a user, password or port is not ours.
 */
export function isAppUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

function notFound(): Response {
  return new Response('見つかりません / Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/**
 * The `protocol.handle` handler for the app scheme: the files of one folder (the bundled kiosk
 * renderer), GET only, with the browser mode's security headers (CSP among them). Another host, a
 * path outside the folder, a dot-file or a type not listed is 404.
 */
export function serveAppFiles(rootDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD', ...SECURITY_HEADERS } });
    }
    const file = fileOf(root, request.url);
    const contentType = file === undefined ? undefined : CONTENT_TYPES[extname(file)];
    if (file === undefined || contentType === undefined) return notFound();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': contentType, 'content-length': String(body.length), ...SECURITY_HEADERS },
    });
  };
}

function fileOf(root: string, requestUrl: string): string | undefined {
  if (!isAppUrl(requestUrl)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const parts = path.split('/').filter((part) => part !== '');
  if (parts.some((part) => part.startsWith('.'))) return undefined;
  if (path.endsWith('/') || parts.length === 0) parts.push('index.html');
  const file = resolve(root, ...parts);
  return file.startsWith(root + sep) ? file : undefined;
}
