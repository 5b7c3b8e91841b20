import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './http-fetch';

// The default HttpFetch against a real server on 127.0.0.1. A held response is released by the
// test when it ends (no sleeping), and every server is closed with its connections.
let server: Server | undefined;
const held: ServerResponse[] = [];

afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: (body: Buffer, response: ServerResponse) => void): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handler(Buffer.concat(chunks), response));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createNodeHttpFetch', () => {
  it('POSTs the body with its content type and returns status, type and body', async () => {
    const url = await serve((body, response) => {
      response.writeHead(200, { 'content-type': 'application/ocsp-response' });
      response.end(Buffer.concat([Buffer.from('echo:'), body]));
    });
    const result = await createNodeHttpFetch()({ url, method: 'POST', body: new Uint8Array([1, 2]), contentType: 'application/ocsp-request', timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: true, status: 200, contentType: 'application/ocsp-response' });
    expect(result.ok && Buffer.from(result.body).toString('latin1')).toBe('echo:\u0001\u0002');
  });

  it('gives up after its timeout on a server that does not answer', async () => {
    const url = await serve((_, response) => held.push(response));
    expect(await createNodeHttpFetch()({ url, method: 'GET', timeoutMs: 100 })).toEqual({ ok: false, reason: 'timeout' });
  });

  it('refuses an answer larger than its cap', async () => {
    const url = await serve((_, response) => response.end(Buffer.alloc(10_000)));
    expect(await createNodeHttpFetch({ maxResponseBytes: 1000 })({ url, method: 'GET', timeoutMs: 2000 })).toEqual({ ok: false, reason: 'too-large' });
  });

  it.each(['https://127.0.0.1/crl', 'ldap://127.0.0.1/crl', 'not a url'])('refuses %s', async (url) => {
    expect(await createNodeHttpFetch()({ url, method: 'GET', timeoutMs: 100 })).toEqual({ ok: false, reason: 'bad-url' });
  });

  it('reports a refused connection as a network failure', async () => {
    expect(await createNodeHttpFetch()({ url: 'http://127.0.0.1:1/', method: 'GET', timeoutMs: 2000 })).toEqual({ ok: false, reason: 'network' });
  });
});
