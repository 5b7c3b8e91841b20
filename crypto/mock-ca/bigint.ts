/**
 * The few BigInt helpers RSA key generation needs: byte conversion, modular exponentiation and
 * inverse. Plain arithmetic on public test data; no constant-time claims.
 */
import { fromHex, toHex } from '../../kernel/bytes';

export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${toHex(bytes)}`);
}

/** Big-endian unsigned bytes; `length` left-pads with zeros (and refuses a value that does not fit). */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  if (value < 0n) throw new RangeError('negative values have no unsigned encoding');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = fromHex(hex);
  if (length === undefined) return bytes;
  if (bytes.length > length) throw new RangeError(`value needs ${bytes.length} bytes, more than ${length}`);
  const padded = new Uint8Array(length);
  padded.set(bytes, length - bytes.length);
  return padded;
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

// A 5-bit sliding window: about 20% fewer multiplications than square-and-multiply for 1024-bit
// exponents, which is what makes Miller–Rabin on 1024-bit candidates affordable in BigInt.
const WINDOW_BITS = 5;

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  if (exponent < 0n) throw new RangeError('negative exponent');
  const reducedBase = ((base % modulus) + modulus) % modulus;
  // Odd powers base^1, base^3, …, base^(2^WINDOW_BITS − 1).
  const baseSquared = (reducedBase * reducedBase) % modulus;
  const oddPowers: bigint[] = [reducedBase];
  for (let index = 1; index < 1 << (WINDOW_BITS - 1); index += 1) {
    oddPowers.push(((oddPowers[index - 1] ?? 1n) * baseSquared) % modulus);
  }
  const bits = exponent.toString(2);
  let result = 1n;
  let position = 0;
  while (position < bits.length) {
    if (bits[position] === '0') {
      result = (result * result) % modulus;
      position += 1;
      continue;
    }
    // Longest window of at most WINDOW_BITS bits that starts and ends with a 1.
    let end = Math.min(position + WINDOW_BITS, bits.length);
    while (bits[end - 1] === '0') end -= 1;
    const windowValue = parseInt(bits.slice(position, end), 2);
    for (let step = position; step < end; step += 1) result = (result * result) % modulus;
    result = (result * (oddPowers[(windowValue - 1) >> 1] ?? 1n)) % modulus;
    position = end;
  }
  return result;
}

export function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** a⁻¹ mod m by the extended Euclidean algorithm; throws when a and m share a factor. */
export function modInverse(a: bigint, modulus: bigint): bigint {
  let [oldR, r] = [((a % modulus) + modulus) % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new RangeError('value has no inverse modulo the given modulus');
  return ((oldS % modulus) + modulus) % modulus;
}
