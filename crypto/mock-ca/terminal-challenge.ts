import { createHash } from 'node:crypto';
import { MockCaError } from './errors';
import { encodeDigestInfo, SHA256_OID, signDigestInfo, verifyDigestInfoSignature } from './pkcs1-signature';

/**
 * The stand-in for 特定機関認証 (card.md §8.5, our design, not the real protocol): the terminal signs
 * the card's 8-byte challenge with RSASSA-PKCS1-v1_5 / SHA-256 under its RSA-2048 test key, and the
 * emulated card checks the signature before granting use of key 0017.
 */
export const TERMINAL_CHALLENGE_LENGTH = 8;

function challengeDigestInfo(challenge: Uint8Array): Uint8Array {
  if (challenge.length !== TERMINAL_CHALLENGE_LENGTH) {
    throw new MockCaError('SIGNATURE_INPUT_INVALID', `a challenge has ${TERMINAL_CHALLENGE_LENGTH} bytes, not ${challenge.length}`);
  }
  return encodeDigestInfo(SHA256_OID, new Uint8Array(createHash('sha256').update(challenge).digest()));
}

export function signTerminalChallenge(terminalPrivateKeyPkcs8: Uint8Array, challenge: Uint8Array): Uint8Array {
  return signDigestInfo(terminalPrivateKeyPkcs8, challengeDigestInfo(challenge));
}

export function verifyTerminalChallengeSignature(terminalPublicKeySpki: Uint8Array, challenge: Uint8Array, signature: Uint8Array): boolean {
  if (challenge.length !== TERMINAL_CHALLENGE_LENGTH) return false;
  return verifyDigestInfoSignature(terminalPublicKeySpki, challengeDigestInfo(challenge), signature);
}
