import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drugInfoResponse, judgeResultCode } from '../../oqs';
import type { DrugInfoResponse } from '../../oqs';
import type { MedicationRecord } from '../seed/medical-records-schema';
import { createMedicalRecordsReader, createPersonLookup } from '../store';
import type { StoredPerson } from '../store';
import { openSeededTempStore } from '../store/testing/temp-store';
import type { TempStore } from '../store/testing/temp-store';
import { encodings, fixturePersons, roundTrip } from './testing/answer-fixtures';
import { drugInfoAnswerOf } from './drug-info-answer';

const FACILITY = '1399999999';

const drugsOf = (answer: DrugInfoResponse) =>
  answer.MessageBody.MeTrMonthInf.flatMap((month) => (month.DiDateInfs ?? []).flatMap((day) => day.DrugInfs ?? []));
const datesOf = (answer: DrugInfoResponse) =>
  answer.MessageBody.MeTrMonthInf.flatMap((month) => (month.DiDateInfs ?? []).map((day) => day.DiDate));

describe('drugInfoAnswerOf', () => {
  let store: TempStore;
  let yakushi: StoredPerson;
  let medication: MedicationRecord;
  beforeAll(async () => {
    store = await openSeededTempStore();
    yakushi = createPersonLookup(store.db).findByExternalId('yakushi-taro')!.person;
    medication = createMedicalRecordsReader(store.db).medication(yakushi.personId)!;
  });
  afterAll(() => store.dispose());

  const answer = (startMonth: string, endMonth: string, record: MedicationRecord | undefined = medication) =>
    drugInfoAnswerOf(yakushi, record, { medicalInstitutionCode: FACILITY, arbitraryFileIdentifier: 'YZK-10452', startMonth, endMonth });

  it('contains every dispensed drug of the range, by name, with its 用法', () => {
    const fixture = fixturePersons.get('yakushi-taro')!.records!.medication!;
    // Grouping by 薬局 × 処方機関 reorders the dispensings, so compare as sorted lists.
    const expected = fixture.dispensings.flatMap((dispensing) => dispensing.drugs.map((drug) => `${drug.name} / ${drug.usage}`)).sort();
    expect(expected.length).toBeGreaterThan(10);
    expect(drugsOf(answer('202109', '202109')).map((drug) => `${drug.DrugN} / ${drug.UsageN}`).sort()).toEqual(expected);
    expect(drugsOf(answer('202109', '202109')).map((drug) => drug.DrugN)).toContain('マイスリー錠5mg');
  });

  it('one MeTrMonthInf per month × 薬局 × 処方機関, dispensing dates newest first', () => {
    const months = answer('202101', '202112').MessageBody.MeTrMonthInf;
    expect(months.map((month) => [month.MeTrMonth, month.MeTrDiHNm, month.PrlsHNm, (month.DiDateInfs ?? []).map((day) => day.DiDate)])).toEqual([
      ['202109', '薬局A', '医療機関B', ['20210929', '20210915', '20210901']],
      ['202109', '薬局A', '医療機関A', ['20210918', '20210903']],
    ]);
  });

  it('splits the printed 調剤数量 into Qua1, Unit and Times', () => {
    const [first] = answer('202109', '202109').MessageBody.MeTrMonthInf;
    const drugs = first!.DiDateInfs![0]!.DrugInfs!;
    expect(drugs[0]).toEqual({ DrugN: 'マイスリー錠5mg', Qua1: '1', Unit: '錠', UsageN: '1日1回朝食前服用', Times: '30' });
    expect(drugs[3]).toMatchObject({ DrugN: 'デパス錠0.5mg', Qua1: '20', Unit: '錠', Times: '1' });
    const tape = drugsOf(answer('202109', '202109')).find((drug) => drug.DrugN?.startsWith('ロキソプロフェンNaテープ'));
    expect(tape).toMatchObject({ Qua1: '21', Unit: '枚', Times: '1' });
  });

  it('a (synthetic) drug code goes out as DrugC; an unreadable quantity goes whole into Qua1', () => {
    const record: MedicationRecord = {
      period: { from: '2026-09', to: '2026-09' },
      genericSavingsTotal: 0,
      dispensings: [
        {
          date: '2026-09-10',
          pharmacy: '見本薬局',
          prescriber: '見本内科医院',
          drugs: [{ route: '外用', name: '見本軟膏', usage: '1日2回', quantity: '適量', drugCode: '612345678', drugCodeSynthetic: true }],
        },
      ],
    };
    expect(drugsOf(answer('202609', '202609', record))).toEqual([{ DrugC: '612345678', DrugN: '見本軟膏', Qua1: '適量', UsageN: '1日2回' }]);
  });

  it('respects the month range at both ends', () => {
    expect(datesOf(answer('202109', '202109'))).toHaveLength(5);
    expect(datesOf(answer('202108', '202109'))).toHaveLength(5);
    expect(datesOf(answer('202109', '202110'))).toHaveLength(5);
    const record: MedicationRecord = {
      ...medication,
      dispensings: [
        { ...medication.dispensings[0]!, date: '2021-10-01' },
        ...medication.dispensings,
        { ...medication.dispensings[0]!, date: '2021-08-31' },
      ],
    };
    expect(datesOf(answer('202109', '202109', record))).not.toContain('20211001');
    expect(datesOf(answer('202109', '202109', record))).not.toContain('20210831');
    expect(answer('202110', '202110', record).MessageBody.MeTrMonthInf.map((month) => month.MeTrMonth)).toEqual(['202110']);
    expect(answer('202108', '202110', record).MessageBody.MeTrMonthInf.map((month) => month.MeTrMonth)).toEqual(['202110', '202109', '202109', '202108']);
  });

  it('dispensings of one day at one 薬局 for one 処方機関 share a DiDateInf', () => {
    const day = medication.dispensings[0]!;
    const record: MedicationRecord = { ...medication, dispensings: [day, { ...day, drugs: [day.drugs[0]!] }] };
    const months = answer('202109', '202109', record).MessageBody.MeTrMonthInf;
    expect(months).toHaveLength(1);
    expect(months[0]!.DiDateInfs).toHaveLength(1);
    expect(months[0]!.DiDateInfs![0]!.DrugInfs).toHaveLength(day.drugs.length + 1);
  });

  it('a range without dispensings, or no 薬剤情報 at all: ResultCode 1 and no MeTrMonthInf', () => {
    for (const empty of [answer('202110', '202612'), answer('202001', '202108'), drugInfoAnswerOf(yakushi, undefined, { medicalInstitutionCode: FACILITY, startMonth: '202109', endMonth: '202109' })]) {
      expect(empty.MessageHeader.ResultCode).toBe('1');
      expect(empty.MessageBody.MeTrMonthInf).toEqual([]);
      const { built, parsed, expected } = roundTrip(drugInfoResponse, empty, 'Shift_JIS');
      expect(parsed).toStrictEqual(expected);
      expect(judgeResultCode(built.bytes)).toEqual({ ok: true, resultCode: '1' });
    }
  });

  it('header: the facility, the echoed identifier and QuaInf', () => {
    expect(answer('202109', '202109').MessageHeader).toEqual({
      ResultCode: '1',
      MedicalInstitutionCode: FACILITY,
      ArbitraryFileIdentifier: 'YZK-10452',
      QuaInf: { Name: '薬師　太郎', KanaName: yakushi.name.kana, Birth: '19900704', AdmGendCode: '1' },
    });
    const withoutIdentifier = drugInfoAnswerOf(yakushi, medication, { medicalInstitutionCode: FACILITY, startMonth: '202109', endMonth: '202109' });
    expect(withoutIdentifier.MessageHeader).not.toHaveProperty('ArbitraryFileIdentifier');
  });

  it.each(encodings)('round-trips through the YZK codec in %s', (encoding) => {
    const model = answer('202109', '202109');
    const { built, parsed, expected } = roundTrip(drugInfoResponse, model, encoding);
    expect(built.substituted).toEqual([]);
    expect(parsed).toStrictEqual(model);
    expect(expected).toStrictEqual(model);
    expect(judgeResultCode(built.bytes).ok).toBe(true);
  });
});
