import { selectApplication, selectFile } from './apdu';
import { CardError } from './card-error';
import { readTlvFile } from './file-read';
import { isoDateFromField, parseIndexedRecord, requiredField, sexCodeFromField } from './indexed-record';
import { requireApplicationSelected, requireOk } from './status';
import { tagName } from './tlv';
import type { Tlv } from './tlv';
import { transceive } from './transceive';
import type { CardTransport } from './transport';
import { assertDigits, queryTriesLeft, verifyKey } from './verify';
import type { KeyToVerify, VerifyOptions } from './verify';
import { AID, InputAssistFile, MAX_TRIES } from '../../kernel/card/applications';

/** 券面事項入力補助AP: 基本4情報 as text, opened by the 入力補助 PIN (card.md §4). */

export const BasicFourInfoTag = { name: 0xdf22, address: 0xdf23, birthDate: 0xdf24, sex: 0xdf25 } as const;
const INDEXED_TAGS = [0xdf22, 0xdf23, 0xdf24, 0xdf25] as const;
const WHAT = '基本4情報 (EF 0002)';

const INPUT_ASSIST_PIN: KeyToVerify = {
  keyFile: InputAssistFile.pin,
  maxTries: MAX_TRIES.inputAssistPin,
  label: '券面事項入力補助用暗証番号',
};

export interface BasicFourInfo {
  /** 氏名; U+3000 between family and given name. */
  readonly name: string;
  /** 住所, with full-width digits and － as printed. */
  readonly address: string;
  /** 生年月日 (西暦), ISO YYYY-MM-DD. */
  readonly birthDate: string;
  /** 性別, one ASCII digit: 1 男, 2 女. */
  readonly sexCode: string;
  /** DF21's offsets of DF22…DF25 (empty when the file has no DF21). */
  readonly offsets: readonly number[];
}

async function selectInputAssistApplication(transport: CardTransport): Promise<void> {
  const step = 'select 券面事項入力補助AP';
  requireApplicationSelected(await transceive(transport, selectApplication(AID.inputAssist), step), step);
}

/** Tries left on the 入力補助 PIN (key 0011), without using one. */
export async function inputAssistPinTriesLeft(transport: CardTransport): Promise<number> {
  await selectInputAssistApplication(transport);
  return queryTriesLeft(transport, INPUT_ASSIST_PIN);
}

/** SELECT 入力補助AP → counter → VERIFY PIN (key 0011) → SELECT EF 0002 → read → parse. */
export async function readBasicFourInfo(transport: CardTransport, pin: string, options: VerifyOptions = {}): Promise<BasicFourInfo> {
  assertDigits(pin, 4, INPUT_ASSIST_PIN.label);
  await selectInputAssistApplication(transport);
  await verifyKey(transport, INPUT_ASSIST_PIN, pin, options);
  const selectStep = 'select 基本4情報 EF';
  requireOk(await transceive(transport, selectFile(InputAssistFile.basicFourInfo), selectStep), selectStep);
  return parseBasicFourInfo(await readTlvFile(transport, 'read 基本4情報'));
}

export function parseBasicFourInfo(file: Uint8Array): BasicFourInfo {
  const record = parseIndexedRecord(file, WHAT, INDEXED_TAGS);
  const field = (tag: number) => requiredField(record, tag, WHAT);
  return {
    name: utf8(field(BasicFourInfoTag.name)),
    address: utf8(field(BasicFourInfoTag.address)),
    birthDate: isoDateFromField(field(BasicFourInfoTag.birthDate), WHAT),
    sexCode: sexCodeFromField(field(BasicFourInfoTag.sex), WHAT),
    offsets: record.offsets,
  };
}

function utf8(field: Tlv): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(field.value);
  } catch (cause) {
    throw new CardError('MALFORMED_RESPONSE', `${WHAT}: tag ${tagName(field.tag)} is not UTF-8`, { cause });
  }
}
