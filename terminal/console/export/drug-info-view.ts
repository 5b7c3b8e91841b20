import type { DispensingOfView, DrugInfoMissingColumn, DrugInfoView, DrugOfView, InstitutionOfView, YenFigure } from '../../../flow/contract/medical-views';
import type { DrugInfoResponse } from '../../../oqs';

/**
 * The 薬剤情報一覧 as the staff console shows and prints it (the model: flow/contract/medical-views),
 * from one YZKsiquc01res.
 *
 * Only what the YZKsiquc01res carries is shown (oqs-interface.md §6.5). Where the layout has a column
 * the message has no element for, the model says so (`notInMessage`) instead of inventing a value:
 * 自己負担額, 削減可能額 and 使用区分 (内服/外用) have no element, and the 日分/回分 of a quantity is not
 * told apart either (`Times` is a count whose unit depends on the drug's kind).
 */
const NOT_IN_MESSAGE: YenFigure = { state: 'not-in-message' };

const MISSING_COLUMNS: readonly DrugInfoMissingColumn[] = ['自己負担額', 'ジェネリック削減可能額', '使用区分', '日分・回分'];

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
