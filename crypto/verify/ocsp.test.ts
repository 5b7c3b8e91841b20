import { beforeAll, describe, expect, it } from 'vitest';
import { buildOcspErrorResponse, buildOcspResponse, createCryptoEngine, readTestPki } from '../mock-ca';
import type { CaGeneration, KeyAndCertificate, OcspResponseInput, TestPki } from '../mock-ca';
import { parseCertificate, parseOcspRequest } from './der';
import type { HttpFetch } from './http-fetch';
import { checkOcsp, OCSP_NONCE_OID } from './ocsp';
import { loadTrustStore } from './trust-store';
import type { TrustAnchor } from './trust-store';

// Responder authorisation and answer matching, with answers built by the mock CA and handed back
// through a stub HttpFetch (the HTTP path itself is covered in test/integration/crypto).
const CHECK_TIME = new Date('2026-06-01T00:00:00+09:00');
const THIS_UPDATE = new Date('2026-05-31T14:00:00Z');
const engine = createCryptoEngine();
let pki: TestPki;
let ca2023: CaGeneration;
let ca2019: CaGeneration;
let anchor2023: TrustAnchor;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  const loaded = await loadTrustStore('fixtures/pki/ca', engine);
  if (!loaded.ok) throw new Error(loaded.detail);
  const anchor = loaded.store.generations('user-auth').find((candidate) => candidate.generation === '2023-07-16');
  const newest = pki.caGenerations.userAuth.find((ca) => ca.generation === '2023-07-16');
  const older = pki.caGenerations.userAuth.find((ca) => ca.generation === '2019-09-14');
  if (!anchor || !newest || !older) throw new Error('fixture PKI incomplete');
  [anchor2023, ca2023, ca2019] = [anchor, newest, older];
});

/** Answers every request with what `build` makes of it, echoing the request's nonce. */
function responderStub(build: (nonce: Uint8Array | undefined) => Promise<Uint8Array>): HttpFetch {
  return async (request) => {
    const parsed = parseOcspRequest(request.body ?? new Uint8Array());
    const nonce = parsed.ok ? parsed.value.tbsRequest.requestExtensions?.find((extension) => extension.extnID === OCSP_NONCE_OID) : undefined;
    const body = await build(nonce ? new Uint8Array(nonce.extnValue.valueBlock.valueHexView) : undefined);
    return { ok: true, status: 200, contentType: 'application/ocsp-response', body };
  };
}

const holder = () => pki.holders['shiken-taro']?.userAuth;

async function check(fetch: HttpFetch) {
  const leaf = parseCertificate(holder()?.certificate ?? new Uint8Array());
  if (!leaf.ok) throw new Error('fixture certificate does not parse');
  const status = await checkOcsp({
    url: 'http://127.0.0.1/ocsp',
    leaf: leaf.value,
    anchor: anchor2023,
    checkTime: CHECK_TIME,
    fetch,
    engine,
    random: () => new Uint8Array(32).fill(0x11),
    timeoutMs: 1000,
    freshnessSeconds: 3600,
    clockSkewSeconds: 300,
    requireNonce: true,
  });
  return status.outcome === 'invalid' ? status.failure.code : status.outcome;
}

const answerFor = (serialNumberHex: string, extra: Partial<OcspResponseInput> = {}) => (nonce: Uint8Array | undefined) =>
  buildOcspResponse(
    {
      ca: ca2023,
      answers: [{ serialNumberHex, status: { kind: 'good' }, thisUpdate: THIS_UPDATE }],
      producedAt: THIS_UPDATE,
      ...(nonce ? { nonceExtensionValue: nonce } : {}),
      ...extra,
    },
    engine,
  );

describe('checkOcsp', () => {
  const holderAsResponder = (): KeyAndCertificate => {
    const leaf = holder();
    if (!leaf) throw new Error('no holder');
    return leaf;
  };
  it.each([
    ['signed by the CA', () => answerFor(holder()?.serialNumberHex ?? '01'), 'good'],
    ['signed by a CA-issued certificate without id-kp-OCSPSigning', () => answerFor(holder()?.serialNumberHex ?? '01', { delegatedSigner: holderAsResponder() }), 'OCSP_SIGNATURE_INVALID'],
    ['signed by another CA generation', () => answerFor(holder()?.serialNumberHex ?? '01', { ca: ca2019 }), 'OCSP_SIGNATURE_INVALID'],
    ['answering for another serial only', () => answerFor('0102030405060708'), 'OCSP_MALFORMED'],
    ['without nextUpdate, older than the freshness window', () => (nonce: Uint8Array | undefined) =>
      answerFor(holder()?.serialNumberHex ?? '01', {
        answers: [{ serialNumberHex: holder()?.serialNumberHex ?? '01', status: { kind: 'good' }, thisUpdate: new Date('2026-05-31T12:00:00Z') }],
      })(nonce), 'OCSP_STALE'],
    ['thisUpdate in the future', () => (nonce: Uint8Array | undefined) =>
      answerFor(holder()?.serialNumberHex ?? '01', {
        answers: [{ serialNumberHex: holder()?.serialNumberHex ?? '01', status: { kind: 'good' }, thisUpdate: new Date('2026-06-02T00:00:00Z') }],
      })(nonce), 'OCSP_STALE'],
    ['status unauthorized', () => async () => buildOcspErrorResponse('unauthorized'), 'OCSP_MALFORMED'],
    ['status tryLater', () => async () => buildOcspErrorResponse('tryLater'), 'unavailable'],
  ] as const)('%s → %s', async (_, makeBuild, expected) => {
    expect(await check(responderStub(makeBuild()))).toBe(expected);
  });
});
