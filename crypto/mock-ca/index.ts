/**
 * The mock CA: a JPKI-like PKI of our own for virtual card profiles and for testing
 * certificate, CRL and OCSP checks. See README.md for the API, the folder layout and what is
 * deliberately different from the real JPKI.
 */
import { chooseIssuingGeneration, createCaGenerations, createRootAuthority } from './ca';
import type { CaGenerationAuthority, IssuingAuthority } from './ca';
import type { PkiCryptoEngine } from '../engine';
import { startOfJstDay } from './dates';
import { DEFAULT_CARD_FACE_AUTHORITY, DEFAULT_TERMINAL_AUTHORITY } from './defaults';
import { MockCaError } from './errors';
import { effectiveRevocation, validateTestPkiInput } from './input-validation';
import { issueServiceCertificate, issueSigningCertificate, issueUserAuthCertificate } from './leaf-certificates';
import type { IssuedHolderLeaf, IssuedLeaf } from './leaf-certificates';
import { CARD_FACE_CA_NAME, CARD_FACE_SIGNER_NAME, formatName, TERMINAL_CA_NAME, terminalName } from './names';
import type { JpkiCertificateKind, RevocationEntry } from './revocations';
import { serialNumberFromHex, serialNumberToHex } from './serial-numbers';
import type { CaGeneration, CardHolderInput, HolderCertificates, HolderLeaf, KeyAndCertificate, TestPki, TestPkiInput } from './types';

export { readTestPki, writeTestPki, TEST_PKI_FORMAT, TEST_PKI_INDEX_FILE } from './pki-folder';
export { createCryptoEngine } from '../engine';
export type { PkiCryptoEngine, WebCryptoKey } from '../engine';
export { DEFAULT_CA_GENERATIONS, DEFAULT_CARD_FACE_AUTHORITY, DEFAULT_REVOCATION, DEFAULT_TERMINAL_AUTHORITY } from './defaults';
export { cardFaceDigestInfo, signCardFace, verifyCardFaceSignature } from './card-face-signature';
export { signTerminalChallenge, verifyTerminalChallengeSignature, TERMINAL_CHALLENGE_LENGTH } from './terminal-challenge';
export { encodeDigestInfo, signDigestInfo, verifyDigestInfoSignature, SHA256_OID } from './pkcs1-signature';
export { drbg } from './drbg';
export type { DeterministicRandom } from './drbg';
export { generateRsaKeyPair, MODULUS_BITS, PUBLIC_EXPONENT } from './rsa-keygen';
export type { RsaKeyPair } from './rsa-keygen';
export { EXTENSION_OIDS, JPKI_OTHER_NAME_OIDS, JPKI_POLICY_OIDS, KEY_USAGE_BITS, OCSP_ACCESS_METHOD_OID } from './extensions';
export { CARD_FACE_CA_NAME, JPKI_SERVICE_NAME, SIGNING_CA_NAME, TERMINAL_CA_NAME, USER_AUTH_CA_NAME, describeName, formatName } from './names';
export type { DistinguishedName } from './names';
export { CRL_REASON_CODES } from './revocations';
export type { CrlReason, JpkiCertificateKind, RevocationEntry } from './revocations';
export { MockCaError, isMockCaError } from './errors';
export type { MockCaErrorCode } from './errors';
export { toPem } from './pem';
export { buildCrl } from './crl-builder';
export type { CrlEntryInput } from './crl-builder';
export {
  buildOcspErrorResponse,
  buildOcspResponse,
  ocspCertId,
  OCSP_BASIC_RESPONSE_OID,
  OCSP_ERROR_STATUSES,
  OCSP_NONCE_OID,
} from './ocsp-response-builder';
export type { OcspCertStatus, OcspHashAlgorithm, OcspResponseInput, OcspSingleAnswer } from './ocsp-response-builder';
export { issueOcspResponderCertificate } from './ocsp-responder-certificate';
export { issueScenarioCertificate } from './scenario-certificates';
export { generateVerifierScenarios, issueBenchmarkCertificates, SCENARIO_VALIDITY } from './verifier-scenarios';
export type { VerifierScenarioCertificates } from './verifier-scenarios';
export type { ScenarioCertificate, ScenarioCertificateSpec } from './scenario-certificates';
export { OCSP_SIGNING_EKU_OID, OCSP_NO_CHECK_OID } from './extensions';
export { startOfJstDay, endOfJstDay } from './dates';
export type { PemLabel } from './pem';
export type * from './types';

