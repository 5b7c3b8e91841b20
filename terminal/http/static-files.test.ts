import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../test/harness/temp-dir';
import { serveStaticFiles } from './static-files';

let temp: TempDir;
let server: Server;
let base: string;

beforeAll(async () => {
  temp = await makeTempDir();
  const site = join(temp.path, 'site');
  await mkdir(join(site, '.secret'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<h1>受付</h1>');
  await writeFile(join(site, 'kiosk.css'), 'h1{}');
  await writeFile(join(site, '.secret', 'key.html'), 'private');
  await writeFile(join(site, 'notes.txt'), 'unknown type');
  await writeFile(join(temp.path, 'outside.html'), 'outside the root');
  const handler = serveStaticFiles(site);
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await temp.remove();
});

/** Raw request, so paths like /../ reach the server unnormalised. */
function get(path: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files of a renderer', () => {
  it('serves index.html for / with the type and security headers', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.body).toBe('<h1>受付</h1>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['/../outside.html', 'a path climbing out of the root'],
    ['/%2e%2e/outside.html', 'an encoded climb'],
    ['/.secret/key.html', 'a dot-folder'],
    ['/notes.txt', 'a file type it does not know'],
    ['/missing.html', 'a missing file'],
    ['/%E0%A4%A', 'a malformed escape'],
  ])('answers 404 for %s (%s)', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside the root');
    expect(response.body).not.toContain('private');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('/', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, HEAD');
  });
});
