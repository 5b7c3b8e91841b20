import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJlisResponder } from '../../../central/jlis';
import type { JlisBehaviour, JlisResponder } from '../../../central/jlis';
import { createCryptoEngine, generateVerifierScenarios, issueScenarioCertificate, readTestPki, SCENARIO_VALIDITY, startOfJstDay, endOfJstDay } from '../../../crypto/mock-ca';
import type { TestPki, VerifierScenarioCertificates } from '../../../crypto/mock-ca';
import { CardCertificateVerifier, createCardCertificateVerifier, loadTrustStore } from '../../../crypto/verify';
import type { CardCertificateVerification, ResponderUrls, RevocationPolicy, TrustStore, VerificationCode } from '../../../crypto/verify';

// The revocation rows of the scenario table, each through the real J-LIS-like responder over HTTP on
// 127.0.0.1. Check times are fixed and the responder's clock follows the row's check time.
const CHECK_TIME = new Date('2026-06-01T00:00:00+09:00');
const UNREACHABLE_URL = 'http://127.0.0.1:1/ocsp'; // nothing listens on port 1
const engine = createCryptoEngine();

let pki: TestPki;
let scenarios: VerifierScenarioCertificates;
let trustStore: TrustStore;
let responder: JlisResponder;
let delegatedResponder: JlisResponder;
let responderNow = CHECK_TIME;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  scenarios = await generateVerifierScenarios(pki, engine);
  const loaded = await loadTrustStore('fixtures/pki/ca', engine);
  if (!loaded.ok) throw new Error(loaded.detail);
  trustStore = loaded.store;
  const registered = [scenarios.wrongKeyUsage, scenarios.policyMissing].map((certificate) => ({
    kind: 'user-auth' as const,
    generation: '2023-07-16',
    serialNumberHex: certificate.serialNumberHex,
  }));
  responder = await startJlisResponder({ pki, engine, now: () => responderNow, extraIssued: registered });
  delegatedResponder = await startJlisResponder({ pki, engine, now: () => responderNow, ocspSigner: 'delegated' });
});

afterAll(async () => {
  await responder?.stop();
  await delegatedResponder?.stop();
});

const userAuth = (id: string) => () => pki.holders[id]?.userAuth.certificate ?? new Uint8Array();
const ocspOnly: Partial<RevocationPolicy> = { methods: ['ocsp'] };
const crlOnly: Partial<RevocationPolicy> = { methods: ['crl'] };

interface Row {
  name: string;
  certificate: () => Uint8Array;
  at?: string;
  policy?: Partial<RevocationPolicy>;
  behaviour?: Partial<JlisBehaviour>;
  responders?: (main: JlisResponder, delegated: JlisResponder) => ResponderUrls;
  expected: VerificationCode | { source: string; generation?: string };
}

const both = (main: JlisResponder): ResponderUrls => ({ ocspUrl: main.ocspUrl, crlUrlByGeneration: main.userAuthCrlUrls() });

