import { createHash } from 'node:crypto';
import type { CardConfirmationFacts, PresenceProof } from '../../flow/ports/central-system';
import { signPresenceStatement } from '../../crypto/presence';
import type { CardQualificationRequest } from '../messages/card-qualification-messages';
import { cardPresenceStatement } from '../presence/card-presence';
import { authenticationMethodCode, consentInfoOf } from './consent-flags';

type PresenceProofElement = NonNullable<CardQualificationRequest['MessageBody']['PresenceProof']>;

/** The facility's reader key, as the attestation needs it. */
export interface ReaderSigner {
  readonly privateKeyPkcs8: Uint8Array;
  /** SHA-256 of the reader certificate's SubjectPublicKeyInfo, lower-case hex. */
  readonly readerKeyId: string;
}

/** The statement the proof signs: what the central system rebuilds from the request it receives. */
export function presenceStatementOf(medicalInstitutionCode: string, challenge: Uint8Array, facts: CardConfirmationFacts): Uint8Array {
  return cardPresenceStatement({
    medicalInstitutionCode,
    challenge,
    certificateDer: facts.certificateDer,
    authenticationMethod: authenticationMethodCode(facts.method),
    consents: consentInfoOf(facts.consents),
  });
}

/** What the card signs for 暗証番号: SHA-256 of the statement (the card wraps it in a DigestInfo). */
export function presenceDigestOf(medicalInstitutionCode: string, challenge: Uint8Array, facts: CardConfirmationFacts): Uint8Array {
  return new Uint8Array(createHash('sha256').update(presenceStatementOf(medicalInstitutionCode, challenge, facts)).digest());
}

/**
 * The PresenceProof element: the card's signature as given, or the reader's attestation signed here
 * (the flow never holds the reader key). Undefined when an attestation is asked for and no reader key
 * is configured.
 */
export function presenceProofElement(
  medicalInstitutionCode: string,
  facts: CardConfirmationFacts,
  proof: PresenceProof,
  reader: ReaderSigner | undefined,
): PresenceProofElement | undefined {
  const challenge = base64(proof.challenge);
  if (proof.kind === 'card-signature') return { Challenge: challenge, CardSignature: base64(proof.signature) };
  if (reader === undefined) return undefined;
  const statement = presenceStatementOf(medicalInstitutionCode, proof.challenge, facts);
  return { Challenge: challenge, ReaderKeyId: reader.readerKeyId, AttestationSignature: base64(signPresenceStatement(reader.privateKeyPkcs8, statement)) };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
