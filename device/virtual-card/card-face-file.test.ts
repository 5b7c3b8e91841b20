import { constants, generateKeyPairSync, publicDecrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../kernel/bytes';
import { cardFaceDigestInfo, encodeCardFaceFile, encodeCardFacePublicKey, signCardFace, type UnsignedCardFaceFields } from './card-face-file';

const apKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const photo = concatBytes(fromHex('0000000C6A5020200D0A870A'), new Uint8Array(3000).fill(0x42));
const fields: UnsignedCardFaceFields = {
  birthDate: '19800217',
  sex: '1',
  publicKey: encodeCardFacePublicKey(apKey.publicKey),
  namePng: Uint8Array.of(1, 2, 3),
  addressPng: Uint8Array.of(4, 5),
  photoJp2: photo,
  expiryDate: '20350217',
  securityCodePng: Uint8Array.of(6),
};
const signature = signCardFace(fields, apKey.privateKey);
const file = encodeCardFaceFile({ ...fields, signature });

/** Walks a BER TLV at `offset`: its tag, value and end. */
function tlvAt(bytes: Uint8Array, offset: number): { tag: string; value: Uint8Array; end: number } {
  const tag = toHex(bytes.subarray(offset, offset + 2));
  let cursor = offset + 2;
  const first = bytes[cursor] ?? 0;
  let length = first;
  cursor += 1;
  if (first === 0x81) {
    length = bytes[cursor] ?? 0;
    cursor += 1;
  } else if (first === 0x82) {
    length = ((bytes[cursor] ?? 0) << 8) | (bytes[cursor + 1] ?? 0);
    cursor += 2;
  }
  return { tag, value: bytes.subarray(cursor, cursor + length), end: cursor + length };
}

describe('EF 0002 of 券面事項確認AP (card face)', () => {
  it('starts FF 20 82 LL LL with LLLL = the bytes that follow', () => {
    expect(toHex(file.subarray(0, 3))).toBe('FF2082');
    expect(((file[3] ?? 0) << 8) | (file[4] ?? 0)).toBe(file.length - 5);
  });

  it('lists in DF21 nine offsets from the file start, each pointing at DF22…DF2A in order', () => {
    const offsets = tlvAt(file, 5);
    expect(offsets.tag).toBe('DF21');
    expect(offsets.value.length).toBe(18);
    const tags = Array.from({ length: 9 }, (_, index) => {
      const offset = ((offsets.value[2 * index] ?? 0) << 8) | (offsets.value[2 * index + 1] ?? 0);
      return tlvAt(file, offset).tag;
    });
    expect(tags).toEqual(['DF22', 'DF23', 'DF24', 'DF25', 'DF26', 'DF27', 'DF28', 'DF29', 'DF2A']);
    // 5-byte header + DF21 (3 + 18 bytes): DF22 begins at 26.
    expect(toHex(offsets.value.subarray(0, 2))).toBe('001A');
  });

  it('carries each field: dates and sex as ASCII, the key as 90/91, the JP2 photo and the signature untouched', () => {
    const values: Record<string, Uint8Array> = {};
    let cursor = tlvAt(file, 5).end;
    while (cursor < file.length) {
      const tlv = tlvAt(file, cursor);
      values[tlv.tag] = tlv.value;
      cursor = tlv.end;
    }
    expect(new TextDecoder().decode(values.DF22)).toBe('19800217');
    expect(new TextDecoder().decode(values.DF23)).toBe('1');
    expect(toHex(values.DF24?.subarray(0, 9) ?? new Uint8Array())).toBe('9003010001918201' + '00');
    expect(values.DF24?.length).toBe(9 + 256);
    expect(values.DF27).toEqual(photo);
    expect(values.DF28).toEqual(signature);
    expect(new TextDecoder().decode(values.DF29)).toBe('20350217');
    expect(values.DF2A).toEqual(Uint8Array.of(6));
  });

  it('signs DF28 as PKCS#1 v1.5 over a SHA-256 DigestInfo of three hashes (96 bytes)', () => {
    const digestInfo = cardFaceDigestInfo(fields);
    expect(toHex(digestInfo.subarray(0, 19))).toBe('3071300D060960864801650304020105000460');
    expect(digestInfo.length).toBe(19 + 96);
    const recovered = publicDecrypt({ key: apKey.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    expect(new Uint8Array(recovered)).toEqual(digestInfo);
    // DF29 and DF2A are not covered: changing them keeps the digest.
    expect(cardFaceDigestInfo({ ...fields, expiryDate: '20400101', securityCodePng: Uint8Array.of(9) })).toEqual(digestInfo);
    expect(cardFaceDigestInfo({ ...fields, sex: '2' })).not.toEqual(digestInfo);
  });

  it('refuses a photo that is not JP2 and a signature that is not 256 bytes', () => {
    expect(() => encodeCardFaceFile({ ...fields, photoJp2: fromHex('FFD8FFE0'), signature })).toThrow(
      expect.objectContaining({ code: 'ENCODING_INVALID', field: 'photoJp2' }),
    );
    expect(() => encodeCardFaceFile({ ...fields, signature: new Uint8Array(255) })).toThrow(
      expect.objectContaining({ code: 'ENCODING_INVALID', field: 'signature' }),
    );
    expect(() => encodeCardFaceFile({ ...fields, expiryDate: '2035', signature })).toThrow(expect.objectContaining({ field: 'expiryDate' }));
  });

  it('refuses a file READ BINARY could not address (over 32 KiB)', () => {
    const huge = concatBytes(photo, new Uint8Array(0x8000));
    expect(() => encodeCardFaceFile({ ...fields, photoJp2: huge, signature })).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID' }));
  });
});
