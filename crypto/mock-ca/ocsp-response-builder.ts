import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { importSigningKey } from './certificate-builder';
import type { PkiCryptoEngine } from '../engine';
import { parseCaCertificate } from './issued-under';
import { CRL_REASON_CODES } from './revocations';
import type { CrlReason } from './revocations';
import { subjectPublicKeyBits } from './rsa-key-der';
import { serialNumberFromHex } from './serial-numbers';
import type { KeyAndCertificate } from './types';

/**
 * OCSP responses (RFC 6960 §4.2) for the mock CA: a BasicOCSPResponse signed by the CA itself or by
 * a delegated responder certificate the CA issued (which is then included in `certs`), with optional
 * nonce echo. Deterministic: PKCS#1 v1.5 signatures and caller-given times.
 */
export const OCSP_BASIC_RESPONSE_OID = '1.3.6.1.5.5.7.48.1.1';
export const OCSP_NONCE_OID = '1.3.6.1.5.5.7.48.1.2';

export type OcspHashAlgorithm = 'SHA-1' | 'SHA-256';
const HASH_OIDS: Readonly<Record<OcspHashAlgorithm, string>> = { 'SHA-1': '1.3.14.3.2.26', 'SHA-256': '2.16.840.1.101.3.4.2.1' };
const NODE_HASH_NAMES: Readonly<Record<OcspHashAlgorithm, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256' };

export type OcspCertStatus = { kind: 'good' } | { kind: 'revoked'; revokedAt: Date; reason?: CrlReason } | { kind: 'unknown' };

export interface OcspSingleAnswer {
  serialNumberHex: string;
  status: OcspCertStatus;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface OcspResponseInput {
  /** The CA that issued the certificates asked about. */
  ca: KeyAndCertificate;
  /** A delegated responder the CA issued (id-kp-OCSPSigning); the CA signs when absent. */
  delegatedSigner?: KeyAndCertificate;
  answers: ReadonlyArray<OcspSingleAnswer>;
  producedAt: Date;
  /** The nonce extension value to echo (the request's extnValue content), if any. */
  nonceExtensionValue?: Uint8Array;
  /** CertID hash algorithm; echo the request's. Default SHA-1 (RFC 5019). */
  hashAlgorithm?: OcspHashAlgorithm;
}

function digest(algorithm: OcspHashAlgorithm, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(NODE_HASH_NAMES[algorithm]).update(bytes).digest());
}

/** CertID of RFC 6960 §4.1.1: hashes of the issuer's DER name and of its subjectPublicKey bits. */
export function ocspCertId(ca: KeyAndCertificate, serialNumberHex: string, hashAlgorithm: OcspHashAlgorithm = 'SHA-1'): pkijs.CertID {
  const caCertificate = parseCaCertificate(ca);
  const issuerName = new Uint8Array(caCertificate.subject.toSchema().toBER(false));
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OIDS[hashAlgorithm], algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: digest(hashAlgorithm, issuerName) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: digest(hashAlgorithm, subjectPublicKeyBits(ca.publicKeySpki)) }),
    serialNumber: new asn1js.Integer({ valueHex: serialNumberFromHex(serialNumberHex) }),
  });
}

function encodeCertStatus(status: OcspCertStatus): asn1js.BaseBlock {
  switch (status.kind) {
    case 'good':
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
    case 'unknown':
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
    case 'revoked':
      return new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 1 },
        value: [
          new asn1js.GeneralizedTime({ valueDate: status.revokedAt }),
          ...(status.reason === undefined
            ? []
            : [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: CRL_REASON_CODES[status.reason] })] })]),
        ],
      });
  }
}

export async function buildOcspResponse(input: OcspResponseInput, engine: PkiCryptoEngine): Promise<Uint8Array> {
  const signer = input.delegatedSigner ?? input.ca;
  const hashAlgorithm = input.hashAlgorithm ?? 'SHA-1';
  const responseData = new pkijs.ResponseData({
    // byKey: SHA-1 of the signer's public key bits (RFC 6960 §4.2.1).
    responderID: new asn1js.OctetString({ valueHex: digest('SHA-1', subjectPublicKeyBits(signer.publicKeySpki)) }),
    producedAt: input.producedAt,
    responses: input.answers.map(
      (answer) =>
        new pkijs.SingleResponse({
          certID: ocspCertId(input.ca, answer.serialNumberHex, hashAlgorithm),
          certStatus: encodeCertStatus(answer.status),
          thisUpdate: answer.thisUpdate,
          ...(answer.nextUpdate === undefined ? {} : { nextUpdate: answer.nextUpdate }),
        }),
    ),
    ...(input.nonceExtensionValue === undefined
      ? {}
      : { responseExtensions: [new pkijs.Extension({ extnID: OCSP_NONCE_OID, extnValue: new Uint8Array(input.nonceExtensionValue).buffer })] }),
  });
  const basic = new pkijs.BasicOCSPResponse({
    tbsResponseData: responseData,
    ...(input.delegatedSigner === undefined ? {} : { certs: [pkijs.Certificate.fromBER(input.delegatedSigner.certificate)] }),
  });
  await basic.sign(await importSigningKey(signer.privateKeyPkcs8, engine), 'SHA-256', engine);
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: OCSP_BASIC_RESPONSE_OID,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

/** OCSPResponseStatus values other than successful (RFC 6960 §4.2.1). */
export const OCSP_ERROR_STATUSES = { malformedRequest: 1, internalError: 2, tryLater: 3, sigRequired: 5, unauthorized: 6 } as const;

/** An OCSPResponse without responseBytes. */
export function buildOcspErrorResponse(status: keyof typeof OCSP_ERROR_STATUSES): Uint8Array {
  return new Uint8Array(new asn1js.Sequence({ value: [new asn1js.Enumerated({ value: OCSP_ERROR_STATUSES[status] })] }).toBER(false));
}