/**
 * Composes the mock CA: CA generations, the card-face and terminal keys with their CAs, and each
 * holder's certificates, issued by the generation valid on the holder's issue date. Deterministic:
 * the same input gives byte-identical output. Key generation is synchronous BigInt work, about
 * 0.1–0.4 s per RSA-2048 key; the promise is for the WebCrypto signing calls.
 */
export async function generateTestPki(input: TestPkiInput, engine: PkiCryptoEngine): Promise<TestPki> {
  validateTestPkiInput(input);
  const { seed } = input;
  // Decide every issuer first: a date no generation covers fails now, not after seconds of key generation.
  const plan = input.holders.map((holder) => ({
    holder,
    userAuthGeneration: chooseIssuingGeneration(input.caGenerations.userAuth, 'user-auth', holder),
    signingGeneration: holder.cardKind === 'standard' ? chooseIssuingGeneration(input.caGenerations.signing, 'signing', holder) : undefined,
  }));

  const generations: Record<JpkiCertificateKind, CaGenerationAuthority[]> = {
    'user-auth': await createCaGenerations(seed, 'user-auth', input.caGenerations.userAuth, engine),
    signing: await createCaGenerations(seed, 'signing', input.caGenerations.signing, engine),
  };

  const cardFaceSettings = input.cardFaceAuthority ?? DEFAULT_CARD_FACE_AUTHORITY;
  const cardFaceCa = await createRootAuthority(
    seed,
    { keyLabel: 'card-face-ca/key', name: CARD_FACE_CA_NAME, ...cardFaceSettings, serialNumber: serialNumberFromHex('01') },
    engine,
  );
  const cardFaceSigner = await issueServiceCertificate(
    seed,
    { label: 'card-face-signer', subject: CARD_FACE_SIGNER_NAME, keyUsages: ['digitalSignature'] },
    cardFaceCa,
    engine,
  );

  const terminalSettings = {
    startDate: input.terminalAuthority?.startDate ?? DEFAULT_TERMINAL_AUTHORITY.startDate,
    validYears: input.terminalAuthority?.validYears ?? DEFAULT_TERMINAL_AUTHORITY.validYears,
    terminalName: input.terminalAuthority?.terminalName ?? DEFAULT_TERMINAL_AUTHORITY.terminalName,
  };
  const terminalCa = await createRootAuthority(
    seed,
    { keyLabel: 'terminal-ca/key', name: TERMINAL_CA_NAME, ...terminalSettings, serialNumber: serialNumberFromHex('01') },
    engine,
  );
  const terminalKey = await issueServiceCertificate(
    seed,
    { label: 'terminal', subject: terminalName(terminalSettings.terminalName), keyUsages: ['digitalSignature'] },
    terminalCa,
    engine,
  );

  const uniqueness = new UniquenessCheck();
  const holders: Record<string, HolderCertificates> = {};
  const revocations: RevocationEntry[] = [];
  for (const { holder, userAuthGeneration, signingGeneration } of plan) {
    const userAuthIssuer = generationNamed(generations['user-auth'], userAuthGeneration);
    const userAuth = toHolderLeaf(await issueUserAuthCertificate(seed, holder, userAuthIssuer, engine), userAuthIssuer);
    const certificates: HolderCertificates = { id: holder.id, userAuth };
    if (signingGeneration !== undefined) {
      const signingIssuer = generationNamed(generations.signing, signingGeneration);
      certificates.signing = toHolderLeaf(await issueSigningCertificate(seed, holder, signingIssuer, engine), signingIssuer);
    }
    for (const [kind, leaf] of [['user-auth', certificates.userAuth], ['signing', certificates.signing]] as const) {
      if (!leaf) continue;
      uniqueness.claim(`serial ${kind}/${leaf.issuerGeneration}/${leaf.serialNumberHex}`, holder.id);
      uniqueness.claim(`subject id ${leaf.subjectId}`, holder.id);
      if (holder.revoked) revocations.push(revocationOf(input, holder, kind, leaf));
    }
    holders[holder.id] = certificates;
  }

  return {
    seed,
    caGenerations: {
      userAuth: generations['user-auth'].map(toCaGeneration),
      signing: generations.signing.map(toCaGeneration),
    },
    cardFace: { ca: toKeyAndCertificate(cardFaceCa, CARD_FACE_CA_NAME), signer: toKeyAndCertificate(cardFaceSigner, cardFaceSigner.subject) },
    terminal: { ca: toKeyAndCertificate(terminalCa, TERMINAL_CA_NAME), key: toKeyAndCertificate(terminalKey, terminalKey.subject) },
    holders,
    revocations,
  };
}

