import { fromHex, toHex } from '../../kernel/bytes';
import type { DeterministicRandom } from './drbg';
import { MockCaError } from './errors';

/**
 * Certificate serial numbers: positive INTEGERs of at most 20 octets (RFC 5280 §4.1.2.2), written
 * here as upper-case hex of their DER content octets, e.g. `0133C349`.
 */

/** 8 octets from the stream, the first in 01..7F: positive, minimally encoded, always 8 octets long. */
export function randomSerialNumber(random: DeterministicRandom): Uint8Array {
  const bytes = random.nextBytes(8);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes;
}

export function serialNumberToHex(serialNumber: Uint8Array): string {
  return toHex(serialNumber);
}

/** Accepts what RFC 5280 allows and DER writes: 1–20 octets, positive, no redundant leading 00. */
export function serialNumberFromHex(hex: string): Uint8Array {
  if (!/^([0-9A-Fa-f]{2}){1,20}$/.test(hex)) throw new MockCaError('INVALID_INPUT', `serial number ${hex} is not 1–20 hex octets`);
  const bytes = fromHex(hex);
  const [first = 0, second = 0] = bytes;
  if (first >= 0x80) throw new MockCaError('INVALID_INPUT', `serial number ${hex} would be negative`);
  if (first === 0 && (bytes.length === 1 || second < 0x80)) {
    throw new MockCaError('INVALID_INPUT', `serial number ${hex} is zero or has a redundant leading 00`);
  }
  return bytes;
}
