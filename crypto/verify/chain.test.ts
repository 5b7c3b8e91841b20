import { beforeAll, describe, expect, it } from 'vitest';
import { createCryptoEngine, generateVerifierScenarios, readTestPki } from '../mock-ca';
import type { TestPki, VerifierScenarioCertificates } from '../mock-ca';
import { validateUserAuthCertificate } from './chain';
import { loadTrustStore, TrustStore } from './trust-store';
import type { VerificationCode } from './result-codes';

// Chain rows of the scenario table (revocation rows run against the real responder in
// test/integration/crypto). Check times are fixed; the wall clock is never read.
const CHECK_TIME = new Date('2026-06-01T00:00:00+09:00');
const engine = createCryptoEngine();
let pki: TestPki;
let scenarios: VerifierScenarioCertificates;
let trustStore: TrustStore;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  scenarios = await generateVerifierScenarios(pki, engine);
  const loaded = await loadTrustStore('fixtures/pki/ca', engine);
  if (!loaded.ok) throw new Error(loaded.detail);
  trustStore = loaded.store;
});

const userAuth = (id: string) => () => pki.holders[id]?.userAuth.certificate ?? new Uint8Array();
const flipLastByte = (der: Uint8Array) => Uint8Array.from(der, (byte, index) => (index === der.length - 1 ? byte ^ 0x01 : byte));

type Row = { name: string; certificate: () => Uint8Array; at?: string; expected: VerificationCode | { generation: string } };
const rows: Row[] = [
  { name: 'valid, CA generation 2015-10-20', certificate: userAuth('yamamoto-megumi'), at: '2020-06-01T00:00:00+09:00', expected: { generation: '2015-10-20' } },
  { name: 'valid, CA generation 2019-09-14 (after rollover to 2023)', certificate: userAuth('kobayashi-shota'), expected: { generation: '2019-09-14' } },
  { name: 'valid, CA generation 2023-07-16', certificate: userAuth('shiken-taro'), expected: { generation: '2023-07-16' } },
  { name: 'expired', certificate: userAuth('yamamoto-megumi'), expected: 'CERT_EXPIRED' },
  { name: 'not yet valid (holder issued 2026-02-09)', certificate: userAuth('nakamura-misaki'), at: '2026-01-01T00:00:00+09:00', expected: 'CERT_NOT_YET_VALID' },
  { name: 'not yet valid (scenario from 2030)', certificate: () => scenarios.notYetValid.certificate, expected: 'CERT_NOT_YET_VALID' },
  { name: 'wrong issuer', certificate: () => scenarios.foreignIssuer.certificate, expected: 'ISSUER_UNKNOWN' },
  { name: 'wrong key usage', certificate: () => scenarios.wrongKeyUsage.certificate, expected: 'KEY_USAGE_INVALID' },
  { name: 'policy missing', certificate: () => scenarios.policyMissing.certificate, expected: 'POLICY_MISSING' },
  { name: 'end entity claims CA', certificate: () => scenarios.endEntityClaimsCa.certificate, expected: 'END_ENTITY_CLAIMS_CA' },
  { name: '署名用 instead of 利用者証明用', certificate: () => pki.holders['shiken-taro']?.signing?.certificate ?? new Uint8Array(), expected: 'SIGNING_CERTIFICATE_NOT_ALLOWED' },
  { name: 'wrong signature (last byte flipped)', certificate: () => flipLastByte(userAuth('shiken-taro')()), expected: 'SIGNATURE_INVALID' },
  { name: 'wrong signature (forged under the CA name)', certificate: () => scenarios.forgedSignature.certificate, expected: 'SIGNATURE_INVALID' },
  { name: 'truncated DER', certificate: () => userAuth('shiken-taro')().subarray(0, 300), expected: 'CERT_MALFORMED' },
  { name: 'trailing bytes', certificate: () => Uint8Array.from([...userAuth('shiken-taro')(), 0]), expected: 'CERT_MALFORMED' },
  { name: 'malformed DER', certificate: () => Uint8Array.from([0x30, 0x03, 0x02, 0x01]), expected: 'CERT_MALFORMED' },
  { name: 'empty input', certificate: () => new Uint8Array(), expected: 'CERT_MALFORMED' },
  { name: 'a CA certificate presented as a card certificate', certificate: () => pki.caGenerations.userAuth[2]?.certificate ?? new Uint8Array(), expected: 'END_ENTITY_CLAIMS_CA' },
];

describe('validateUserAuthCertificate', () => {
  it.each(rows)('$name', async ({ certificate, at, expected }) => {
    const result = await validateUserAuthCertificate(certificate(), { trustStore, engine, checkTime: new Date(at ?? CHECK_TIME) });
    if (typeof expected === 'string') {
      expect(result.ok ? 'ok' : result.code).toBe(expected);
    } else {
      expect(result.ok ? result.issuerGeneration : result.code).toBe(expected.generation);
    }
  });

  it('reports the serial and the opaque subject id, nothing personal', async () => {
    const holder = pki.holders['shiken-taro'];
    const result = await validateUserAuthCertificate(holder?.userAuth.certificate ?? new Uint8Array(), { trustStore, engine, checkTime: CHECK_TIME });
    expect(result).toMatchObject({ ok: true, serialNumberHex: holder?.userAuth.serialNumberHex, subjectId: holder?.userAuth.subjectId });
  });

  it('rejects a leaf whose CA generation is missing from the trust store (rollover without the new anchor)', async () => {
    const without2023 = new TrustStore(trustStore.anchors.filter((anchor) => anchor.generation !== '2023-07-16'));
    const result = await validateUserAuthCertificate(pki.holders['shiken-taro']?.userAuth.certificate ?? new Uint8Array(), {
      trustStore: without2023,
      engine,
      checkTime: CHECK_TIME,
    });
    expect(result.ok ? 'ok' : result.code).toBe('ISSUER_UNKNOWN');
  });

  it('loads every CA generation of both kinds from the configured folder', () => {
    expect(trustStore.generations('user-auth').map((anchor) => anchor.generation)).toEqual(['2015-10-20', '2019-09-14', '2023-07-16']);
    expect(trustStore.generations('signing')).toHaveLength(3);
  });

  it('refuses a trust store folder with no certificates', async () => {
    const result = await loadTrustStore('fixtures/pki/holders/no-such-folder', engine);
    expect(result.ok ? 'ok' : result.code).toBe('ISSUER_UNKNOWN');
  });
});
