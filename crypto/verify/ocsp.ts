import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fromHex } from '../../kernel/bytes';
import { extendedKeyUsageOids, hex, nameKey, OIDS, publicKeySha1 } from './certificate-fields';
import { parseBasicOcspResponse, parseOcspResponse } from './der';
import type { HttpFetch } from './http-fetch';
import type { RandomBytes } from './random';
import { failure } from './result-codes';
import type { RevocationStatus } from './revocation-status';
import type { TrustAnchor } from './trust-store';

/**
 * OCSP (RFC 6960) for one certificate: a request with a fresh nonce (RFC 8954) POSTed as
 * application/ocsp-request, then the answer checked: successful status, basic response, signature by
 * the CA itself or by a delegated responder the CA issued with id-kp-OCSPSigning, nonce echoed, a
 * SingleResponse for our CertID, freshness at the check time, and finally certStatus.
 */
export const OCSP_NONCE_OID = '1.3.6.1.5.5.7.48.1.2';
const OCSP_BASIC_OID = '1.3.6.1.5.5.7.48.1.1';
const SHA1_OID = '1.3.14.3.2.26';
const NONCE_LENGTH = 32;

export interface OcspRequestBuilt {
  der: Uint8Array;
  certId: pkijs.CertID;
  nonce: Uint8Array;
}

/** CertID with SHA-1 (RFC 5019 §2.1.1) of the issuer's DER name and of its subjectPublicKey bits. */
export function certIdFor(leaf: pkijs.Certificate, anchor: TrustAnchor): pkijs.CertID {
  const sha1 = (bytes: Uint8Array) => new Uint8Array(createHash('sha1').update(bytes).digest());
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA1_OID, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: sha1(new Uint8Array(anchor.certificate.subject.toSchema().toBER(false))) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: fromHex(anchor.publicKeySha1) }),
    serialNumber: new asn1js.Integer({ valueHex: leaf.serialNumber.valueBlock.valueHexView.slice() }),
  });
}

export function buildOcspRequest(leaf: pkijs.Certificate, anchor: TrustAnchor, nonce: Uint8Array): OcspRequestBuilt {
  const certId = certIdFor(leaf, anchor);
  const nonceValue = new asn1js.OctetString({ valueHex: nonce.slice() }).toBER(false);
  const request = new pkijs.OCSPRequest({
    tbsRequest: new pkijs.TBSRequest({
      requestList: [new pkijs.Request({ reqCert: certId })],
      requestExtensions: [new pkijs.Extension({ extnID: OCSP_NONCE_OID, extnValue: nonceValue })],
    }),
  });
  return { der: new Uint8Array(request.toSchema(true).toBER(false)), certId, nonce };
}

function sameCertId(a: pkijs.CertID, b: pkijs.CertID): boolean {
  return (
    a.hashAlgorithm.algorithmId === b.hashAlgorithm.algorithmId &&
    hex(a.issuerNameHash.valueBlock.valueHexView) === hex(b.issuerNameHash.valueBlock.valueHexView) &&
    hex(a.issuerKeyHash.valueBlock.valueHexView) === hex(b.issuerKeyHash.valueBlock.valueHexView) &&
    hex(a.serialNumber.valueBlock.valueHexView) === hex(b.serialNumber.valueBlock.valueHexView)
  );
}

/** The nonce bytes inside the extension value (OCTET STRING), or undefined. */
function echoedNonce(basic: pkijs.BasicOCSPResponse): Uint8Array | undefined {
  const extension = basic.tbsResponseData.responseExtensions?.find((candidate) => candidate.extnID === OCSP_NONCE_OID);
  if (!extension) return undefined;
  const inner = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
  // Some responders put the raw nonce in extnValue (pre-RFC 8954); accept both shapes.
  return inner instanceof asn1js.OctetString ? new Uint8Array(inner.valueBlock.valueHexView) : new Uint8Array(extension.extnValue.valueBlock.valueHexView);
}

function matchesResponderId(certificate: pkijs.Certificate, responderId: unknown): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) return nameKey(responderId) === nameKey(certificate.subject);
  if (responderId instanceof asn1js.OctetString) return hex(responderId.valueBlock.valueHexView) === publicKeySha1(certificate);
  return false;
}

/** The key that may sign for `anchor`: the CA's own, or a delegated responder's it issued (RFC 6960 §4.2.2.2). */
async function authorizedSigner(
  basic: pkijs.BasicOCSPResponse,
  anchor: TrustAnchor,
  checkTime: Date,
  engine: pkijs.CryptoEngine,
): Promise<pkijs.PublicKeyInfo | string> {
  const responderId = basic.tbsResponseData.responderID;
  if (matchesResponderId(anchor.certificate, responderId)) return anchor.certificate.subjectPublicKeyInfo;
  const delegated = (basic.certs ?? []).find((certificate) => matchesResponderId(certificate, responderId));
  if (!delegated) return 'responder is neither the CA nor a certificate in the response';
  if (nameKey(delegated.issuer) !== nameKey(anchor.certificate.subject) || !(await delegated.verify(anchor.certificate, engine))) {
    return 'delegated responder certificate is not issued by the CA';
  }
  if (!extendedKeyUsageOids(delegated).includes(OIDS.ocspSigning)) return 'delegated responder lacks id-kp-OCSPSigning';
  if (checkTime < delegated.notBefore.value || checkTime > delegated.notAfter.value) return 'delegated responder certificate is not valid';
  return delegated.subjectPublicKeyInfo;
}

