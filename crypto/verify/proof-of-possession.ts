import { toHex } from '../../kernel/bytes';
import { nodeRandomBytes } from './random';
import type { RandomBytes } from './random';
import { encodeDigestInfo, rsaPublicKeyFromSpki, SHA256_OID, sha256, verifyPkcs1DigestInfo } from './pkcs1-verify';
import { failure } from './result-codes';
import type { VerificationFailure } from './result-codes';

/**
 * Proof of possession in PIN mode: the terminal draws a fresh challenge, the card signs the SHA-256
 * DigestInfo of it with the 利用者証明用 key (card.md §3: `80 2A 00 80`, P1=00 pads PKCS#1 v1.5), and
 * the signature is checked with the certificate's key. A challenge is good for one answer and a
 * short time; an old signature over a used challenge fails with CHALLENGE_UNKNOWN_OR_USED.
 */
export const CHALLENGE_LENGTH = 32;

export class PossessionChallenges {
  private readonly outstanding = new Map<string, number>();
  private readonly random: RandomBytes;
  private readonly ttlMs: number;
  private readonly maxOutstanding: number;

  constructor(options: { ttlMs: number; random?: RandomBytes; maxOutstanding?: number }) {
    this.ttlMs = options.ttlMs;
    this.random = options.random ?? nodeRandomBytes;
    this.maxOutstanding = options.maxOutstanding ?? 1024;
  }

  /** A new challenge; the oldest outstanding ones are dropped beyond `maxOutstanding`. */
  issue(now: Date): Uint8Array {
    this.dropExpired(now);
    while (this.outstanding.size >= this.maxOutstanding) {
      const oldest = this.outstanding.keys().next().value;
      if (oldest === undefined) break;
      this.outstanding.delete(oldest);
    }
    const challenge = this.random(CHALLENGE_LENGTH);
    this.outstanding.set(toHex(challenge), now.getTime() + this.ttlMs);
    return challenge;
  }

  /** True once per issued, unexpired challenge. */
  consume(challenge: Uint8Array, now: Date): boolean {
    const key = toHex(challenge);
    const expiresAt = this.outstanding.get(key);
    this.outstanding.delete(key);
    return expiresAt !== undefined && now.getTime() <= expiresAt;
  }

  private dropExpired(now: Date): void {
    for (const [key, expiresAt] of this.outstanding) if (expiresAt < now.getTime()) this.outstanding.delete(key);
  }
}

/** The DigestInfo the terminal sends to the card for a challenge. */
export function possessionDigestInfo(challenge: Uint8Array): Uint8Array {
  return encodeDigestInfo(SHA256_OID, sha256(challenge));
}

/** Whatever keeps the outstanding challenges: true once per issued, unexpired challenge. */
export interface ChallengeConsumer {
  consume(challenge: Uint8Array, now: Date): boolean;
}

export function verifyProofOfPossession(input: {
  challenges: ChallengeConsumer;
  challenge: Uint8Array;
  signature: Uint8Array;
  /** SubjectPublicKeyInfo of the verified 利用者証明用 certificate. */
  publicKeySpki: Uint8Array;
  now: Date;
}): { ok: true } | VerificationFailure {
  // Consumed before the signature is looked at: a wrong answer burns the challenge too.
  if (!input.challenges.consume(input.challenge, input.now)) return failure('CHALLENGE_UNKNOWN_OR_USED', 'challenge was not issued, was used, or expired');
  const key = rsaPublicKeyFromSpki(input.publicKeySpki);
  if (!key) return failure('KEY_MALFORMED', 'not an RSA SubjectPublicKeyInfo');
  return verifyPkcs1DigestInfo(key, possessionDigestInfo(input.challenge), input.signature)
    ? { ok: true }
    : failure('POSSESSION_SIGNATURE_INVALID', 'signature over the challenge does not verify');
}
