import {
  CREATED_BY_MEDICAL_STAFF,
  JAHIS_VERSION,
  OUTPUT_TO_PATIENT,
  RECORD,
  type Notebook,
  type NotebookDispensing,
  type NotebookInstitution,
  type NotebookRp,
} from './notebook-records';

/** Records end in CR LF; fields are separated by half-width commas (see notebook-records.ts). */
export const RECORD_SEPARATOR = '\r\n';
export const FIELD_SEPARATOR = ',';

/**
 * A value as a field: a half-width comma becomes a full-width one (the spec's rule for commas in
 * text), line breaks and tabs become spaces, so no value can split a record or a field.
 */
export function fieldText(value: string | undefined): string {
  return (value ?? '').replaceAll(',', '，').replace(/[\r\n\t]+/g, ' ');
}

/** One record line: the record number, then every field of the record's layout (empty ones too). */
export function recordLine(recordNumber: string, fields: readonly (string | undefined)[]): string {
  return [recordNumber, ...fields.map(fieldText)].join(FIELD_SEPARATOR);
}

/** The version record, first line of every document and of every part of a split one. */
export const VERSION_LINE = [JAHIS_VERSION, OUTPUT_TO_PATIENT].join(FIELD_SEPARATOR);

/** The whole document, CR LF after every record. */
export function notebookCsvOf(notebook: Notebook): string {
  const patient = notebook.patient;
  const lines = [
    VERSION_LINE,
    // 氏名, 性別, 生年月日, 郵便番号, 住所, 電話番号, 緊急連絡先, 血液型, 体重, 氏名カナ
    recordLine(RECORD.patient, [patient.name, patient.sex, patient.birthDate, '', '', '', '', '', '', patient.kanaName]),
    ...notebook.dispensings.flatMap(dispensingLines),
  ];
  return lines.map((line) => line + RECORD_SEPARATOR).join('');
}

function dispensingLines(dispensing: NotebookDispensing): string[] {
  return [
    recordLine(RECORD.dispensingDate, [dispensing.date, CREATED_BY_MEDICAL_STAFF]),
    // 名称, 都道府県, 点数表, コード, 郵便番号, 住所, 電話番号, 作成者
    recordLine(RECORD.dispensingInstitution, [...institutionFields(dispensing.institution), '', '', '', CREATED_BY_MEDICAL_STAFF]),
    ...(dispensing.prescriber === undefined ? [] : [recordLine(RECORD.prescribingInstitution, [...institutionFields(dispensing.prescriber), CREATED_BY_MEDICAL_STAFF])]),
    ...dispensing.rps.flatMap(rpLines),
  ];
}

function institutionFields(institution: NotebookInstitution): (string | undefined)[] {
  return [institution.name, institution.prefecture, institution.scoreTable, institution.code];
}

function rpLines(rp: NotebookRp): string[] {
  const rpNumber = String(rp.rpNumber);
  const usage = rp.usage;
  return [
    // RP番号, 薬品名称, 用量, 単位名, 薬品コード種別, 薬品コード, 作成者, 一般名, 一般名コード種別, 一般名コード
    ...rp.drugs.map((drug) => recordLine(RECORD.drug, [rpNumber, drug.name, drug.dose, drug.unit, drug.codeType, drug.code, CREATED_BY_MEDICAL_STAFF, '', '', ''])),
    // RP番号, 用法名称, 調剤数量, 調剤単位, 剤形コード, 用法コード種別, 用法コード, 作成者
    recordLine(RECORD.usage, [rpNumber, usage.name, usage.quantity, usage.unit, usage.dosageForm, usage.codeType, '', CREATED_BY_MEDICAL_STAFF]),
    ...usage.supplements.map((supplement) => recordLine(RECORD.usageSupplement, [rpNumber, supplement, CREATED_BY_MEDICAL_STAFF])),
  ];
}
