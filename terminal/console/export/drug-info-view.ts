import type { DrugInfoResponse } from '../../../oqs';

/**
 * The 薬剤情報一覧 as the staff console shows and prints it, laid out after the マイナポータル
 * 薬剤情報一覧 of the seed: per dispensing the date, 薬局 and 処方発行医療機関, then each drug with its
 * 用法 and 数量, 自己負担額 and ジェネリック削減可能額; totals; 表示期間.
 *
 * Only what the YZKsiquc01res carries is shown (oqs-interface.md §6.5). Where the layout has a column
 * the message has no element for, the model says so (`notInMessage`) instead of inventing a value:
 * 自己負担額, 削減可能額 and 使用区分 (内服/外用) have no element, and the 日分/回分 of a quantity is not
 * told apart either (`Times` is a count whose unit depends on the drug's kind).
 */
export interface DrugInfoView {
  readonly patient: PatientOfView;
  /** 表示期間: the months asked for (yyyyMM, inclusive); the response does not repeat them. */
  readonly period: { readonly from: string; readonly to: string };
  /** Newest first; a dispensing is one date × 薬局 × 処方機関. */
  readonly dispensings: readonly DispensingOfView[];
  readonly totals: {
    readonly dispensings: number;
    readonly drugs: number;
    readonly selfPay: YenFigure;
    readonly genericSavings: YenFigure;
  };
  /** The layout's columns for which the message has no element, as printed in the PDF's note. */
  readonly notInMessage: readonly MissingColumn[];
}

export interface PatientOfView {
  readonly name?: string;
  readonly kanaName?: string;
  /** yyyyMMdd */
  readonly birthDate?: string;
  /** 1 男, 2 女 (AdmGendCode / AdministrativeGenderCode). */
  readonly sex?: string;
}

export interface InstitutionOfView {
  readonly name?: string;
  /** The 10-digit 医療機関コード (都道府県 2 + 点数表 1 + 7 digits) where the message gives it. */
  readonly code?: string;
}

export interface DispensingOfView {
  /** yyyyMMdd */
  readonly date: string;
  /** 調剤した薬局 (MeTrDiHNm/MeTrDiHCd). */
  readonly pharmacy: InstitutionOfView;
  /** 処方発行医療機関 (PrlsHNm/PrlsHCd). */
  readonly prescriber: InstitutionOfView;
  /** 処方年月日 (PrDate), where given. */
  readonly prescribedOn?: string;
  readonly drugs: readonly DrugOfView[];
}

export interface DrugOfView {
  /** 1-based, across the dispensing, as the layout numbers them. */
  readonly number: number;
  readonly name: string;
  /** 9-digit レセプト電算処理システム用 医薬品コード (DrugC), where given. */
  readonly code?: string;
  /** 成分名 (IngreN). */
  readonly ingredient?: string;
  /** 用法 (UsageN), and 特別指示 (SpInst) where given. */
  readonly usage?: string;
  readonly specialInstruction?: string;
  /** Qua1 and Unit: the amount (a day's amount for 内服, the whole for 外用・頓服 as a レセプト counts). */
  readonly amount?: string;
  readonly unit?: string;
  /** Times: 日数 for 内服, 回数 otherwise; the message does not say which. */
  readonly times?: string;
  /** 診療識別 (MeTrIdCl) as sent, meaning unverified (§6.5), kept for the record only. */
  readonly treatmentClass?: string;
  readonly selfPay: YenFigure;
  readonly genericSavings: YenFigure;
}

/** An amount in 円, or the fact that the message does not carry it. */
export type YenFigure = { readonly state: 'given'; readonly yen: number } | { readonly state: 'not-in-message' };

export type MissingColumn = '自己負担額' | 'ジェネリック削減可能額' | '使用区分' | '日分・回分';

const NOT_IN_MESSAGE: YenFigure = { state: 'not-in-message' };

const MISSING_COLUMNS: readonly MissingColumn[] = ['自己負担額', 'ジェネリック削減可能額', '使用区分', '日分・回分'];

type TreatmentMonth = DrugInfoResponse['MessageBody']['MeTrMonthInf'][number];
type DispensingDay = NonNullable<TreatmentMonth['DiDateInfs']>[number];
type DrugInf = NonNullable<DispensingDay['DrugInfs']>[number];

export interface DrugInfoViewOptions {
  /** The StartDate and EndDate of the request this answers (yyyyMM). */
  readonly period: { readonly from: string; readonly to: string };
}

/** The 薬剤情報一覧 of one YZKsiquc01res; 診療情報 (MeTrInf) is not part of this list. */
export function drugInfoViewOf(response: DrugInfoResponse, options: DrugInfoViewOptions): DrugInfoView {
  const dispensings: DispensingOfView[] = [];
  for (const month of response.MessageBody.MeTrMonthInf) {
    for (const day of month.DiDateInfs ?? []) {
      const drugs = (day.DrugInfs ?? []).map(drugOf);
      if (day.DiDate === undefined || drugs.length === 0) continue;
      dispensings.push({
        date: day.DiDate,
        pharmacy: institution(month.MeTrDiHNm, month.MeTrDiHCd),
        prescriber: institution(month.PrlsHNm, month.PrlsHCd),
        ...(day.PrDate === undefined ? {} : { prescribedOn: day.PrDate }),
        drugs,
      });
    }
  }
  // Newest first; a stable sort keeps the message's order within one date.
  dispensings.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const info = response.MessageHeader.QuaInf;
  return {
    patient: {
      ...(info?.Name === undefined ? {} : { name: info.Name }),
      ...(info?.KanaName === undefined ? {} : { kanaName: info.KanaName }),
      ...(info?.Birth === undefined ? {} : { birthDate: info.Birth }),
      ...(info?.AdmGendCode === undefined ? {} : { sex: info.AdmGendCode }),
    },
    period: { from: options.period.from, to: options.period.to },
    dispensings: dispensings.map((dispensing) => ({ ...dispensing, drugs: dispensing.drugs.map((drug, index) => ({ ...drug, number: index + 1 })) })),
    totals: {
      dispensings: dispensings.length,
      drugs: dispensings.reduce((sum, dispensing) => sum + dispensing.drugs.length, 0),
      selfPay: NOT_IN_MESSAGE,
      genericSavings: NOT_IN_MESSAGE,
    },
    notInMessage: MISSING_COLUMNS,
  };
}

function institution(name: string | undefined, code: string | undefined): InstitutionOfView {
  return { ...(name === undefined ? {} : { name }), ...(code === undefined ? {} : { code }) };
}

function drugOf(drug: DrugInf): DrugOfView {
  const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>));
  return {
    number: 0,
    name: drug.DrugN ?? drug.IngreN ?? drug.DrugC ?? '',
    ...optional('code', drug.DrugC),
    ...optional('ingredient', drug.IngreN),
    ...optional('usage', drug.UsageN),
    ...optional('specialInstruction', drug.SpInst),
    ...optional('amount', drug.Qua1),
    ...optional('unit', drug.Unit),
    ...optional('times', drug.Times),
    ...optional('treatmentClass', drug.MeTrIdCl),
    selfPay: NOT_IN_MESSAGE,
    genericSavings: NOT_IN_MESSAGE,
  };
}

/** `1錠 × 30`: the 数量 cell, saying only what the message says. */
export function quantityText(drug: Pick<DrugOfView, 'amount' | 'unit' | 'times'>): string {
  const amount = `${drug.amount ?? ''}${drug.unit ?? ''}`;
  if (drug.times === undefined) return amount;
  return amount === '' ? `× ${drug.times}` : `${amount} × ${drug.times}`;
}
