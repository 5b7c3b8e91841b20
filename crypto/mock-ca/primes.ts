import { bitLength, bytesToBigInt, modPow } from './bigint';
import type { DeterministicRandom } from './drbg';
import { MockCaError } from './errors';

/**
 * Probable primes for RSA key generation (FIPS 186-5 §A.1.3 and §B.3): a random start with the two
 * top bits set, a small-prime sieve over the odd numbers that follow it, then Miller–Rabin (§B.3.1)
 * on the survivors with bases drawn from the same deterministic stream.
 *
 * Deviation from FIPS 186-5, on purpose: candidates are the consecutive odd numbers after one random
 * start (an incremental search) instead of a fresh random draw per candidate. The sieve makes this
 * an order of magnitude faster in BigInt; the slight bias towards primes after long gaps does not
 * matter for a mock CA.
 */

/** FIPS 186-5 Table B.1 asks for 5 rounds for 1024-bit p and q at 2^-112 error; we do more. */
export const MILLER_RABIN_ROUNDS = 8;

const SIEVE_PRIME_LIMIT = 1 << 16;
/** Odd offsets searched from one start; the expected gap between 1024-bit primes is about 710. */
const SIEVE_WINDOW = 4096;
/** Starts tried before giving up; reaching it means the stream is broken, not unlucky. */
const MAX_STARTS = 64;

/** Odd primes below SIEVE_PRIME_LIMIT (Eratosthenes), computed once; never modified. */
const SMALL_ODD_PRIMES: ReadonlyArray<number> = (() => {
  const isComposite = new Uint8Array(SIEVE_PRIME_LIMIT);
  const primes: number[] = [];
  for (let candidate = 3; candidate < SIEVE_PRIME_LIMIT; candidate += 2) {
    if (isComposite[candidate]) continue;
    primes.push(candidate);
    for (let multiple = candidate * candidate; multiple < SIEVE_PRIME_LIMIT; multiple += 2 * candidate) {
      isComposite[multiple] = 1;
    }
  }
  return primes;
})();

export interface PrimeSearchOptions {
  /** Exact bit length of the prime; a multiple of 8. */
  bits: number;
  /** Extra condition on a candidate before Miller–Rabin, e.g. gcd(p − 1, e) = 1. */
  isAcceptable?: (candidate: bigint) => boolean;
}

export function findProbablePrime(random: DeterministicRandom, options: PrimeSearchOptions): bigint {
  const { bits, isAcceptable = () => true } = options;
  if (!Number.isInteger(bits) || bits < 64 || bits % 8 !== 0) throw new RangeError(`prime size ${bits} is not a multiple of 8 ≥ 64`);
  for (let attempt = 0; attempt < MAX_STARTS; attempt += 1) {
    const startBytes = random.nextBytes(bits / 8);
    // Two top bits set: p ≥ 1.5·2^(bits−1) > √2·2^(bits−1), so n = p·q has exactly 2·bits bits.
    startBytes[0] = (startBytes[0] ?? 0) | 0xc0;
    startBytes[startBytes.length - 1] = (startBytes[startBytes.length - 1] ?? 0) | 0x01;
    const start = bytesToBigInt(startBytes);
    const composite = sieveOddOffsets(startBytes);
    for (let offset = 0; offset < SIEVE_WINDOW; offset += 1) {
      if (composite[offset]) continue;
      const candidate = start + 2n * BigInt(offset);
      if (bitLength(candidate) > bits) break;
      if (!isAcceptable(candidate)) continue;
      if (passesMillerRabin(candidate, MILLER_RABIN_ROUNDS, random)) return candidate;
    }
  }
  throw new MockCaError('KEY_GENERATION_FAILED', `no ${bits}-bit prime found in stream ${random.label}`);
}

/**
 * Marks offset k when start + 2k has a factor below SIEVE_PRIME_LIMIT. Residues are taken from
 * 32-bit words in Number arithmetic (r·2^32 + w < 2^53), far cheaper than thousands of BigInt `%`.
 */
function sieveOddOffsets(startBytes: Uint8Array): Uint8Array {
  const words: number[] = [];
  const view = new DataView(startBytes.buffer, startBytes.byteOffset, startBytes.byteLength);
  const leading = startBytes.length % 4;
  if (leading > 0) {
    let word = 0;
    for (let index = 0; index < leading; index += 1) word = word * 256 + (startBytes[index] ?? 0);
    words.push(word);
  }
  for (let index = leading; index < startBytes.length; index += 4) words.push(view.getUint32(index));

  const composite = new Uint8Array(SIEVE_WINDOW);
  for (const prime of SMALL_ODD_PRIMES) {
    let residue = 0;
    for (const word of words) residue = (residue * 0x1_0000_0000 + word) % prime;
    // start + 2k ≡ 0 (mod prime)  ⇔  k ≡ −residue · 2⁻¹, and 2⁻¹ ≡ (prime + 1)/2.
    const first = (((prime - residue) % prime) * ((prime + 1) / 2)) % prime;
    for (let offset = first; offset < SIEVE_WINDOW; offset += prime) composite[offset] = 1;
  }
  return composite;
}

/** Miller–Rabin, FIPS 186-5 §B.3.1, with `rounds` random bases in [2, w − 2]. For odd w > 3. */
export function passesMillerRabin(w: bigint, rounds: number, random: DeterministicRandom): boolean {
  const wMinusOne = w - 1n;
  let a = 0;
  let m = wMinusOne;
  while ((m & 1n) === 0n) {
    m >>= 1n;
    a += 1;
  }
  const wBytes = Math.ceil(bitLength(w) / 8);
  const topMask = 0xff >> (wBytes * 8 - bitLength(w));
  rounds: for (let round = 0; round < rounds; round += 1) {
    let base: bigint;
    do {
      const bytes = random.nextBytes(wBytes);
      bytes[0] = (bytes[0] ?? 0) & topMask;
      base = bytesToBigInt(bytes);
    } while (base <= 1n || base >= wMinusOne);
    let z = modPow(base, m, w);
    if (z === 1n || z === wMinusOne) continue;
    for (let step = 1; step < a; step += 1) {
      z = (z * z) % w;
      if (z === wMinusOne) continue rounds;
      if (z === 1n) return false;
    }
    return false;
  }
  return true;
}

/** Trial division by the small primes, then Miller–Rabin: the check a test uses on a finished key. */
export function isProbablePrime(value: bigint, random: DeterministicRandom, rounds = MILLER_RABIN_ROUNDS): boolean {
  if (value < 2n) return false;
  if (value % 2n === 0n) return value === 2n;
  for (const prime of SMALL_ODD_PRIMES) {
    const bigPrime = BigInt(prime);
    if (value === bigPrime) return true;
    if (value % bigPrime === 0n) return false;
  }
  return passesMillerRabin(value, rounds, random);
}
