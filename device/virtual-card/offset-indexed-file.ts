import { encodeBerLength, encodeTlv, type BerLengthForm } from './ber';
import { concatBytes } from '../../kernel/bytes';
import { u16 } from './bytes';
import { VirtualCardError } from './virtual-card-error';

const OFFSETS_TAG = [0xdf, 0x21] as const;

/** READ BINARY offsets are 15 bits: nothing past 32 KiB of an EF can be read. */
export const MAX_READABLE_FILE_SIZE = 0x8000;

/**
 * The layout both 券面 EFs share: an outer TLV whose first child `DF21` lists, as u16 big-endian
 * offsets from the file start, where each following child TLV begins.
 */
export function encodeOffsetIndexedFile(
  outerTag: readonly number[],
  fieldTags: ReadonlyArray<readonly number[]>,
  values: readonly Uint8Array[],
  outerLengthForm: BerLengthForm,
): Uint8Array {
  // The whole file must fit READ BINARY's 15-bit offsets, so any one field over that is refused here,
  // before its BER length (at most 82 xx xx) could not even be written.
  values.forEach((value, index) => {
    if (value.length > MAX_READABLE_FILE_SIZE) {
      throw new VirtualCardError('ENCODING_INVALID', `field ${index + 1} of ${value.length} bytes exceeds the ${MAX_READABLE_FILE_SIZE} bytes READ BINARY can address`, {
        field: 'content',
      });
    }
  });
  const fields = values.map((value, index) => encodeTlv(fieldTags[index] ?? [], value));
  // DF21's own size does not depend on the offsets: 2 tag bytes, 1 length byte, 2 bytes per field.
  const offsetsTlvLength = 3 + 2 * fields.length;
  const contentLength = offsetsTlvLength + fields.reduce((total, field) => total + field.length, 0);
  const header = concatBytes(Uint8Array.from(outerTag), encodeBerLength(Math.min(contentLength, 0xffff), outerLengthForm));
  if (header.length + contentLength > MAX_READABLE_FILE_SIZE) {
    throw new VirtualCardError(
      'ENCODING_INVALID',
      `a ${header.length + contentLength}-byte EF exceeds the ${MAX_READABLE_FILE_SIZE} bytes READ BINARY can address`,
      { field: 'content' },
    );
  }
  let offset = header.length + offsetsTlvLength;
  const offsets: Uint8Array[] = [];
  for (const field of fields) {
    offsets.push(u16(offset));
    offset += field.length;
  }
  return concatBytes(header, encodeTlv(OFFSETS_TAG, concatBytes(...offsets)), ...fields);
}
