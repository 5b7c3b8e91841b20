import { checkPrimeSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bigIntToBytes, bitLength, bytesToBigInt, gcd, modInverse, modPow } from './bigint';
import { drbg } from './drbg';
import { findProbablePrime, isProbablePrime, passesMillerRabin } from './primes';

function squareAndMultiply(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = base % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

describe('bigint helpers', () => {
  it('modPow agrees with plain square-and-multiply', () => {
    const random = drbg('seed', 'modpow');
    for (let trial = 0; trial < 20; trial += 1) {
      const modulus = bytesToBigInt(random.nextBytes(64)) | 1n;
      const base = bytesToBigInt(random.nextBytes(64));
      const exponent = bytesToBigInt(random.nextBytes(1 + trial * 3));
      expect(modPow(base, exponent, modulus)).toBe(squareAndMultiply(base, exponent, modulus));
    }
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
  });

  it('modInverse inverts and refuses shared factors', () => {
    expect((modInverse(65537n, 1_000_000_006n) * 65537n) % 1_000_000_006n).toBe(1n);
    expect(() => modInverse(6n, 9n)).toThrow(RangeError);
    expect(gcd(84n, -36n)).toBe(12n);
  });

  it('converts bytes both ways with padding', () => {
    expect(bytesToBigInt(Uint8Array.of(0x01, 0x00))).toBe(256n);
    expect(Buffer.from(bigIntToBytes(256n, 4)).toString('hex')).toBe('00000100');
    expect(() => bigIntToBytes(65536n, 2)).toThrow(RangeError);
    expect(bitLength(0n)).toBe(0);
    expect(bitLength(255n)).toBe(8);
  });
});

describe('Miller–Rabin', () => {
  const random = drbg('seed', 'miller-rabin');

  it('accepts primes, including Mersenne primes of 127 and 521 bits', () => {
    for (const prime of [3n, 5n, 65537n, 2n ** 61n - 1n, 2n ** 127n - 1n, 2n ** 521n - 1n]) {
      expect(isProbablePrime(prime, random)).toBe(true);
    }
  });

  it('rejects Carmichael numbers and strong pseudoprimes to small bases', () => {
    // 3215031751 is a strong pseudoprime to bases 2, 3, 5 and 7; the others are Carmichael numbers.
    for (const composite of [561n, 41041n, 825265n, 3215031751n, 2n ** 128n + 1n]) {
      expect(isProbablePrime(composite, random)).toBe(false);
    }
    // Past the sieve: a product of two 64-bit primes only Miller–Rabin can catch.
    const product = (2n ** 61n - 1n) * (2n ** 89n - 1n);
    expect(passesMillerRabin(product, 8, random)).toBe(false);
  });
});

describe('findProbablePrime', () => {
  it('finds primes of exactly the asked size with the two top bits set (node:crypto agrees they are prime)', () => {
    for (const bits of [256, 512]) {
      const prime = findProbablePrime(drbg('seed', `prime-${bits}`), { bits });
      expect(bitLength(prime)).toBe(bits);
      expect(prime >> BigInt(bits - 2)).toBe(3n);
      expect(checkPrimeSync(prime, { checks: 40 })).toBe(true);
    }
  });

  it('skips candidates the caller refuses and is deterministic', () => {
    const refuseOneMod4 = (candidate: bigint) => candidate % 4n === 3n;
    const prime = findProbablePrime(drbg('seed', 'prime-filter'), { bits: 256, isAcceptable: refuseOneMod4 });
    expect(prime % 4n).toBe(3n);
    expect(findProbablePrime(drbg('seed', 'prime-filter'), { bits: 256, isAcceptable: refuseOneMod4 })).toBe(prime);
  });

  it('rejects sizes it does not support', () => {
    expect(() => findProbablePrime(drbg('seed', 'x'), { bits: 100 })).toThrow(RangeError);
  });
});