export interface OcspCheckInput {
  url: string;
  leaf: pkijs.Certificate;
  anchor: TrustAnchor;
  checkTime: Date;
  fetch: HttpFetch;
  engine: pkijs.CryptoEngine;
  random: RandomBytes;
  timeoutMs: number;
  freshnessSeconds: number;
  clockSkewSeconds: number;
  requireNonce: boolean;
}

const invalid = (code: Parameters<typeof failure>[0], detail: string): RevocationStatus => ({ outcome: 'invalid', failure: failure(code, detail) });

export async function checkOcsp(input: OcspCheckInput): Promise<RevocationStatus> {
  const request = buildOcspRequest(input.leaf, input.anchor, input.random(NONCE_LENGTH));
  const response = await input.fetch({
    url: input.url,
    method: 'POST',
    body: request.der,
    contentType: 'application/ocsp-request',
    timeoutMs: input.timeoutMs,
  });
  if (!response.ok) return { outcome: 'unavailable', detail: `OCSP request failed: ${response.reason}` };
  if (response.status !== 200) return { outcome: 'unavailable', detail: `OCSP responder answered HTTP ${response.status}` };
  const parsed = parseOcspResponse(response.body);
  if (!parsed.ok) return { outcome: 'invalid', failure: parsed };
  try {
    const status = parsed.value.responseStatus.valueBlock.valueDec;
    if (status === 2 || status === 3) return { outcome: 'unavailable', detail: `OCSP responseStatus ${status}` };
    if (status !== 0) return invalid('OCSP_MALFORMED', `OCSP responseStatus ${status}`);
    const bytes = parsed.value.responseBytes;
    if (!bytes || bytes.responseType !== OCSP_BASIC_OID) return invalid('OCSP_MALFORMED', 'not a basic OCSP response');
    const basicParsed = parseBasicOcspResponse(new Uint8Array(bytes.response.valueBlock.valueHexView));
    if (!basicParsed.ok) return { outcome: 'invalid', failure: basicParsed };
    const basic = basicParsed.value;

    const signer = await authorizedSigner(basic, input.anchor, input.checkTime, input.engine);
    if (typeof signer === 'string') return invalid('OCSP_SIGNATURE_INVALID', signer);
    const signatureOk = await input.engine.verifyWithPublicKey(basic.tbsResponseData.tbsView, basic.signature, signer, basic.signatureAlgorithm);
    if (!signatureOk) return invalid('OCSP_SIGNATURE_INVALID', 'OCSP response signature does not verify');

    const nonce = echoedNonce(basic);
    if (nonce === undefined ? input.requireNonce : hex(nonce) !== hex(request.nonce)) {
      return invalid('OCSP_NONCE_MISMATCH', nonce === undefined ? 'response carries no nonce' : 'response nonce differs from ours');
    }

    const single = basic.tbsResponseData.responses.find((candidate) => sameCertId(candidate.certID, request.certId));
    if (!single) return invalid('OCSP_MALFORMED', 'no SingleResponse for the certificate asked about');

    const now = input.checkTime.getTime();
    const skewMs = input.clockSkewSeconds * 1000;
    if (single.thisUpdate.getTime() > now + skewMs) return invalid('OCSP_STALE', 'thisUpdate is in the future');
    const freshUntil = single.nextUpdate?.getTime() ?? single.thisUpdate.getTime() + input.freshnessSeconds * 1000;
    if (freshUntil < now - skewMs) return invalid('OCSP_STALE', `answer was fresh until ${new Date(freshUntil).toISOString()}`);

    const certStatus = single.certStatus as asn1js.AsnType;
    if (certStatus.idBlock.tagClass !== 3) return invalid('OCSP_MALFORMED', 'certStatus is not a context tag');
    switch (certStatus.idBlock.tagNumber) {
      case 0:
        return { outcome: 'good', source: 'ocsp' };
      case 1: {
        const [time, reason] = certStatus instanceof asn1js.Constructed ? certStatus.valueBlock.value : [];
        const revokedAt = time instanceof asn1js.GeneralizedTime ? time.toDate() : new Date(Number.NaN);
        const reasonValue = reason instanceof asn1js.Constructed ? reason.valueBlock.value[0] : undefined;
        return {
          outcome: 'revoked',
          source: 'ocsp',
          revokedAt,
          reasonCode: reasonValue instanceof asn1js.Enumerated ? reasonValue.valueBlock.valueDec : undefined,
        };
      }
      case 2:
        return { outcome: 'unknown', source: 'ocsp' };
      default:
        return invalid('OCSP_MALFORMED', `certStatus tag ${certStatus.idBlock.tagNumber}`);
    }
  } catch (error) {
    return invalid('OCSP_MALFORMED', `OCSP content: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}`);
  }
}
