import * as asn1js from 'asn1js';
import { buildCrl, buildOcspErrorResponse, buildOcspResponse, OCSP_NONCE_OID } from '../../crypto/mock-ca';
import type { KeyAndCertificate, OcspSingleAnswer, PkiCryptoEngine, TestPki } from '../../crypto/mock-ca';
import { parseOcspRequest } from '../../crypto/verify';
import { toHex } from '../../kernel/bytes';
import type { JlisFailureMode } from './behaviour';
import { certIdKey } from './revocation-registry';
import type { RegisteredCa, RevocationRegistry } from './revocation-registry';

/**
 * Builds the responder's CRL and OCSP answers from the registry at the responder's clock. The
 * failure modes that change content (bad signature, stale, nonce) are applied here; transport
 * failures are the server's business.
 */
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface AnswerSettings {
  pki: TestPki;
  registry: RevocationRegistry;
  engine: PkiCryptoEngine;
  crlValidityHours: number;
  ocspValidityHours: number;
  /** Delegated responder per `<kind>/<generation>`, when OCSP is not signed by the CA itself. */
  delegatedSigners: ReadonlyMap<string, KeyAndCertificate>;
}

/** Signs with a key that is not the CA's (the card-face CA's): for the bad-signature switch. */
function impostorOf(ca: KeyAndCertificate, pki: TestPki): KeyAndCertificate {
  return { ...ca, privateKeyPkcs8: pki.cardFace.ca.privateKeyPkcs8 };
}

function validityWindow(now: Date, hours: number, stale: boolean): { thisUpdate: Date; nextUpdate: Date } {
  if (stale) return { thisUpdate: new Date(now.getTime() - 2 * DAY_MS), nextUpdate: new Date(now.getTime() - DAY_MS) };
  // Whole seconds: CRL times have no fractions, and equal inputs must give equal bytes.
  const thisUpdate = new Date(Math.floor((now.getTime() - HOUR_MS) / 1000) * 1000);
  return { thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + hours * HOUR_MS) };
}

export async function crlAnswer(settings: AnswerSettings, registered: RegisteredCa, now: Date, failure: JlisFailureMode): Promise<Uint8Array> {
  const { thisUpdate, nextUpdate } = validityWindow(now, settings.crlValidityHours, failure === 'stale');
  const signer = failure === 'bad-signature' ? impostorOf(registered.ca, settings.pki) : registered.ca;
  return buildCrl(signer, [...registered.revoked.values()], thisUpdate, nextUpdate, settings.engine);
}

export async function ocspAnswer(settings: AnswerSettings, requestDer: Uint8Array, now: Date, failure: JlisFailureMode): Promise<Uint8Array> {
  const parsed = parseOcspRequest(requestDer);
  if (!parsed.ok) return buildOcspErrorResponse('malformedRequest');
  const requests = parsed.value.tbsRequest.requestList;
  const first = requests[0];
  if (!first) return buildOcspErrorResponse('malformedRequest');
  const certId = (request: typeof first) =>
    certIdKey(request.reqCert.hashAlgorithm.algorithmId, request.reqCert.issuerNameHash.valueBlock.valueHexView, request.reqCert.issuerKeyHash.valueBlock.valueHexView);
  const registered = settings.registry.byCertIdKey(certId(first));
  // One CA per response: RFC 6960 lets a responder refuse what it is not authoritative for.
  if (!registered || requests.some((request) => certId(request) !== certId(first))) return buildOcspErrorResponse('unauthorized');
  const hashAlgorithm = first.reqCert.hashAlgorithm.algorithmId === '1.3.14.3.2.26' ? 'SHA-1' : 'SHA-256';

  const { thisUpdate, nextUpdate } = validityWindow(now, settings.ocspValidityHours, failure === 'stale');
  const answers: OcspSingleAnswer[] = requests.map((request) => {
    const serial = toHex(request.reqCert.serialNumber.valueBlock.valueHexView);
    const revocation = registered.revoked.get(serial);
    const status: OcspSingleAnswer['status'] = revocation
      ? { kind: 'revoked', revokedAt: new Date(revocation.revokedAt), reason: revocation.reason }
      : registered.issued.has(serial)
        ? { kind: 'good' }
        : { kind: 'unknown' };
    return { serialNumberHex: serial, status, thisUpdate, nextUpdate };
  });

  const nonceExtension = parsed.value.tbsRequest.requestExtensions?.find((extension) => extension.extnID === OCSP_NONCE_OID);
  let nonceExtensionValue = nonceExtension ? new Uint8Array(nonceExtension.extnValue.valueBlock.valueHexView) : undefined;
  if (failure === 'no-nonce') nonceExtensionValue = undefined;
  if (failure === 'wrong-nonce') nonceExtensionValue = new Uint8Array(new asn1js.OctetString({ valueHex: new Uint8Array(32).fill(0x5a) }).toBER(false));

  const delegated = settings.delegatedSigners.get(`${registered.kind}/${registered.ca.generation}`);
  const ca = failure === 'bad-signature' && !delegated ? impostorOf(registered.ca, settings.pki) : registered.ca;
  const delegatedSigner = failure === 'bad-signature' && delegated ? impostorOf(delegated, settings.pki) : delegated;
  return buildOcspResponse(
    {
      ca,
      ...(delegatedSigner ? { delegatedSigner } : {}),
      answers,
      producedAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
      ...(nonceExtensionValue ? { nonceExtensionValue } : {}),
      hashAlgorithm,
    },
    settings.engine,
  );
}
