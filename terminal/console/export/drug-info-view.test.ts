import { describe, expect, it } from 'vitest';
import type { DrugInfoResponse } from '../../../oqs';
import { drugInfoViewOf, quantityText } from './drug-info-view';

const RESPONSE: DrugInfoResponse = {
  MessageHeader: { ResultCode: '1', QuaInf: { Name: '試験　次郎', KanaName: 'ｼｹﾝ ｼﾞﾛｳ', Birth: '19600203', AdmGendCode: '1' } },
  MessageBody: {
    MeTrMonthInf: [
      {
        MeTrDiHNm: '見本薬局',
        MeTrDiHCd: '1349999990',
        PrlsHNm: '見本内科医院',
        MeTrMonth: '202511',
        DiDateInfs: [{ DiDate: '20251103', DrugInfs: [{ DrugN: '見本錠５ｍｇ', Qua1: '1', Unit: '錠', UsageN: '１日１回朝食後', Times: '28' }] }],
      },
      {
        MeTrDiHNm: '見本薬局',
        PrlsHNm: '見本皮膚科',
        PrlsHCd: '1319999991',
        MeTrMonth: '202512',
        DiDateInfs: [
          {
            DiDate: '20251210',
            PrDate: '20251209',
            DrugInfs: [
              { DrugC: '612345678', DrugN: '見本軟膏', IngreN: '見本成分', Qua1: '25', Unit: 'g', UsageN: '１日２回患部に塗布', SpInst: '顔には使わない', Times: '1', MeTrIdCl: '23' },
              { DrugN: '見本錠１０ｍｇ', Qua1: '2', Unit: '錠', UsageN: '１日２回朝夕食後', Times: '14' },
            ],
            MeTrInfs: [{ SinInfN: '再診料' }],
          },
          { DiDate: '20251201', MeTrInfs: [{ SinInfN: '再診料' }] },
        ],
      },
    ],
  },
};

describe('drugInfoViewOf', () => {
  const view = drugInfoViewOf(RESPONSE, { period: { from: '202511', to: '202512' } });

  it('one dispensing per date × 薬局 × 処方機関, newest first, drugs numbered within it; a day with no drug is no dispensing', () => {
    expect(view.dispensings.map((dispensing) => [dispensing.date, dispensing.pharmacy.name, dispensing.prescriber.name, dispensing.drugs.map((drug) => drug.number)])).toEqual([
      ['20251210', '見本薬局', '見本皮膚科', [1, 2]],
      ['20251103', '見本薬局', '見本内科医院', [1]],
    ]);
    expect(view.totals).toMatchObject({ dispensings: 2, drugs: 3 });
  });

  it('keeps every element of a DrugInf the message sends, and the institutions’ codes', () => {
    const [latest, older] = view.dispensings;
    expect(latest!.prescribedOn).toBe('20251209');
    expect(latest!.prescriber).toEqual({ name: '見本皮膚科', code: '1319999991' });
    expect(older!.pharmacy).toEqual({ name: '見本薬局', code: '1349999990' });
    expect(latest!.drugs[0]).toEqual({
      number: 1,
      name: '見本軟膏',
      code: '612345678',
      ingredient: '見本成分',
      usage: '１日２回患部に塗布',
      specialInstruction: '顔には使わない',
      amount: '25',
      unit: 'g',
      times: '1',
      treatmentClass: '23',
      selfPay: { state: 'not-in-message' },
      genericSavings: { state: 'not-in-message' },
    });
  });

  it('says which columns of the layout the message cannot fill, instead of inventing them', () => {
    expect(view.totals.selfPay).toEqual({ state: 'not-in-message' });
    expect(view.totals.genericSavings).toEqual({ state: 'not-in-message' });
    expect(view.notInMessage).toEqual(['自己負担額', 'ジェネリック削減可能額', '使用区分', '日分・回分']);
  });

  it('the patient from QuaInf and the 表示期間 from the request', () => {
    expect(view.patient).toEqual({ name: '試験　次郎', kanaName: 'ｼｹﾝ ｼﾞﾛｳ', birthDate: '19600203', sex: '1' });
    expect(view.period).toEqual({ from: '202511', to: '202512' });
  });

  it('an empty answer is an empty list, not an error', () => {
    const empty = drugInfoViewOf({ MessageHeader: { ResultCode: '1' }, MessageBody: { MeTrMonthInf: [] } }, { period: { from: '202101', to: '202112' } });
    expect(empty.dispensings).toEqual([]);
    expect(empty.totals).toMatchObject({ dispensings: 0, drugs: 0 });
  });

  it('the 数量 cell says only what the message says', () => {
    expect(quantityText({ amount: '1', unit: '錠', times: '30' })).toBe('1錠 × 30');
    expect(quantityText({ amount: '21', unit: '枚' })).toBe('21枚');
    expect(quantityText({ times: '3' })).toBe('× 3');
  });
});
