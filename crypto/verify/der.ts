import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { failure } from './result-codes';
import type { VerificationCode, VerificationFailure } from './result-codes';

/**
 * Every DER reader of the verifier. Each takes arbitrary bytes and returns a parsed object or a coded
 * failure: asn1js and pkijs throw on bad input, so their calls are fenced here and nowhere else.
 * Trailing bytes after the outer TLV are refused (DER is one value, nothing more).
 */
export type Parsed<T> = { ok: true; value: T } | VerificationFailure;

/** Far above any certificate, CRL or OCSP response of the JPKI; refuses a memory-eating input early. */
export const MAX_DER_BYTES = 4 * 1024 * 1024;

function parseWith<T>(bytes: Uint8Array, code: VerificationCode, what: string, build: (asn1: asn1js.AsnType) => T): Parsed<T> {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return failure(code, `${what}: empty input`);
  if (bytes.length > MAX_DER_BYTES) return failure(code, `${what}: ${bytes.length} bytes is too large`);
  try {
    const asn1 = asn1js.fromBER(bytes);
    if (asn1.offset === -1) return failure(code, `${what}: not BER/DER (${asn1.result.error || 'decode error'})`);
    if (asn1.offset !== bytes.length) return failure(code, `${what}: ${bytes.length - asn1.offset} bytes after the value`);
    return { ok: true, value: build(asn1.result) };
  } catch (error) {
    return failure(code, `${what}: ${error instanceof Error ? error.message.slice(0, 200) : 'unparseable'}`);
  }
}

export function parseCertificate(bytes: Uint8Array): Parsed<pkijs.Certificate> {
  return parseWith(bytes, 'CERT_MALFORMED', 'certificate', (schema) => {
    const certificate = new pkijs.Certificate({ schema });
    // pkijs accepts a few shapes RFC 5280 does not; insist on what a verifier relies on below.
    if (!(certificate.subjectPublicKeyInfo instanceof pkijs.PublicKeyInfo)) throw new Error('no subjectPublicKeyInfo');
    return certificate;
  });
}

export function parseCrl(bytes: Uint8Array): Parsed<pkijs.CertificateRevocationList> {
  return parseWith(bytes, 'CRL_MALFORMED', 'CRL', (schema) => new pkijs.CertificateRevocationList({ schema }));
}

export function parseOcspResponse(bytes: Uint8Array): Parsed<pkijs.OCSPResponse> {
  return parseWith(bytes, 'OCSP_MALFORMED', 'OCSP response', (schema) => new pkijs.OCSPResponse({ schema }));
}

export function parseBasicOcspResponse(bytes: Uint8Array): Parsed<pkijs.BasicOCSPResponse> {
  return parseWith(bytes, 'OCSP_MALFORMED', 'BasicOCSPResponse', (schema) => new pkijs.BasicOCSPResponse({ schema }));
}

export function parseOcspRequest(bytes: Uint8Array): Parsed<pkijs.OCSPRequest> {
  return parseWith(bytes, 'DER_MALFORMED', 'OCSP request', (schema) => new pkijs.OCSPRequest({ schema }));
}

export function parseSubjectPublicKeyInfo(bytes: Uint8Array): Parsed<pkijs.PublicKeyInfo> {
  return parseWith(bytes, 'KEY_MALFORMED', 'SubjectPublicKeyInfo', (schema) => new pkijs.PublicKeyInfo({ schema }));
}

export function parsePrivateKeyInfo(bytes: Uint8Array): Parsed<pkijs.PrivateKeyInfo> {
  return parseWith(bytes, 'KEY_MALFORMED', 'PrivateKeyInfo', (schema) => new pkijs.PrivateKeyInfo({ schema }));
}

export interface DigestInfo {
  algorithmOid: string;
  digest: Uint8Array;
}

/** DigestInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING } (RFC 8017 §9.2). */
export function parseDigestInfo(bytes: Uint8Array): Parsed<DigestInfo> {
  return parseWith(bytes, 'DER_MALFORMED', 'DigestInfo', (schema) => {
    if (!(schema instanceof asn1js.Sequence) || schema.valueBlock.value.length !== 2) throw new Error('not a two-element SEQUENCE');
    const [algorithm, digest] = schema.valueBlock.value;
    if (!(algorithm instanceof asn1js.Sequence) || !(digest instanceof asn1js.OctetString)) throw new Error('wrong element types');
    const oid = algorithm.valueBlock.value[0];
    if (!(oid instanceof asn1js.ObjectIdentifier)) throw new Error('no algorithm OID');
    return { algorithmOid: oid.valueBlock.toString(), digest: new Uint8Array(digest.valueBlock.valueHexView) };
  });
}