const rows: Row[] = [
  { name: 'valid, generation 2015-10-20, OCSP', certificate: userAuth('yamamoto-megumi'), at: '2020-06-01T00:00:00+09:00', policy: ocspOnly, expected: { source: 'ocsp', generation: '2015-10-20' } },
  { name: 'valid, generation 2019-09-14 after rollover, OCSP', certificate: userAuth('kobayashi-shota'), policy: ocspOnly, expected: { source: 'ocsp', generation: '2019-09-14' } },
  { name: 'valid, generation 2023-07-16, OCSP', certificate: userAuth('shiken-taro'), policy: ocspOnly, expected: { source: 'ocsp', generation: '2023-07-16' } },
  { name: 'valid, generation 2019-09-14, CRL', certificate: userAuth('kobayashi-shota'), policy: crlOnly, expected: { source: 'crl', generation: '2019-09-14' } },
  { name: 'valid, generation 2023-07-16, CRL', certificate: userAuth('shiken-taro'), policy: crlOnly, expected: { source: 'crl', generation: '2023-07-16' } },
  { name: 'valid, delegated OCSP responder', certificate: userAuth('shiken-taro'), policy: ocspOnly, responders: (_, delegated) => both(delegated), expected: { source: 'ocsp' } },
  { name: 'revoked via CRL', certificate: userAuth('kato-daisuke'), policy: crlOnly, expected: 'REVOKED' },
  { name: 'revoked via OCSP', certificate: userAuth('kato-daisuke'), policy: ocspOnly, expected: 'REVOKED' },
  { name: 'revoked via delegated OCSP responder', certificate: userAuth('kato-daisuke'), policy: ocspOnly, responders: (_, delegated) => both(delegated), expected: 'REVOKED' },
  { name: 'OCSP says unknown', certificate: () => scenarios.unregistered.certificate, policy: ocspOnly, expected: 'REVOCATION_UNKNOWN' },
  { name: 'OCSP unreachable (503)', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'unavailable' }, expected: 'REVOCATION_UNAVAILABLE' },
  { name: 'OCSP unreachable (connection reset)', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'reset' }, expected: 'REVOCATION_UNAVAILABLE' },
  { name: 'OCSP unreachable (nothing listening)', certificate: userAuth('shiken-taro'), policy: ocspOnly, responders: () => ({ ocspUrl: UNREACHABLE_URL }), expected: 'REVOCATION_UNAVAILABLE' },
  {
    name: 'OCSP slow (delay 30 s, verifier timeout 200 ms)',
    certificate: userAuth('shiken-taro'),
    policy: { methods: ['ocsp'], ocspTimeoutMs: 200 },
    behaviour: { latencyMs: 30_000 },
    expected: 'REVOCATION_UNAVAILABLE',
  },
  { name: 'OCSP bad signature', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'bad-signature' }, expected: 'OCSP_SIGNATURE_INVALID' },
  { name: 'OCSP bad signature, delegated responder', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'bad-signature' }, responders: (_, delegated) => both(delegated), expected: 'OCSP_SIGNATURE_INVALID' },
  { name: 'OCSP stale', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'stale' }, expected: 'OCSP_STALE' },
  { name: 'OCSP nonce mismatch', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'wrong-nonce' }, expected: 'OCSP_NONCE_MISMATCH' },
  { name: 'OCSP nonce missing', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'no-nonce' }, expected: 'OCSP_NONCE_MISMATCH' },
  { name: 'OCSP malformed answer', certificate: userAuth('shiken-taro'), policy: ocspOnly, behaviour: { failure: 'malformed' }, expected: 'OCSP_MALFORMED' },
  { name: 'CRL expired', certificate: userAuth('shiken-taro'), policy: crlOnly, behaviour: { failure: 'stale' }, expected: 'CRL_EXPIRED' },
  { name: 'CRL bad signature', certificate: userAuth('shiken-taro'), policy: crlOnly, behaviour: { failure: 'bad-signature' }, expected: 'CRL_SIGNATURE_INVALID' },
  { name: 'CRL malformed', certificate: userAuth('shiken-taro'), policy: crlOnly, behaviour: { failure: 'malformed' }, expected: 'CRL_MALFORMED' },
  { name: 'CRL unavailable', certificate: userAuth('shiken-taro'), policy: crlOnly, behaviour: { failure: 'unavailable' }, expected: 'REVOCATION_UNAVAILABLE' },
  {
    name: 'OCSP unreachable, default policy falls back to the CRL',
    certificate: userAuth('shiken-taro'),
    responders: (main) => ({ ocspUrl: UNREACHABLE_URL, crlUrlByGeneration: main.userAuthCrlUrls() }),
    expected: { source: 'crl' },
  },
  {
    name: 'nothing answers, fail-open policy accepts and says so',
    certificate: userAuth('shiken-taro'),
    policy: { whenUnavailable: 'fail-open' },
    behaviour: { failure: 'unavailable' },
    expected: { source: 'unavailable' },
  },
  { name: 'nothing answers, default policy fails closed', certificate: userAuth('shiken-taro'), behaviour: { failure: 'unavailable' }, expected: 'REVOCATION_UNAVAILABLE' },
  { name: 'no responder URL anywhere, fails closed', certificate: userAuth('shiken-taro'), responders: () => ({}), expected: 'REVOCATION_UNAVAILABLE' },
  { name: 'chain failure comes before revocation: expired', certificate: userAuth('yamamoto-megumi'), expected: 'CERT_EXPIRED' },
];

function outcome(result: CardCertificateVerification): string {
  return result.ok ? `ok/${result.revocationSource}/${result.issuerGeneration}` : result.code;
}

