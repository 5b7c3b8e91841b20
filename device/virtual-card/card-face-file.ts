import { createHash, privateEncrypt, constants, createPublicKey, type KeyObject } from 'node:crypto';
import { encodeTlv } from './ber';
import { bytesEqual, concatBytes, fromHex } from '../../kernel/bytes';
import { asciiBytes } from './bytes';
import { encodeOffsetIndexedFile } from './offset-indexed-file';
import { VirtualCardError } from './virtual-card-error';

/**
 * EF 0002 of 券面事項確認AP, the card face (card.md §5): `FF 20 82 LL LL` holding DF21 (nine u16
 * offsets from the file start) and DF22…DF2A.
 */

const CARD_FACE_TAG = [0xff, 0x20] as const;
const FIELD_TAGS = [0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a].map((low) => [0xdf, low]);

/** Every JP2 file starts with this signature box. */
const JP2_SIGNATURE = fromHex('0000000C6A5020200D0A870A');
const SIGNATURE_LENGTH = 256;
/** DigestInfo header for SHA-256 (OID 2.16.840.1.101.3.4.2.1) over a 96-byte OCTET STRING. */
const DF28_DIGEST_INFO_PREFIX = fromHex('3071300D06096086480165030402010500 0460');

export interface CardFaceFields {
  /** DF22 生年月日, 西暦 `YYYYMMDD`. */
  birthDate: string;
  /** DF23 性別, one ASCII digit. */
  sex: string;
  /** DF24 the AP public key field: `90 03 01 00 01 91 82 01 00 <modulus>` (see encodeCardFacePublicKey). */
  publicKey: Uint8Array;
  /** DF25 氏名 image (PNG; not inspected). */
  namePng: Uint8Array;
  /** DF26 住所 image (PNG; not inspected). */
  addressPng: Uint8Array;
  /** DF27 face photo, JPEG 2000 JP2, greyscale. */
  photoJp2: Uint8Array;
  /** DF28 the 256-byte signature (see signCardFace). */
  signature: Uint8Array;
  /** DF29 card expiry, `YYYYMMDD`. */
  expiryDate: string;
  /** DF2A セキュリティコード image (PNG; not inspected). */
  securityCodePng: Uint8Array;
}

export type UnsignedCardFaceFields = Omit<CardFaceFields, 'signature'>;

export function encodeCardFaceFile(fields: CardFaceFields): Uint8Array {
  checkSignedFields(fields);
  if (!/^\d{8}$/.test(fields.expiryDate)) {
    throw new VirtualCardError('ENCODING_INVALID', 'the expiry date must be YYYYMMDD digits', { field: 'expiryDate' });
  }
  if (fields.signature.length !== SIGNATURE_LENGTH) {
    throw new VirtualCardError('ENCODING_INVALID', `DF28 must be a ${SIGNATURE_LENGTH}-byte signature`, { field: 'signature' });
  }
  const values = [
    asciiBytes(fields.birthDate),
    asciiBytes(fields.sex),
    fields.publicKey,
    fields.namePng,
    fields.addressPng,
    fields.photoJp2,
    fields.signature,
    asciiBytes(fields.expiryDate),
    fields.securityCodePng,
  ];
  return encodeOffsetIndexedFile(CARD_FACE_TAG, FIELD_TAGS, values, 'two-byte');
}

/** DF24: the RSA public key as `90 <e>` and `91 <n>` (the modulus without its DER sign byte). */
export function encodeCardFacePublicKey(publicKey: KeyObject | Uint8Array): Uint8Array {
  const key = publicKey instanceof Uint8Array ? createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' }) : publicKey;
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || jwk.n === undefined || jwk.e === undefined) {
    throw new VirtualCardError('ENCODING_INVALID', 'the card face AP key must be an RSA public key', { field: 'publicKey' });
  }
  return concatBytes(encodeTlv([0x90], Buffer.from(jwk.e, 'base64url')), encodeTlv([0x91], Buffer.from(jwk.n, 'base64url')));
}

/**
 * What DF28 signs (single source): a SHA-256 DigestInfo whose OCTET STRING is 96 bytes,
 * SHA-256(DF22‖DF23‖DF24) ‖ SHA-256(DF25‖DF26) ‖ SHA-256(DF27), each over the whole TLVs.
 * DF29 and DF2A are not covered.
 */
export function cardFaceDigestInfo(fields: UnsignedCardFaceFields): Uint8Array {
  checkSignedFields(fields);
  const tlv = (low: number, value: Uint8Array): Uint8Array => encodeTlv([0xdf, low], value);
  const sha256 = (...parts: Uint8Array[]): Uint8Array => createHash('sha256').update(concatBytes(...parts)).digest();
  return concatBytes(
    DF28_DIGEST_INFO_PREFIX,
    sha256(tlv(0x22, asciiBytes(fields.birthDate)), tlv(0x23, asciiBytes(fields.sex)), tlv(0x24, fields.publicKey)),
    sha256(tlv(0x25, fields.namePng), tlv(0x26, fields.addressPng)),
    sha256(tlv(0x27, fields.photoJp2)),
  );
}

/** DF28 made with the emulator's card face AP key: PKCS#1 v1.5 over cardFaceDigestInfo. */
export function signCardFace(fields: UnsignedCardFaceFields, apPrivateKey: KeyObject): Uint8Array {
  return new Uint8Array(privateEncrypt({ key: apPrivateKey, padding: constants.RSA_PKCS1_PADDING }, cardFaceDigestInfo(fields)));
}

function checkSignedFields(fields: UnsignedCardFaceFields): void {
  if (!/^\d{8}$/.test(fields.birthDate)) {
    throw new VirtualCardError('ENCODING_INVALID', '生年月日 must be YYYYMMDD digits', { field: 'birthDate' });
  }
  if (!/^\d$/.test(fields.sex)) throw new VirtualCardError('ENCODING_INVALID', '性別 must be one ASCII digit', { field: 'sex' });
  const photoStart = fields.photoJp2.subarray(0, JP2_SIGNATURE.length);
  if (!bytesEqual(photoStart, JP2_SIGNATURE)) {
    throw new VirtualCardError('ENCODING_INVALID', 'DF27 must be a JPEG 2000 JP2 file (signature box 0000000C6A502020…)', {
      field: 'photoJp2',
    });
  }
}
