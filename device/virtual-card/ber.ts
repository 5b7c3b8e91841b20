import { concatBytes } from '../../kernel/bytes';

/**
 * BER lengths as the card writes them: one byte below 128, else `81 xx` or `82 xx xx`. The card face
 * EF always uses the two-byte form (`FF 20 82 LL LL`), so callers can ask for it.
 */
export type BerLengthForm = 'minimal' | 'two-byte';

export function encodeBerLength(length: number, form: BerLengthForm = 'minimal'): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) {
    throw new RangeError(`a BER length of ${length} does not fit the card's 82 xx xx form`);
  }
  if (form === 'two-byte') return Uint8Array.of(0x82, length >> 8, length & 0xff);
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

export function encodeTlv(tag: readonly number[], value: Uint8Array, form: BerLengthForm = 'minimal'): Uint8Array {
  return concatBytes(Uint8Array.from(tag), encodeBerLength(value.length, form), value);
}
