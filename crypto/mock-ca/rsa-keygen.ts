import { bitLength, gcd, modInverse } from './bigint';
import type { DeterministicRandom } from './drbg';
import { MockCaError } from './errors';
import { findProbablePrime } from './primes';
import { encodeRsaPrivateKeyPkcs8, encodeRsaPublicKeySpki } from './rsa-key-der';
import type { RsaKeyComponents } from './rsa-key-der';

/**
 * Deterministic RSA key pairs from a random stream, after FIPS 186-5 §A.1.3 (probable primes):
 * e = 65537, p and q of nlen/2 bits with gcd(p − 1, e) = 1, |p − q| > 2^(nlen/2 − 100),
 * d = e⁻¹ mod λ(n) with d > 2^(nlen/2), and the CRT values of RFC 8017 §3.2.
 */

export const PUBLIC_EXPONENT = 65537n;

/** JPKI keys are RSA-2048 (card.md §6); so is every key of the mock CA. */
export const MODULUS_BITS = 2048;

export interface RsaKeyPair {
  /** PKCS#8 PrivateKeyInfo, DER. */
  privateKeyPkcs8: Uint8Array;
  /** SubjectPublicKeyInfo, DER. */
  publicKeySpki: Uint8Array;
}

/** Each rejection below (p, q too close; d too small) has a chance near 2^-100: hitting the limit means a broken stream. */
const MAX_PRIME_PAIRS = 16;

export function generateRsaKeyComponents(random: DeterministicRandom): RsaKeyComponents {
  const modulusBits = MODULUS_BITS;
  const primeBits = modulusBits / 2;
  const e = PUBLIC_EXPONENT;
  // e is prime, so gcd(p − 1, e) = 1 exactly when p ≢ 1 (mod e).
  const isAcceptable = (candidate: bigint) => candidate % e !== 1n;
  const minimumDistance = 1n << BigInt(primeBits - 100);
  const minimumD = 1n << BigInt(primeBits);

  for (let attempt = 0; attempt < MAX_PRIME_PAIRS; attempt += 1) {
    const first = findProbablePrime(random, { bits: primeBits, isAcceptable });
    const second = findProbablePrime(random, { bits: primeBits, isAcceptable });
    const [p, q] = first > second ? [first, second] : [second, first];
    if (p - q <= minimumDistance) continue;
    const n = p * q;
    if (bitLength(n) !== modulusBits) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(e, lambda);
    if (d <= minimumD) continue;
    return { n, e, d, p, q, dP: d % (p - 1n), dQ: d % (q - 1n), qInv: modInverse(q, p) };
  }
  throw new MockCaError('KEY_GENERATION_FAILED', `no acceptable prime pair in stream ${random.label}`);
}

export function generateRsaKeyPair(random: DeterministicRandom): RsaKeyPair {
  const key = generateRsaKeyComponents(random);
  return {
    privateKeyPkcs8: encodeRsaPrivateKeyPkcs8(key),
    publicKeySpki: encodeRsaPublicKeySpki(key.n, key.e),
  };
}