function generationNamed(generations: ReadonlyArray<CaGenerationAuthority>, name: string): CaGenerationAuthority {
  const generation = generations.find((candidate) => candidate.generation === name);
  if (!generation) throw new MockCaError('NO_CA_GENERATION', `CA generation ${name} was planned but not created`);
  return generation;
}

/** Serial numbers per issuer and subject ids overall must not repeat; with 64-bit draws they never should. */
class UniquenessCheck {
  private readonly owners = new Map<string, string>();

  claim(key: string, holderId: string): void {
    const owner = this.owners.get(key);
    if (owner !== undefined) throw new MockCaError('IDENTIFIER_COLLISION', `${key} drawn for both ${owner} and ${holderId}`);
    this.owners.set(key, holderId);
  }
}

function revocationOf(input: TestPkiInput, holder: CardHolderInput, kind: JpkiCertificateKind, leaf: HolderLeaf): RevocationEntry {
  const revocation = effectiveRevocation(input, holder);
  return {
    holderId: holder.id,
    certificate: kind,
    issuerGeneration: leaf.issuerGeneration,
    serialNumberHex: leaf.serialNumberHex,
    revocationDate: revocation.date,
    revokedAt: startOfJstDay(revocation.date).toISOString(),
    reason: revocation.reason,
  };
}

function toKeyAndCertificate(issued: IssuedLeaf | IssuingAuthority, subject: Parameters<typeof formatName>[0]): KeyAndCertificate {
  return {
    certificate: issued.certificate,
    privateKeyPkcs8: issued.keyPair.privateKeyPkcs8,
    publicKeySpki: issued.keyPair.publicKeySpki,
    serialNumberHex: serialNumberToHex(issued.serialNumber),
    subject: formatName(subject),
    notBefore: issued.notBefore.toISOString(),
    notAfter: issued.notAfter.toISOString(),
  };
}

function toCaGeneration(authority: CaGenerationAuthority): CaGeneration {
  return {
    ...toKeyAndCertificate(authority, authority.name),
    kind: authority.kind,
    generation: authority.generation,
    ...(authority.crlDistributionPointUrl === undefined ? {} : { crlDistributionPointUrl: authority.crlDistributionPointUrl }),
    ...(authority.ocspResponderUrl === undefined ? {} : { ocspResponderUrl: authority.ocspResponderUrl }),
  };
}

function toHolderLeaf(leaf: IssuedHolderLeaf, issuer: CaGenerationAuthority): HolderLeaf {
  return { ...toKeyAndCertificate(leaf, leaf.subject), issuerGeneration: issuer.generation, subjectId: leaf.subjectId };
}
export { FACILITY_PKI_FORMAT, generateFacilityPki, medicalInstitutionCodeOf, readFacilityPki, writeFacilityPki } from './facility-pki';
export type { FacilityCertificate, FacilityInput, FacilityPki, FacilityPkiInput } from './facility-pki';
export { FACILITY_PKI_PEM_FILES } from './facility-folder';
export { CLIENT_AUTH_EKU_OID, SERVER_AUTH_EKU_OID } from './extensions';
export { CENTRAL_SERVER_NAME, FACILITY_CA_NAME } from './names';
