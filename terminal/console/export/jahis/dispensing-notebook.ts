import { encodeShiftJis } from '../../../../oqs';
import type { DispensingOfView, InstitutionOfView, PatientOfView } from '../../../../flow/contract/medical-views';
import { notebookCsvOf } from './notebook-csv';
import { DRUG_CODE_TYPE, USAGE_CODE_NONE, type Notebook, type NotebookInstitution } from './notebook-records';
import { splitNotebook } from './notebook-split';

/**
 * One dispensing of the 薬剤情報 as an お薬手帳 document (出力区分 1), and that document as QR payloads.
 *
 * What the message gives goes where the format has a field for it; nothing is made up:
 * - one RP per DrugInf, since each carries its own 用法: 201 薬品 (DrugN, 用量 Qua1, 単位名 Unit, a
 *   9-digit DrugC as レセプト電算 code, else コードなし) and 301 用法 (UsageN, 調剤数量 Times); SpInst
 *   becomes a 311 用法補足;
 * - 301's 調剤単位 and 剤形コード stay empty: the message does not say whether a drug is 内服, 屯服 or
 *   外用 (MeTrIdCl's meaning is unverified), so neither 日分/回分 nor the form can be told;
 * - 11 調剤－医療機関等 is the 薬局, 51 処方－医療機関 the prescriber; a 10-digit 医療機関コード is split
 *   into 都道府県 (2), 点数表 (1) and the 7-digit code; without one those fields stay empty;
 * - 15 (薬剤師) and 55 (医師) are not written: the message names neither.
 */
export function notebookOfDispensing(patient: PatientOfView, dispensing: DispensingOfView): Notebook {
  return {
    patient: {
      name: patient.name ?? '',
      sex: patient.sex === '1' || patient.sex === '2' ? patient.sex : '',
      birthDate: patient.birthDate ?? '',
      ...(patient.kanaName === undefined ? {} : { kanaName: patient.kanaName }),
    },
    dispensings: [
      {
        date: dispensing.date,
        institution: institutionOf(dispensing.pharmacy),
        ...(dispensing.prescriber.name === undefined && dispensing.prescriber.code === undefined ? {} : { prescriber: institutionOf(dispensing.prescriber) }),
        rps: dispensing.drugs.map((drug, index) => ({
          rpNumber: index + 1,
          drugs: [
            {
              name: drug.name,
              ...(drug.amount === undefined ? {} : { dose: drug.amount }),
              ...(drug.unit === undefined ? {} : { unit: drug.unit }),
              ...(drug.code !== undefined && /^\d{9}$/.test(drug.code) ? { codeType: DRUG_CODE_TYPE.receipt, code: drug.code } : { codeType: DRUG_CODE_TYPE.none }),
            },
          ],
          usage: {
            ...(drug.usage === undefined ? {} : { name: drug.usage }),
            ...(drug.times === undefined ? {} : { quantity: drug.times }),
            codeType: USAGE_CODE_NONE,
            supplements: drug.specialInstruction === undefined ? [] : [drug.specialInstruction],
          },
        })),
      },
    ],
  };
}

function institutionOf(institution: InstitutionOfView): NotebookInstitution {
  const code = institution.code !== undefined && /^\d{10}$/.test(institution.code) ? institution.code : undefined;
  return {
    name: institution.name ?? '',
    ...(code === undefined ? {} : { prefecture: code.slice(0, 2), scoreTable: code.slice(2, 3), code: code.slice(3) }),
  };
}

export interface DispensingQrOptions {
  /** Bytes one QR symbol may hold before the document is split. */
  readonly maxBytesPerSymbol: number;
}

/**
 * A QR symbol of error correction level M holds 2,331 bytes at version 40; a third of that keeps a
 * symbol near 45 mm at a printable module size, which phones read off paper.
 */
export const DEFAULT_QR_OPTIONS: DispensingQrOptions = { maxBytesPerSymbol: 800 };

export interface DispensingQr {
  readonly csv: string;
  /** Shift_JIS, one per QR symbol; several when the document had to be split. */
  readonly payloads: readonly Uint8Array[];
  /** Characters Shift_JIS lacks, written as ● (the format allows no 外字). */
  readonly substituted: readonly string[];
}

export function dispensingQrOf(patient: PatientOfView, dispensing: DispensingOfView, options: DispensingQrOptions = DEFAULT_QR_OPTIONS): DispensingQr {
  const csv = notebookCsvOf(notebookOfDispensing(patient, dispensing));
  const encoded = encodeShiftJis(csv);
  const payloads = splitNotebook(csv, {
    maxBytesPerSymbol: options.maxBytesPerSymbol,
    dataId: dataIdOf(dispensing.date, encoded.bytes),
    encode: (text) => encodeShiftJis(text).bytes,
  });
  return { csv, payloads, substituted: encoded.substituted };
}

/**
 * データ固有ID: the dispensing date (8 digits) and six digits of an FNV-1a hash of the document, so
 * the same dispensing gets the same ID in every export and two dispensings of a day differ.
 */
export function dataIdOf(date: string, bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${date.slice(0, 8).padStart(8, '0')}${String(hash % 1_000_000).padStart(6, '0')}`;
}
