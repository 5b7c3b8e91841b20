import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** Headers every page gets: no framing, no sniffing, nothing loaded from anywhere but this origin. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Serves the files of one folder, GET and HEAD only. Paths outside the folder, dot-files and unknown
 * types are 404, so nothing but the renderer's own assets leaves the machine's disk.
 */
export function serveStaticFiles(rootDir: string) {
  const root = normalize(rootDir + sep);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    const path = decodePath(request.url ?? '/');
    const file = path === null ? null : normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const contentType = file ? CONTENT_TYPES[extname(file)] : undefined;
    if (!file || !file.startsWith(root) || file.split(sep).some((part) => part.startsWith('.')) || !contentType) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('見つかりません / Not found');
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('見つかりません / Not found');
      return;
    }
    response.writeHead(200, { 'content-type': contentType, 'content-length': body.length, ...SECURITY_HEADERS });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

function decodePath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://terminal.invalid').pathname);
  } catch {
    return null;
  }
}
