import { once } from 'node:events';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCryptoEngine, generateFacilityPki, toPem, type FacilityPki } from '../../crypto/mock-ca';
import type { CentralTransport, TransportRequest } from './central-transport';
import { createHttpsTransport } from './https-transport';

const request = (path: string, overrides: Partial<TransportRequest> = {}): TransportRequest => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode('{}'), timeoutMs: 2_000, ...overrides });

async function listen(server: Server | HttpsServer): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** The HTTPS transport against an in-process server on loopback with a facility PKI made for the test. */
describe('createHttpsTransport', () => {
  let pki: FacilityPki;
  let server: HttpsServer;
  let transport: CentralTransport;
  let connections = 0;
  const clientCertificateSeen: boolean[] = [];

  beforeAll(async () => {
    const startDate = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    pki = await generateFacilityPki({ seed: 'https-transport', startDate, facilities: [{ medicalInstitutionCode: '1399999999', name: '見本内科医院' }] }, createCryptoEngine());
    server = createHttpsServer(
      { key: toPem(pki.server.privateKeyPkcs8, 'PRIVATE KEY'), cert: toPem(pki.server.certificate, 'CERTIFICATE'), ca: toPem(pki.ca.certificate, 'CERTIFICATE'), requestCert: true, rejectUnauthorized: true },
      (incoming, response) => {
        clientCertificateSeen.push((incoming.socket as TLSSocket).authorized);
        incoming.resume();
        incoming.once('end', () => {
          if (incoming.url === '/big') response.end(Buffer.alloc(64 * 1024, 0x41));
          else if (incoming.url !== '/silent') response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
          // '/silent' is never answered.
        });
      },
    );
    server.on('secureConnection', () => (connections += 1));
    const port = await listen(server);
    const facility = pki.facilities[0]!;
    transport = createHttpsTransport({
      baseUrl: `https://127.0.0.1:${port}`,
      caPem: toPem(pki.ca.certificate, 'CERTIFICATE'),
      clientCertificatePem: toPem(facility.certificate, 'CERTIFICATE'),
      clientKeyPem: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'),
      maxResponseBytes: 16 * 1024,
      maxSockets: 1,
    });
  }, 30_000);

  afterAll(() => {
    transport?.close();
    server?.closeAllConnections();
    server?.close();
  });

  it('answers over mutual TLS and keeps the connection alive for the next request', async () => {
    const first = await transport.send(request('/ok'));
    const second = await transport.send(request('/ok'));
    expect(first).toMatchObject({ kind: 'answer', status: 200, contentType: 'application/json' });
    expect(new TextDecoder().decode((second as { body: Uint8Array }).body)).toBe('{"ok":true}');
    expect(clientCertificateSeen.slice(0, 2)).toEqual([true, true]);
    expect(connections).toBe(1);
  });

  it('queues requests beyond its connections without piling listeners on a connection', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const outcomes = await Promise.all(Array.from({ length: 30 }, () => transport.send(request('/many'))));
      expect(outcomes.every((outcome) => outcome.kind === 'answer')).toBe(true);
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('cuts off an answer over the size bound', async () => {
    expect(await transport.send(request('/big'))).toMatchObject({ kind: 'failed', reason: 'too-large' });
  });

  it('times out a request that is never answered, noting it was written', async () => {
    expect(await transport.send(request('/silent', { timeoutMs: 150 }))).toMatchObject({ kind: 'failed', reason: 'timeout', requestWritten: true });
  });

  it("ends at the caller's abort", async () => {
    const controller = new AbortController();
    const pending = transport.send(request('/silent', { signal: controller.signal }));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'failed', reason: 'aborted' });
    expect(await transport.send(request('/ok', { signal: AbortSignal.abort() }))).toMatchObject({ kind: 'failed', reason: 'aborted', requestWritten: false });
  });

  it('reports a refused connection as not written', async () => {
    const closed = createTcpServer();
    const port = await listen(closed);
    closed.close();
    await once(closed, 'close');
    const other = createHttpsTransport({ baseUrl: `https://127.0.0.1:${port}`, caPem: toPem(pki.ca.certificate, 'CERTIFICATE'), clientCertificatePem: '', clientKeyPem: '', maxResponseBytes: 1024, maxSockets: 1 });
    expect(await other.send(request('/ok'))).toMatchObject({ kind: 'failed', reason: 'connection', requestWritten: false, detail: 'ECONNREFUSED' });
    other.close();
  });

  it('reports a peer that never completes the TLS handshake as a timeout before anything was written', async () => {
    const mute = createTcpServer(() => {});
    const port = await listen(mute);
    const facility = pki.facilities[0]!;
    const other = createHttpsTransport({
      baseUrl: `https://127.0.0.1:${port}`,
      caPem: toPem(pki.ca.certificate, 'CERTIFICATE'),
      clientCertificatePem: toPem(facility.certificate, 'CERTIFICATE'),
      clientKeyPem: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'),
      maxResponseBytes: 1024,
      maxSockets: 1,
    });
    try {
      expect(await other.send(request('/ok', { timeoutMs: 150 }))).toMatchObject({ kind: 'failed', reason: 'timeout', requestWritten: false });
    } finally {
      other.close();
      mute.close();
    }
  });

  it('reports a server certificate our CA did not sign as a connection failure', async () => {
    const strangers = await generateFacilityPki({ seed: 'stranger', startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), facilities: [{ medicalInstitutionCode: '1399999999', name: 'x' }] }, createCryptoEngine());
    const facility = pki.facilities[0]!;
    const other = createHttpsTransport({
      baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      caPem: toPem(strangers.ca.certificate, 'CERTIFICATE'),
      clientCertificatePem: toPem(facility.certificate, 'CERTIFICATE'),
      clientKeyPem: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'),
      maxResponseBytes: 1024,
      maxSockets: 1,
    });
    expect(await other.send(request('/ok'))).toMatchObject({ kind: 'failed', reason: 'connection', requestWritten: false });
    other.close();
  }, 30_000);
});
