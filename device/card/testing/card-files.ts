import { concatBytes } from '../../../kernel/bytes';

/**
 * Builders of card file contents for tests and test cards: BER-TLV encoding, a DER-shaped
 * certificate, the 券面 files with a correct DF21 index. Test support only; the driver never
 * builds card files.
 */

/** Tag bytes of a tag number written as in the card documents: 0xDF21 → DF 21. */
function tagBytes(tag: number): number[] {
  const bytes: number[] = [];
  let rest = tag;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 0x100);
  } while (rest > 0);
  return bytes;
}

/** Length in the shortest BER form: short, 81, 82 or 83. */
export function berLength(length: number): number[] {
  if (length < 0x80) return [length];
  if (length <= 0xff) return [0x81, length];
  if (length <= 0xffff) return [0x82, length >> 8, length & 0xff];
  return [0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
}

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.from([...tagBytes(tag), ...berLength(value.length)]), value);
}

/** Deterministic filler bytes, different per seed (a test can tell two cards' files apart). */
export function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let index = 0; index < length; index += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** A DER SEQUENCE of `totalLength` bytes in all, shaped like a certificate (only its framing matters here). */
export function certificateLike(totalLength: number, seed: number): Uint8Array {
  for (let headerLength = 2; headerLength <= 5; headerLength += 1) {
    const contentLength = totalLength - headerLength;
    if (contentLength >= 0 && berLength(contentLength).length + 1 === headerLength) {
      return tlv(0x30, patternBytes(contentLength, seed));
    }
  }
  throw new RangeError(`no DER length form gives ${totalLength} bytes`);
}

/** Appends `FF` filler up to the EF's allocated size, as the card stores files. */
export function withFiller(content: Uint8Array, allocatedSize: number): Uint8Array {
  const file = new Uint8Array(Math.max(allocatedSize, content.length)).fill(0xff);
  file.set(content);
  return file;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** `FF 20 { DF21 offsets, fields… }` with DF21 pointing (from file start) at each field's tag. */
export function indexedRecord(fields: ReadonlyArray<readonly [tag: number, value: Uint8Array]>): Uint8Array {
  const encodedFields = fields.map(([tag, value]) => tlv(tag, value));
  const indexLength = fields.length * 2;
  const indexTlvLength = tlv(0xdf21, new Uint8Array(indexLength)).length;
  const contentLength = indexTlvLength + encodedFields.reduce((sum, field) => sum + field.length, 0);
  const outerHeaderLength = 2 + berLength(contentLength).length;
  const index = new Uint8Array(indexLength);
  let offset = outerHeaderLength + indexTlvLength;
  encodedFields.forEach((field, position) => {
    index[position * 2] = offset >> 8;
    index[position * 2 + 1] = offset & 0xff;
    offset += field.length;
  });
  return tlv(0xff20, concatBytes(tlv(0xdf21, index), ...encodedFields));
}

export interface BasicFourInfoFields {
  name: string;
  address: string;
  /** YYYYMMDD */
  birthDate: string;
  sexCode: string;
}

/** 券面事項入力補助AP EF 0002 (card.md §4). */
export function basicFourInfoFile(fields: BasicFourInfoFields): Uint8Array {
  return indexedRecord([
    [0xdf22, utf8(fields.name)],
    [0xdf23, utf8(fields.address)],
    [0xdf24, ascii(fields.birthDate)],
    [0xdf25, ascii(fields.sexCode)],
  ]);
}

export interface CardFaceFields {
  /** YYYYMMDD */
  birthDate: string;
  sexCode: string;
  publicKey: Uint8Array;
  nameImage: Uint8Array;
  addressImage: Uint8Array;
  facePhoto: Uint8Array;
  signature: Uint8Array;
  /** YYYYMMDD */
  expiryDate: string;
  securityCodeImage: Uint8Array;
}

/** The JP2 signature box every JPEG 2000 file starts with (card.md §5). */
export const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);

/** A card face for the emulator's default person (試験 太郎, 1980-02-17, expiry 2035), photo of `photoLength` bytes. */
export function sampleCardFaceFields(photoLength: number, seed = 1): CardFaceFields {
  return {
    birthDate: '19800217',
    sexCode: '1',
    publicKey: concatBytes(Uint8Array.of(0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x00), patternBytes(256, seed + 1)),
    nameImage: patternBytes(40, seed + 2),
    addressImage: patternBytes(60, seed + 3),
    facePhoto: concatBytes(JP2_SIGNATURE, patternBytes(Math.max(0, photoLength - JP2_SIGNATURE.length), seed + 4)),
    signature: patternBytes(256, seed + 5),
    expiryDate: '20350217',
    securityCodeImage: patternBytes(20, seed + 6),
  };
}

/** 券面事項確認AP EF 0002 (card.md §5): `FF 20 82 LL LL { DF21 … DF2A }`. */
export function cardFaceFile(fields: CardFaceFields): Uint8Array {
  return indexedRecord([
    [0xdf22, ascii(fields.birthDate)],
    [0xdf23, ascii(fields.sexCode)],
    [0xdf24, fields.publicKey],
    [0xdf25, fields.nameImage],
    [0xdf26, fields.addressImage],
    [0xdf27, fields.facePhoto],
    [0xdf28, fields.signature],
    [0xdf29, ascii(fields.expiryDate)],
    [0xdf2a, fields.securityCodeImage],
  ]);
}
