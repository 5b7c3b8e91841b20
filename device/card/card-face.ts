import { selectApplication, selectFile } from './apdu';
import { CardError } from './card-error';
import { readTlvFile } from './file-read';
import { concatBytes } from '../../kernel/bytes';
import { isoDateFromField, parseIndexedRecord, requiredField, sexCodeFromField } from './indexed-record';
import { requireApplicationSelected, requireOk } from './status';
import { transceive } from './transceive';
import type { CardFaceRecord } from '../../flow/ports/card-session';
import type { CardTransport } from './transport';
import { assertDigits, queryTriesLeft, verifyKey } from './verify';
import type { KeyToVerify, VerifyOptions } from './verify';
import { AID, CardFaceFile, MAX_TRIES } from '../../kernel/card/applications';

/** 券面事項確認AP: the card face with the photo, opened by 照合番号B (card.md §5). */

export const CardFaceTag = {
  birthDate: 0xdf22,
  sex: 0xdf23,
  publicKey: 0xdf24,
  nameImage: 0xdf25,
  addressImage: 0xdf26,
  facePhoto: 0xdf27,
  signature: 0xdf28,
  expiryDate: 0xdf29,
  securityCodeImage: 0xdf2a,
} as const;

/** DF21 lists the offsets of DF22…DF2A, in this order. */
const INDEXED_TAGS = [0xdf22, 0xdf23, 0xdf24, 0xdf25, 0xdf26, 0xdf27, 0xdf28, 0xdf29, 0xdf2a] as const;
const WHAT = 'card face (EF 0002)';
const SIGNATURE_LENGTH = 256;

const COLLATION_NUMBER_B: KeyToVerify = {
  keyFile: CardFaceFile.collationNumberB,
  maxTries: MAX_TRIES.collationNumber,
  label: '照合番号B',
};

export interface CardFace extends CardFaceRecord {
  /** DF22 生年月日 (西暦), ISO YYYY-MM-DD. */
  readonly birthDate: string;
  /** DF23 性別, one ASCII digit: 1 男, 2 女. */
  readonly sexCode: string;
  /** DF29 有効期限, ISO YYYY-MM-DD. */
  readonly expiryDate: string;
  /** DF27: the photo, JPEG 2000 (JP2), greyscale. */
  readonly facePhoto: Uint8Array;
  /** DF28: the 256-byte signature over DF22‖DF23‖DF24, DF25‖DF26 and DF27 (see `signedParts`). */
  readonly signature: Uint8Array;
  /** DF24: the key TLVs (`90 03 …` `91 82 01 00 …`), as stored. */
  readonly publicKey: Uint8Array | undefined;
  /** DF25 氏名, DF26 住所 and DF2A セキュリティコード, as PNG images. */
  readonly nameImage: Uint8Array | undefined;
  readonly addressImage: Uint8Array | undefined;
  readonly securityCodeImage: Uint8Array | undefined;
  /**
   * The whole TLV encodings (tag, length, value) that DF28 covers, concatenated the way card.md §5
   * hashes them: SHA-256 of each part, in this order, make the 96-byte signed message.
   */
  readonly signedParts: {
    readonly birthDateSexKey: Uint8Array;
    readonly nameAddressImages: Uint8Array;
    readonly facePhoto: Uint8Array;
  };
  /** DF21's offsets of DF22…DF2A (empty when the file has no DF21). */
  readonly offsets: readonly number[];
  /** The whole `FF 20` TLV as read. */
  readonly raw: Uint8Array;
}

async function selectCardFaceApplication(transport: CardTransport): Promise<void> {
  const step = 'select 券面事項確認AP';
  requireApplicationSelected(await transceive(transport, selectApplication(AID.cardFace), step), step);
}

/** Tries left on 照合番号B (key 0012), without using one. */
export async function collationNumberBTriesLeft(transport: CardTransport): Promise<number> {
  await selectCardFaceApplication(transport);
  return queryTriesLeft(transport, COLLATION_NUMBER_B);
}

/**
 * SELECT 券面事項確認AP → read the 照合番号B counter → VERIFY 照合番号B (key 0012) → SELECT EF 0002 →
 * read it whole → parse. Refuses the last try unless `options.allowLastTry`.
 */
export async function readCardFace(transport: CardTransport, collationNumberB: string, options: VerifyOptions = {}): Promise<CardFace> {
  assertDigits(collationNumberB, 14, COLLATION_NUMBER_B.label);
  await selectCardFaceApplication(transport);
  await verifyKey(transport, COLLATION_NUMBER_B, collationNumberB, options);
  const selectStep = 'select card face EF';
  requireOk(await transceive(transport, selectFile(CardFaceFile.cardFace), selectStep), selectStep);
  return parseCardFace(await readTlvFile(transport, 'read card face'));
}

/** The card face file → its fields; MALFORMED_RESPONSE for any layout the card should not have. */
export function parseCardFace(file: Uint8Array): CardFace {
  const record = parseIndexedRecord(file, WHAT, INDEXED_TAGS);
  const field = (tag: number) => requiredField(record, tag, WHAT);
  const optional = (tag: number) => record.fields.get(tag);
  const signature = field(CardFaceTag.signature).value;
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new CardError('MALFORMED_RESPONSE', `${WHAT}: DF28 holds ${signature.length} bytes, expected ${SIGNATURE_LENGTH}`);
  }
  const facePhoto = field(CardFaceTag.facePhoto);
  if (facePhoto.length === 0) throw new CardError('MALFORMED_RESPONSE', `${WHAT}: DF27 (photo) is empty`);
  const rawOf = (tag: number) => optional(tag)?.raw ?? new Uint8Array(0);
  return {
    birthDate: isoDateFromField(field(CardFaceTag.birthDate), WHAT),
    sexCode: sexCodeFromField(field(CardFaceTag.sex), WHAT),
    expiryDate: isoDateFromField(field(CardFaceTag.expiryDate), WHAT),
    facePhoto: facePhoto.value,
    signature,
    publicKey: optional(CardFaceTag.publicKey)?.value,
    nameImage: optional(CardFaceTag.nameImage)?.value,
    addressImage: optional(CardFaceTag.addressImage)?.value,
    securityCodeImage: optional(CardFaceTag.securityCodeImage)?.value,
    signedParts: {
      birthDateSexKey: concatBytes(rawOf(CardFaceTag.birthDate), rawOf(CardFaceTag.sex), rawOf(CardFaceTag.publicKey)),
      nameAddressImages: concatBytes(rawOf(CardFaceTag.nameImage), rawOf(CardFaceTag.addressImage)),
      facePhoto: facePhoto.raw,
    },
    offsets: record.offsets,
    raw: record.raw,
  };
}
