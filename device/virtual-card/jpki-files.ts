import { concatBytes } from '../../kernel/bytes';
import { asciiBytes } from './bytes';
import { VirtualCardError } from './virtual-card-error';

/** Fixed-layout EFs of the JPKI AP (card.md §3). */

export const DEFAULT_TOKEN_LABEL = 'JPKIAPICCTOKEN2';
export const TOKEN_INFO_LENGTH = 160;

/**
 * EF 0006: a 160-byte PKCS#11 CK_TOKEN_INFO with 4-byte CK_ULONGs. Only the label is public; the
 * emulator space-pads every text field and zeroes the numbers [emulator choice].
 */
export function encodeTokenInfoFile(label = DEFAULT_TOKEN_LABEL): Uint8Array {
  if (label.length > 32) throw new VirtualCardError('ENCODING_INVALID', 'the token label holds at most 32 characters', { field: 'label' });
  const text = (value: string, width: number): Uint8Array => asciiBytes(value.padEnd(width, ' '));
  const file = concatBytes(
    text(label, 32), // label
    text('', 32), // manufacturerID
    text('', 16), // model
    text('', 16), // serialNumber
    new Uint8Array(11 * 4), // flags, session and PIN counts, memory sizes
    new Uint8Array(4), // hardware and firmware versions
    text('', 16), // utcTime
  );
  return file;
}

/** EF 0008: `8F 8F 00`; the first byte is `00` on a card without a signing certificate (顔認証カード). */
export function encodeSigningCertificatePresenceFile(hasSigningCertificate: boolean): Uint8Array {
  return Uint8Array.of(hasSigningCertificate ? 0x8f : 0x00, 0x8f, 0x00);
}
