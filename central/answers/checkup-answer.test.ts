import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkupResponse, judgeResultCode } from '../../oqs';
import type { CheckupResponse } from '../../oqs';
import type { HealthCheckupRecord } from '../seed/medical-records-schema';
import { createMedicalRecordsReader, createPersonLookup } from '../store';
import type { StoredPerson } from '../store';
import { openSeededTempStore } from '../store/testing/temp-store';
import type { TempStore } from '../store/testing/temp-store';
import { encodings, roundTrip } from './testing/answer-fixtures';
import { checkupAnswerOf } from './checkup-answer';

const FACILITY = '1399999999';

type Info = CheckupResponse['MessageBody']['SpecificHealthCheckupInfo'][number];
const item = (info: Info | undefined, name: string) => info?.HealthCheckupResultAndQuestionInfos?.find((entry) => entry.ItemName === name);
const names = (info: Info | undefined) => (info?.HealthCheckupResultAndQuestionInfos ?? []).map((entry) => entry.ItemName);

describe('checkupAnswerOf', () => {
  let store: TempStore;
  let taro: { person: StoredPerson; checkup: HealthCheckupRecord };
  let hanako: { person: StoredPerson; checkup: HealthCheckupRecord };
  beforeAll(async () => {
    store = await openSeededTempStore();
    const people = createPersonLookup(store.db);
    const records = createMedicalRecordsReader(store.db);
    const taroPerson = people.findByExternalId('sankino-taro')!.person;
    const hanakoPerson = people.findByExternalId('sankino-hanako')!.person;
    taro = { person: taroPerson, checkup: records.healthCheckup(taroPerson.personId, 'specific')! };
    hanako = { person: hanakoPerson, checkup: records.healthCheckup(hanakoPerson.personId, 'late-elderly')! };
  });
  afterAll(() => store.dispose());

  const answer = (who: { person: StoredPerson }, checkups: HealthCheckupRecord[]) =>
    checkupAnswerOf(who.person, checkups, { medicalInstitutionCode: FACILITY, arbitraryFileIdentifier: 'TKK-1' });

  it('特定健診 (sankino-taro): one SpecificHealthCheckupInfo per examination, newest first', () => {
    const infos = answer(taro, [taro.checkup]).MessageBody.SpecificHealthCheckupInfo;
    expect(infos.map((info) => info.EffectiveTime)).toEqual(['20260702', '20250723', '20240823', '20230518', '20220710']);
  });

  it('carries the 17-character item codes with value, unit and a numeric DataType', () => {
    const [latest, , third] = answer(taro, [taro.checkup]).MessageBody.SpecificHealthCheckupInfo;
    expect(item(latest, '身長')).toEqual({ ItemCode: '9N001000000000001', ItemName: '身長', DataType: 'PQ', DataValue: '173.6', Unit: 'cm' });
    expect(item(latest, '収縮期血圧')).toEqual({ ItemCode: '9A751000000000001', ItemName: '収縮期血圧', DataType: 'PQ', DataValue: '142', Unit: 'mmHg' });
    expect(item(latest, '腹囲')).toMatchObject({ ItemCode: '9N016160100000001', DataValue: '94.8', Unit: 'cm' });
    expect(item(latest, 'BMI')).toMatchObject({ ItemCode: '9N011000000000001', DataValue: '25.2', Unit: 'kg/m2' });
    expect(item(third, '収縮期血圧')?.DataValue).toBe('168');
    expect(item(third, '体重')?.DataValue).toBe('72');
  });

  it('never pads a code prefix into an ItemCode; text results are ST without a unit', () => {
    const [latest] = answer(taro, [taro.checkup]).MessageBody.SpecificHealthCheckupInfo;
    expect(item(latest, '拡張期血圧')).toEqual({ ItemName: '拡張期血圧', DataType: 'PQ', DataValue: '78', Unit: 'mmHg' });
    expect(item(latest, '尿糖')).toEqual({ ItemName: '尿糖', DataType: 'ST', DataValue: '(-)' });
    expect(item(latest, 'メタボリックシンドローム判定')).toEqual({
      ItemCode: '9N501000000000011',
      ItemName: 'メタボリックシンドローム判定',
      DataType: 'ST',
      DataValue: '予備群該当',
    });
    expect(item(latest, 'キースワグナー分類')).toMatchObject({ DataType: 'ST', DataValue: '0' });
    const all = answer(taro, [taro.checkup]).MessageBody.SpecificHealthCheckupInfo.flatMap((info) => info.HealthCheckupResultAndQuestionInfos ?? []);
    expect(all.every((entry) => entry.ItemCode === undefined || /^[0-9A-Z]{17}$/.test(entry.ItemCode))).toBe(true);
  });

  it('leaves out what an examination did not measure', () => {
    const infos = answer(taro, [taro.checkup]).MessageBody.SpecificHealthCheckupInfo;
    for (const info of infos) expect(names(info)).not.toContain('内臓脂肪面積');
    expect(names(infos[3])).not.toContain('所見'); // 心電図, not done on 2023-05-18
    expect(item(infos[4], '所見')?.DataValue).toBe('要精密検査心臓超音波');
    expect(names(infos[4])).not.toContain('キースワグナー分類');
  });

  it('the 医師記載 findings go with the latest examination only', () => {
    const [latest, previous] = answer(taro, [taro.checkup]).MessageBody.SpecificHealthCheckupInfo;
    expect(item(latest, '既往歴')).toEqual({ ItemName: '既往歴', DataType: 'ST', DataValue: '高血圧' });
    expect(item(latest, '医師の判断')?.DataValue).toBe(taro.checkup.latestFindings.doctorJudgement);
    expect(item(previous, '既往歴')).toBeUndefined();
  });

  it('後期高齢者健診 (sankino-hanako): codes, units and values', () => {
    const infos = answer(hanako, [hanako.checkup]).MessageBody.SpecificHealthCheckupInfo;
    expect(infos.map((info) => info.EffectiveTime)).toEqual(['20251216', '20241215', '20231207', '20221205', '20211204']);
    expect(item(infos[0], '体重')).toEqual({ ItemCode: '9N006000000000001', ItemName: '体重', DataType: 'PQ', DataValue: '76.2', Unit: 'kg' });
    expect(item(infos[2], '拡張期血圧')).toMatchObject({ DataValue: '103', Unit: 'mmHg' });
    expect(item(infos[0], 'eGFR')).toMatchObject({ DataValue: '52.7', Unit: 'mL/min/1.73m2' });
  });

  it('both kinds together: every examination, merged newest first', () => {
    const infos = answer(taro, [hanako.checkup, taro.checkup]).MessageBody.SpecificHealthCheckupInfo;
    expect(infos.map((info) => info.EffectiveTime)).toEqual([
      '20260702', '20251216', '20250723', '20241215', '20240823', '20231207', '20230518', '20221205', '20220710', '20211204',
    ]);
  });

  it('header: the facility, the echoed identifier and QualificationsInfo', () => {
    expect(answer(hanako, [hanako.checkup]).MessageHeader).toEqual({
      ResultCode: '1',
      MedicalInstitutionCode: FACILITY,
      ArbitraryFileIdentifier: 'TKK-1',
      QualificationsInfo: { Name: '三機能　花子', KanasName: hanako.person.name.kana, Birthday: '19400620', AdministrativeGenderCode: '2' },
    });
  });

  it('nothing on file: ResultCode 1 and no SpecificHealthCheckupInfo', () => {
    const empty = answer(taro, []);
    expect(empty.MessageBody.SpecificHealthCheckupInfo).toEqual([]);
    const { built, parsed } = roundTrip(checkupResponse, empty, 'Shift_JIS');
    expect(parsed).toStrictEqual(empty);
    expect(judgeResultCode(built.bytes)).toEqual({ ok: true, resultCode: '1' });
  });

  describe.each(encodings)('round trip through the TKK codec in %s', (encoding) => {
    it.each(['taro', 'hanako'] as const)('sankino-%s', (who) => {
      const subject = who === 'taro' ? taro : hanako;
      const model = answer(subject, [subject.checkup]);
      const { built, parsed } = roundTrip(checkupResponse, model, encoding);
      expect(built.substituted).toEqual([]);
      expect(parsed).toStrictEqual(model);
      expect(judgeResultCode(built.bytes).ok).toBe(true);
    });
  });
});
