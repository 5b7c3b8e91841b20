import { request } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCryptoEngine, readTestPki } from '../../crypto/mock-ca';
import type { TestPki } from '../../crypto/mock-ca';
import { buildOcspRequest, loadTrustStore, parseCertificate, parseCrl, parseOcspResponse } from '../../crypto/verify';
import type { TrustStore } from '../../crypto/verify';
import { startJlisResponder } from './responder';
import type { JlisResponder } from './responder';

// The responder on its own, over real HTTP on 127.0.0.1: routes, limits and a bounded stop. The
// verifier's view of its answers is in test/integration/crypto.
const NOW = new Date('2026-06-01T00:00:00+09:00');
const engine = createCryptoEngine();
let pki: TestPki;
let trustStore: TrustStore;
let responder: JlisResponder | undefined;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  const loaded = await loadTrustStore('fixtures/pki/ca', engine);
  if (!loaded.ok) throw new Error(loaded.detail);
  trustStore = loaded.store;
});

afterEach(async () => {
  await responder?.stop();
  responder = undefined;
});

function call(url: string, method: 'GET' | 'POST', body?: Uint8Array): Promise<{ status: number; type: string | undefined; body: Buffer } | 'reset'> {
  return new Promise((resolve) => {
    const outgoing = request(url, { method, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body: Buffer.concat(chunks) }));
      response.on('error', () => resolve('reset'));
    });
    outgoing.on('error', () => resolve('reset'));
    outgoing.end(body ? Buffer.from(body) : undefined);
  });
}

function ocspRequestFor(holderId: string): Uint8Array {
  const leaf = parseCertificate(pki.holders[holderId]?.userAuth.certificate ?? new Uint8Array());
  if (!leaf.ok) throw new Error('fixture certificate does not parse');
  const anchor = trustStore.generations('user-auth').find((candidate) => candidate.generation === pki.holders[holderId]?.userAuth.issuerGeneration);
  if (!anchor) throw new Error('no anchor');
  return buildOcspRequest(leaf.value, anchor, new Uint8Array(32).fill(1)).der;
}

describe('J-LIS-like responder', () => {
  it('binds to 127.0.0.1 and serves a CRL per CA generation', async () => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW });
    expect(responder.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await call(responder.crlUrl('user-auth', '2019-09-14'), 'GET');
    if (answer === 'reset') throw new Error('reset');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/pkix-crl');
    expect(parseCrl(new Uint8Array(answer.body)).ok).toBe(true);
    expect(Object.keys(responder.userAuthCrlUrls())).toEqual(['2015-10-20', '2019-09-14', '2023-07-16']);
  });

  it('gives byte-identical answers for the same clock and request (deterministic)', async () => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW });
    const der = ocspRequestFor('kato-daisuke');
    const bodies = [];
    for (const [url, method, body] of [
      [responder.crlUrl('user-auth', '2019-09-14'), 'GET', undefined],
      [responder.crlUrl('user-auth', '2019-09-14'), 'GET', undefined],
      [responder.ocspUrl, 'POST', der],
      [responder.ocspUrl, 'POST', der],
    ] as const) {
      const answer = await call(url, method, body);
      if (answer === 'reset') throw new Error('reset');
      bodies.push(answer.body);
    }
    expect(bodies[0]?.equals(bodies[1] ?? Buffer.alloc(0))).toBe(true);
    expect(bodies[2]?.equals(bodies[3] ?? Buffer.alloc(0))).toBe(true);
  });

  it.each([
    ['unknown path', '/nothing', 'GET', 404],
    ['unknown generation', '/crl/user-auth/2001-01-01.crl', 'GET', 404],
    ['CRL by POST', '/crl/user-auth/2019-09-14.crl', 'POST', 405],
  ] as const)('refuses %s', async (_, path, method, status) => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW });
    const answer = await call(`${responder.url}${path}`, method);
    expect(answer === 'reset' ? 'reset' : answer.status).toBe(status);
  });

  it('answers OCSP by POST and by GET (RFC 6960 §A.1)', async () => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW });
    const der = ocspRequestFor('shiken-taro');
    for (const answer of [
      await call(responder.ocspUrl, 'POST', der),
      await call(`${responder.ocspUrl}/${encodeURIComponent(Buffer.from(der).toString('base64'))}`, 'GET'),
    ]) {
      if (answer === 'reset') throw new Error('reset');
      expect(answer.type).toBe('application/ocsp-response');
      const parsed = parseOcspResponse(new Uint8Array(answer.body));
      expect(parsed.ok && parsed.value.responseStatus.valueBlock.valueDec).toBe(0);
    }
    expect(responder.counts.ocsp).toBe(2);
  });

  it('answers malformedRequest to bytes that are not an OCSP request, and 413 to an oversized body', async () => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW });
    const garbage = await call(responder.ocspUrl, 'POST', new Uint8Array([1, 2, 3]));
    if (garbage === 'reset') throw new Error('reset');
    const parsed = parseOcspResponse(new Uint8Array(garbage.body));
    expect(parsed.ok && parsed.value.responseStatus.valueBlock.valueDec).toBe(1);
    const huge = await call(responder.ocspUrl, 'POST', new Uint8Array(65 * 1024));
    expect(huge === 'reset' ? 'reset' : huge.status).toBe(413);
  });

  it('answers 400 to malformed percent-encoding and request targets that are no path, and keeps serving', async () => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW });
    const port = Number(new URL(responder.url).port);
    const rawGet = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
    for (const path of ['/ocsp/%zz', '/ocsp/%E0%A4%A', '/ocsp/%', '//', '//%']) expect(await rawGet(path), path).toBe(400);
    const good = await call(`${responder.ocspUrl}/${encodeURIComponent(Buffer.from(ocspRequestFor('shiken-taro')).toString('base64'))}`, 'GET');
    expect(good === 'reset' ? 'reset' : good.status).toBe(200);
  });

  it('switches at run time: unavailable, reset, malformed', async () => {
    responder = await startJlisResponder({ pki, engine, now: () => NOW, behaviour: { failure: 'unavailable' } });
    const crlUrl = responder.crlUrl('user-auth', '2023-07-16');
    const unavailable = await call(crlUrl, 'GET');
    expect(unavailable === 'reset' ? 'reset' : unavailable.status).toBe(503);
    responder.setBehaviour({ failure: 'reset' });
    expect(await call(crlUrl, 'GET')).toBe('reset');
    responder.setBehaviour({ failure: 'malformed' });
    const malformed = await call(crlUrl, 'GET');
    if (malformed === 'reset') throw new Error('reset');
    expect(parseCrl(new Uint8Array(malformed.body)).ok).toBe(false);
  });

  it('stop() ends a request held by the latency switch and closes its connection', async () => {
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const started = await startJlisResponder({ pki, engine, now: () => NOW, behaviour: { latencyMs: 60_000 }, onRequest: () => arrived() });
    const pending = call(started.crlUrl('user-auth', '2023-07-16'), 'GET');
    await requestArrived;
    expect(started.counts.crl).toBe(1);
    await started.stop();
    expect(await pending).toBe('reset');
  });
});