describe('card certificate verification with revocation over HTTP', () => {
  it.each(rows)('$name', async (row) => {
    const checkTime = new Date(row.at ?? CHECK_TIME);
    responderNow = checkTime;
    responder.setBehaviour({ latencyMs: 0, failure: 'none', ...row.behaviour });
    delegatedResponder.setBehaviour({ latencyMs: 0, failure: 'none', ...row.behaviour });
    const responders = row.responders ? row.responders(responder, delegatedResponder) : both(responder);
    const verifier = new CardCertificateVerifier(trustStore, engine, { responders, ...(row.policy ? { policy: row.policy } : {}) });
    const result = await verifier.verify(row.certificate(), checkTime);
    if (typeof row.expected === 'string') {
      expect(outcome(result)).toBe(row.expected);
      if (!result.ok) expect(result.detail).not.toMatch(/加藤|大輔|山本|\d{4}-\d{2}-\d{2}T.*住所/);
    } else {
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.revocationSource).toBe(row.expected.source);
      if (row.expected.generation) expect(result.issuerGeneration).toBe(row.expected.generation);
    }
  });

  it('caches a verified CRL until its nextUpdate: the second check is a cache hit', async () => {
    responderNow = CHECK_TIME;
    responder.setBehaviour({ latencyMs: 0, failure: 'none' });
    const verifier = new CardCertificateVerifier(trustStore, engine, { responders: both(responder), policy: crlOnly });
    const before = responder.counts.crl;
    expect(outcome(await verifier.verify(userAuth('shiken-taro')(), CHECK_TIME))).toBe('ok/crl/2023-07-16');
    expect(outcome(await verifier.verify(userAuth('iryohi-taro')(), CHECK_TIME))).toBe('ok/cache/2023-07-16');
    expect(responder.counts.crl).toBe(before + 1);
    // Past nextUpdate (24 h after thisUpdate) the cache is not used: a fresh fetch.
    const nextDay = new Date(CHECK_TIME.getTime() + 30 * 60 * 60 * 1000);
    responderNow = nextDay;
    expect(outcome(await verifier.verify(userAuth('shiken-taro')(), nextDay))).toBe('ok/crl/2023-07-16');
    expect(responder.counts.crl).toBe(before + 2);
  });

  it('takes the OCSP URL from the certificate (AIA) when config names none; config wins when both do', async () => {
    responderNow = CHECK_TIME;
    responder.setBehaviour({ latencyMs: 0, failure: 'none' });
    const ca = pki.caGenerations.userAuth[2];
    if (!ca) throw new Error('no 2023 generation');
    const withAia = await issueScenarioCertificate(
      pki.seed,
      ca,
      {
        label: 'aia-points-at-responder',
        subjectPublicKeySpki: pki.holders['shiken-taro']?.userAuth.publicKeySpki ?? new Uint8Array(),
        notBefore: startOfJstDay(SCENARIO_VALIDITY.from),
        notAfter: endOfJstDay(SCENARIO_VALIDITY.to),
        ocspResponderUrl: responder.ocspUrl,
        crlDistributionPointUrl: responder.crlUrl('user-auth', '2023-07-16'),
      },
      engine,
    );
    const fromCertificate = new CardCertificateVerifier(trustStore, engine, { policy: ocspOnly });
    // Unregistered serial: the responder says unknown, which proves the certificate's URL was used.
    expect(outcome(await fromCertificate.verify(withAia.certificate, CHECK_TIME))).toBe('REVOCATION_UNKNOWN');
    const configWins = new CardCertificateVerifier(trustStore, engine, { policy: ocspOnly, responders: { ocspUrl: UNREACHABLE_URL } });
    expect(outcome(await configWins.verify(withAia.certificate, CHECK_TIME))).toBe('REVOCATION_UNAVAILABLE');
    const crlFromCertificate = new CardCertificateVerifier(trustStore, engine, { policy: crlOnly });
    expect(outcome(await crlFromCertificate.verify(withAia.certificate, CHECK_TIME))).toBe('ok/crl/2023-07-16');
  });

  it('builds the verifier from config: the trust store comes from the configured path', async () => {
    const created = await createCardCertificateVerifier(
      { trustStorePath: 'fixtures/pki/ca', responders: both(responder), policy: ocspOnly },
      { engine },
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    responderNow = CHECK_TIME;
    responder.setBehaviour({ latencyMs: 0, failure: 'none' });
    expect(outcome(await created.verifier.verify(userAuth('shiken-taro')(), CHECK_TIME))).toBe('ok/ocsp/2023-07-16');
  });
});
