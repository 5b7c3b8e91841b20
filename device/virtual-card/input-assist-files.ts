import { encodeTlv } from './ber';
import { concatBytes } from '../../kernel/bytes';
import { asciiBytes } from './bytes';
import { encodeOffsetIndexedFile } from './offset-indexed-file';
import { VirtualCardError } from './virtual-card-error';

/**
 * The two data EFs of 券面事項入力補助AP (card.md §4), byte for byte as the driver parses them.
 */

const INDIVIDUAL_NUMBER_TAG = [0xff, 0x10] as const;
const BASIC_FOUR_INFO_TAG = [0xff, 0x20] as const;
const FIELD_TAGS = [
  [0xdf, 0x22],
  [0xdf, 0x23],
  [0xdf, 0x24],
  [0xdf, 0x25],
] as const;

/** EF 0001: `FF 10 0C` + the 12 ASCII digits + `FF FF` filler, 17 bytes. */
export function encodeIndividualNumberFile(individualNumber: string): Uint8Array {
  if (!/^\d{12}$/.test(individualNumber)) {
    throw new VirtualCardError('ENCODING_INVALID', 'the 個人番号 must be 12 ASCII digits', { field: 'individualNumber' });
  }
  return concatBytes(encodeTlv(INDIVIDUAL_NUMBER_TAG, asciiBytes(individualNumber)), Uint8Array.of(0xff, 0xff));
}

export interface BasicFourInfo {
  /** 氏名, family and given name separated by U+3000. */
  name: string;
  /** 住所, with full-width digits and `－` as printed. */
  address: string;
  /** 生年月日 in 西暦, `YYYYMMDD`. */
  birthDate: string;
  /** 性別: `1` 男, `2` 女 (`9`, `0` allowed, meaning unverified). */
  sex: string;
}

/**
 * EF 0002 (基本4情報): `FF 20 <len>` holding `DF21` (u16 offsets from the file start of DF22…DF25)
 * then DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別, all UTF-8. A long address makes the outer length
 * `81 xx` or `82 xx xx`, which moves every offset.
 */
export function encodeBasicFourInfoFile(info: BasicFourInfo): Uint8Array {
  if (!/^\d{8}$/.test(info.birthDate)) {
    throw new VirtualCardError('ENCODING_INVALID', '生年月日 must be YYYYMMDD digits', { field: 'birthDate' });
  }
  if (!/^\d$/.test(info.sex)) throw new VirtualCardError('ENCODING_INVALID', '性別 must be one ASCII digit', { field: 'sex' });
  if (info.name.length === 0) throw new VirtualCardError('ENCODING_INVALID', '氏名 is empty', { field: 'name' });
  if (info.address.length === 0) throw new VirtualCardError('ENCODING_INVALID', '住所 is empty', { field: 'address' });
  const utf8 = new TextEncoder();
  const values = [utf8.encode(info.name), utf8.encode(info.address), asciiBytes(info.birthDate), asciiBytes(info.sex)];
  return encodeOffsetIndexedFile(BASIC_FOUR_INFO_TAG, FIELD_TAGS, values, 'minimal');
}
