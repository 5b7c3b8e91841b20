import type { DrugOfView, ReferralMark, YenFigure } from '../../../flow/contract/medical-views';
export { dateText, monthText, slashDateText } from '../../../kernel/japanese-dates';

// How the medical views write dates, months, amounts and marks, as the マイナポータル printouts (and
// the terminal's PDFs of the same models) do. Text only: no DOM here.

/** What a cell shows for a figure the message does not carry. */
export const NOT_GIVEN = '—';

/** `202109` → `2021-09`, the value of a month field. */
export function monthFieldValue(yyyymm: string): string {
  const match = /^(\d{4})(\d{2})$/.exec(yyyymm);
  return match === null ? '' : `${match[1]}-${match[2]}`;
}

/** A month field's `2021-09` → `202109`, the route's form; anything else as typed (the terminal judges it). */
export function monthOfField(value: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  return match === null ? value : `${match[1]}${match[2]}`;
}

export function sexText(code: string | undefined): string {
  return code === '1' ? '男' : code === '2' ? '女' : NOT_GIVEN;
}

/** `1,067円`, or the dash where the message carries no amount. */
export function yenText(figure: YenFigure): string {
  return figure.state === 'given' ? `${figure.yen.toLocaleString('ja-JP')}円` : NOT_GIVEN;
}

/** `1錠 × 30`: the 数量 cell, saying only what the message says (日分 and 回分 are not told apart). */
export function quantityText(drug: Pick<DrugOfView, 'amount' | 'unit' | 'times'>): string {
  const amount = `${drug.amount ?? ''}${drug.unit ?? ''}`;
  if (drug.times === undefined) return amount;
  return amount === '' ? `× ${drug.times}` : `${amount} × ${drug.times}`;
}

export type MarkedPart = { readonly mark: ReferralMark } | { readonly text: string };

/** `▽男12.0以下 ▽女11.0以下` → the marks and the text between them, so each mark can be drawn on its own. */
export function markedParts(text: string): MarkedPart[] {
  const parts: MarkedPart[] = [];
  for (const piece of text.split(/([▲▽])/)) {
    if (piece === '▲' || piece === '▽') parts.push({ mark: piece });
    else if (piece !== '') parts.push({ text: piece });
  }
  return parts;
}
