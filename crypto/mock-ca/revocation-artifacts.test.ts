import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCrl,
  buildOcspErrorResponse,
  buildOcspResponse,
  createCryptoEngine,
  generateVerifierScenarios,
  issueBenchmarkCertificates,
  issueOcspResponderCertificate,
  OCSP_SIGNING_EKU_OID,
  readTestPki,
} from '.';
import type { CaGeneration, TestPki } from '.';

const engine = createCryptoEngine();
const THIS_UPDATE = new Date('2026-05-31T15:00:00Z');
const NEXT_UPDATE = new Date('2026-06-01T15:00:00Z');
let pki: TestPki;
let ca: CaGeneration;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
  const generation = pki.caGenerations.userAuth.find((candidate) => candidate.generation === '2019-09-14');
  if (!generation) throw new Error('no 2019 generation');
  ca = generation;
});

const revokedUserAuth = () => pki.revocations.filter((entry) => entry.certificate === 'user-auth');

describe('buildCrl', () => {
  it('is deterministic and signed by the CA, with each entry and its reason', async () => {
    const first = await buildCrl(ca, revokedUserAuth(), THIS_UPDATE, NEXT_UPDATE, engine);
    const second = await buildCrl(ca, revokedUserAuth(), THIS_UPDATE, NEXT_UPDATE, engine);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const crl = pkijs.CertificateRevocationList.fromBER(first);
    expect(await crl.verify({ issuerCertificate: pkijs.Certificate.fromBER(ca.certificate) }, engine)).toBe(true);
    expect(crl.thisUpdate.value.toISOString()).toBe(THIS_UPDATE.toISOString());
    expect(crl.nextUpdate?.value.toISOString()).toBe(NEXT_UPDATE.toISOString());
    expect(crl.revokedCertificates?.map((entry) => Buffer.from(entry.userCertificate.valueBlock.valueHexView).toString('hex').toUpperCase())).toEqual([
      '073BC2D34D5B6717',
    ]);
    const reason = crl.revokedCertificates?.[0]?.crlEntryExtensions?.extensions[0];
    expect(reason?.extnID).toBe('2.5.29.21');
  });

  it('writes an empty CRL without revokedCertificates', async () => {
    const crl = pkijs.CertificateRevocationList.fromBER(await buildCrl(ca, [], THIS_UPDATE, NEXT_UPDATE, engine));
    expect(crl.revokedCertificates ?? []).toHaveLength(0);
  });
});

describe('buildOcspResponse', () => {
  const serial = () => pki.holders['kobayashi-shota']?.userAuth.serialNumberHex ?? '01';
  const basicOf = (der: Uint8Array) => {
    const response = pkijs.OCSPResponse.fromBER(der);
    expect(response.responseStatus.valueBlock.valueDec).toBe(0);
    return pkijs.BasicOCSPResponse.fromBER(response.responseBytes?.response.valueBlock.valueHexView ?? new Uint8Array());
  };

  it.each([
    ['good', { kind: 'good' } as const, 0],
    ['revoked', { kind: 'revoked', revokedAt: new Date('2025-03-31T15:00:00Z'), reason: 'keyCompromise' } as const, 1],
    ['unknown', { kind: 'unknown' } as const, 2],
  ])('encodes certStatus %s deterministically, signed by the CA', async (_, status, tag) => {
    const input = { ca, answers: [{ serialNumberHex: serial(), status, thisUpdate: THIS_UPDATE, nextUpdate: NEXT_UPDATE }], producedAt: THIS_UPDATE };
    const der = await buildOcspResponse(input, engine);
    expect(Buffer.from(der).equals(Buffer.from(await buildOcspResponse(input, engine)))).toBe(true);
    const basic = basicOf(der);
    expect((basic.tbsResponseData.responses[0]?.certStatus as asn1js.AsnType).idBlock.tagNumber).toBe(tag);
    const caCertificate = pkijs.Certificate.fromBER(ca.certificate);
    expect(await engine.verifyWithPublicKey(basic.tbsResponseData.tbsView, basic.signature, caCertificate.subjectPublicKeyInfo, basic.signatureAlgorithm)).toBe(true);
  });

  it('echoes a nonce and can be signed by a delegated responder the CA issued', async () => {
    const responder = await issueOcspResponderCertificate(pki.seed, ca, 'user-auth/2019-09-14', engine);
    const responderCertificate = pkijs.Certificate.fromBER(responder.certificate);
    expect(await responderCertificate.verify(pkijs.Certificate.fromBER(ca.certificate), engine)).toBe(true);
    const eku = responderCertificate.extensions?.find((extension) => extension.extnID === '2.5.29.37');
    expect(Buffer.from(eku?.extnValue.valueBlock.valueHexView ?? []).includes(Buffer.from(new asn1js.ObjectIdentifier({ value: OCSP_SIGNING_EKU_OID }).toBER(false)))).toBe(true);
    const nonce = new Uint8Array(new asn1js.OctetString({ valueHex: new Uint8Array(32).fill(9) }).toBER(false));
    const basic = basicOf(
      await buildOcspResponse(
        { ca, delegatedSigner: responder, answers: [{ serialNumberHex: serial(), status: { kind: 'good' }, thisUpdate: THIS_UPDATE }], producedAt: THIS_UPDATE, nonceExtensionValue: nonce },
        engine,
      ),
    );
    expect(basic.certs).toHaveLength(1);
    expect(Buffer.from(basic.tbsResponseData.responseExtensions?.[0]?.extnValue.valueBlock.valueHexView ?? []).equals(Buffer.from(nonce))).toBe(true);
    expect(await engine.verifyWithPublicKey(basic.tbsResponseData.tbsView, basic.signature, responderCertificate.subjectPublicKeyInfo, basic.signatureAlgorithm)).toBe(true);
  });

  it('writes error statuses without responseBytes', () => {
    const response = pkijs.OCSPResponse.fromBER(buildOcspErrorResponse('tryLater'));
    expect(response.responseStatus.valueBlock.valueDec).toBe(3);
    expect(response.responseBytes).toBeUndefined();
  });
});

describe('scenario certificates', () => {
  it('follow from the seed: the same scenarios twice are byte-identical', async () => {
    const first = await generateVerifierScenarios(pki, engine);
    const second = await generateVerifierScenarios(pki, engine);
    for (const name of Object.keys(first) as Array<keyof typeof first>) {
      expect(Buffer.from(first[name].certificate).equals(Buffer.from(second[name].certificate))).toBe(true);
    }
  });

  it('issues distinct benchmark certificates over a handful of keys', async () => {
    const certificates = await issueBenchmarkCertificates(pki, 20, engine);
    expect(new Set(certificates.map((certificate) => certificate.serialNumberHex)).size).toBe(20);
  });
});
