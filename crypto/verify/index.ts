/**
 * Verification of a card's certificates and signatures: chain to the JPKI-like trust anchors, CRL and
 * OCSP revocation under an explicit policy, proof of possession and card-face integrity. Every check
 * returns `{ ok: true, … } | { ok: false, code, detail }`; nothing reads the clock.
 */
export { createCryptoEngine } from '../engine';
export { loadTrustStore, toTrustAnchor, TrustStore } from './trust-store';
export type { AnchorKind, TrustAnchor } from './trust-store';
export { validateUserAuthCertificate, USER_AUTH_POLICY_OID, SIGNING_POLICY_OIDS } from './chain';
export type { ChainContext, ValidatedChain } from './chain';
export { CrlCache, checkCrl } from './crl';
export { CertificateSignatureChecker } from './signature-check';
export { buildOcspRequest, certIdFor, checkOcsp, OCSP_NONCE_OID } from './ocsp';
export { nodeRandomBytes } from './random';
export type { RandomBytes } from './random';
export { decideRevocation, responderUrlFor } from './revocation';
export { DEFAULT_REVOCATION_POLICY } from './revocation-policy';
export type { ResponderUrls, RevocationMethod, RevocationPolicy } from './revocation-policy';
export type { RevocationSource, RevocationStatus } from './revocation-status';
export { createNodeHttpFetch } from './http-fetch';
export type { HttpFetch, HttpFetchRequest, HttpFetchResult } from './http-fetch';
export { CardCertificateVerifier, createCardCertificateVerifier } from './card-certificate-verifier';
export type { CardCertificateVerification, CardCertificateVerifierConfig, VerifiedCardCertificate } from './card-certificate-verifier';
export { PossessionChallenges, possessionDigestInfo, verifyProofOfPossession, CHALLENGE_LENGTH } from './proof-of-possession';
export type { ChallengeConsumer } from './proof-of-possession';
export { cardFaceDigestInfo, verifyCardFace } from './card-face';
export type { CardFaceSignedParts } from './card-face';
export {
  parseBasicOcspResponse,
  parseCertificate,
  parseCrl,
  parseDigestInfo,
  parseOcspRequest,
  parseOcspResponse,
  parsePrivateKeyInfo,
  parseSubjectPublicKeyInfo,
} from './der';
export type { DigestInfo, Parsed } from './der';
export { failure } from './result-codes';
export type { VerificationCode, VerificationFailure } from './result-codes';
