import type * as pkijs from 'pkijs';
import {
  authorityKeyId,
  isCaByBasicConstraints,
  isExtensionCritical,
  KEY_USAGE,
  keyUsageBits,
  OIDS,
  policyOids,
  serialHex,
  subjectCommonName,
} from './certificate-fields';
import { parseCertificate } from './der';
import { failure } from './result-codes';
import type { CertificateSignatureChecker } from './signature-check';
import type { VerificationFailure } from './result-codes';
import type { TrustAnchor, TrustStore } from './trust-store';

/**
 * Single-tier path validation of a card's 利用者証明用 certificate against the JPKI-like trust anchors
 * (RFC 5280 §6.1 specialised to one step): issuer lookup by name and key id, signature, validity at
 * the injected check time, basic constraints, key usage, policy. Returns a result; never throws.
 */
export const USER_AUTH_POLICY_OID = '1.2.392.200149.8.5.1.3.30';
export const SIGNING_POLICY_OIDS: ReadonlySet<string> = new Set(['1.2.392.200149.8.5.1.1.20', '1.2.392.200149.8.5.1.0.20']);

/** Extensions this verifier understands; an unknown critical one fails the certificate (RFC 5280 §4.2). */
const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  OIDS.keyUsage,
  OIDS.basicConstraints,
  OIDS.certificatePolicies,
  OIDS.authorityKeyIdentifier,
  OIDS.subjectKeyIdentifier,
  OIDS.crlDistributionPoints,
  OIDS.authorityInfoAccess,
  OIDS.extendedKeyUsage,
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
]);

export interface ChainContext {
  trustStore: TrustStore;
  engine: pkijs.CryptoEngine;
  checkTime: Date;
  /** Keeps imported issuer keys between calls; without it each check imports the key afresh. */
  signatures?: CertificateSignatureChecker;
}

export interface ValidatedChain {
  ok: true;
  leaf: pkijs.Certificate;
  anchor: TrustAnchor;
  issuerGeneration: string;
  serialNumberHex: string;
  /** The opaque subject CN (card.md §6): no personal data. */
  subjectId: string;
}

type SignatureCheck = (subject: pkijs.Certificate, issuer: pkijs.Certificate) => Promise<boolean>;

async function chooseIssuer(leaf: pkijs.Certificate, candidates: TrustAnchor[], verifySignature: SignatureCheck): Promise<TrustAnchor | VerificationFailure> {
  const keyId = authorityKeyId(leaf);
  if (keyId !== undefined) {
    const byKey = candidates.find((candidate) => candidate.keyId === keyId);
    return byKey ?? failure('ISSUER_UNKNOWN', `no CA generation has key id ${keyId}`);
  }
  // No AKI: the generation whose key verifies the signature (at most one per generation list).
  for (const candidate of candidates) if (await verifySignature(leaf, candidate.certificate)) return candidate;
  return failure('SIGNATURE_INVALID', 'no CA generation of that name verifies the signature');
}

export async function validateUserAuthCertificate(certificateDer: Uint8Array, context: ChainContext): Promise<ValidatedChain | VerificationFailure> {
  const parsed = parseCertificate(certificateDer);
  if (!parsed.ok) return parsed;
  const leaf = parsed.value;
  try {
    const candidates = context.trustStore.candidatesFor(leaf.issuer);
    if (candidates.length === 0) return failure('ISSUER_UNKNOWN', 'issuer name matches no trust anchor');
    const signatures = context.signatures;
    const verifySignature: SignatureCheck = signatures
      ? (subject, issuer) => signatures.verify(subject, issuer)
      : (subject, issuer) => subject.verify(issuer, context.engine);
    const anchor = await chooseIssuer(leaf, candidates, verifySignature);
    if ('ok' in anchor) return anchor;

    if (leaf.signature.algorithmId !== leaf.signatureAlgorithm.algorithmId) return failure('SIGNATURE_INVALID', 'inner and outer signature algorithms differ');
    if (!(await verifySignature(leaf, anchor.certificate))) {
      return failure('SIGNATURE_INVALID', `signature does not verify under ${anchor.kind} CA ${anchor.generation}`);
    }

    const policies = policyOids(leaf);
    if (anchor.kind === 'signing' || policies.some((oid) => SIGNING_POLICY_OIDS.has(oid))) {
      return failure('SIGNING_CERTIFICATE_NOT_ALLOWED', '署名用 certificate presented where the 利用者証明用 one is required');
    }
    if (anchor.kind !== 'user-auth') return failure('ISSUER_UNKNOWN', `issuer is a ${anchor.kind} anchor, not a user-auth CA`);

    const now = context.checkTime.getTime();
    if (now < leaf.notBefore.value.getTime()) return failure('CERT_NOT_YET_VALID', `valid from ${leaf.notBefore.value.toISOString()}`);
    if (now > leaf.notAfter.value.getTime()) return failure('CERT_EXPIRED', `expired ${leaf.notAfter.value.toISOString()}`);
    if (now < anchor.notBefore.getTime() || now > anchor.notAfter.getTime()) {
      return failure('ISSUER_EXPIRED', `CA generation ${anchor.generation} is not valid at the check time`);
    }

    if (isCaByBasicConstraints(leaf)) return failure('END_ENTITY_CLAIMS_CA', 'end-entity certificate has basicConstraints cA');
    const usage = keyUsageBits(leaf);
    if (usage === undefined || !usage.has(KEY_USAGE.digitalSignature)) return failure('KEY_USAGE_INVALID', 'keyUsage lacks digitalSignature');
    if (usage.has(KEY_USAGE.keyCertSign) || usage.has(KEY_USAGE.cRLSign)) return failure('KEY_USAGE_INVALID', 'keyUsage allows certificate or CRL signing');
    if (!policies.includes(USER_AUTH_POLICY_OID)) return failure('POLICY_MISSING', `certificatePolicies lacks ${USER_AUTH_POLICY_OID}`);

    const unknownCritical = (leaf.extensions ?? []).find((extension) => extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.extnID));
    if (unknownCritical && isExtensionCritical(leaf, unknownCritical.extnID)) {
      return failure('CERT_MALFORMED', `unknown critical extension ${unknownCritical.extnID}`);
    }

    const subjectId = subjectCommonName(leaf);
    if (subjectId === undefined) return failure('CERT_MALFORMED', 'subject has no CN');
    return { ok: true, leaf, anchor, issuerGeneration: anchor.generation, serialNumberHex: serialHex(leaf), subjectId };
  } catch (error) {
    return failure('CERT_MALFORMED', `certificate content: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}`);
  }
}
