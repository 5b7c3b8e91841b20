import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualificationResponse } from '../../oqs';
import type { QualificationResponse, QualificationResult } from '../../oqs';
import { createPersonLookup } from '../store';
import type { PersonLookup, PersonWithRecords } from '../store';
import { openSeededTempStore } from '../store/testing/temp-store';
import type { TempStore } from '../store/testing/temp-store';
import { encodings, fixturePersons, roundTrip } from './testing/answer-fixtures';
import { judgeQualification, qualificationResultOf } from './qualification-answer';
import type { ConsentFlags } from './qualification-answer';

const JUDGED_ON = '20261121';
const HOUR_MS = 60 * 60 * 1000;

function responseOf(validity: string, results: QualificationResult[], characterCode?: '0' | '1'): QualificationResponse {
  return {
    MessageHeader: {
      ProcessExecutionTime: '20261121093015',
      QualificationConfirmationDate: JUDGED_ON,
      MedicalInstitutionCode: '1399999999',
      ReferenceClassification: '1',
      SegmentOfResult: '1',
      ...(characterCode === undefined ? {} : { CharacterCodeIdentifier: characterCode }),
    },
    MessageBody: {
      ProcessingResultStatus: '1',
      QualificationValidity: validity as NonNullable<QualificationResponse['MessageBody']['QualificationValidity']>,
      ...(results.length > 0 ? { ResultList: results } : {}),
    },
  };
}

describe('qualificationResultOf', () => {
  let store: TempStore;
  let people: PersonLookup;
  beforeAll(async () => {
    store = await openSeededTempStore();
    people = createPersonLookup(store.db);
  });
  afterAll(() => store.dispose());

  const found = (id: string): PersonWithRecords => people.findByExternalId(id)!;
  const resultOf = (id: string, index = 0) => {
    const { person, records } = found(id);
    return qualificationResultOf(person, records[index]!);
  };

  describe.each([...fixturePersons.keys()])('%s', (id) => {
    it('judged on 20261121, every result builds and round-trips in Shift_JIS and UTF-8', () => {
      const judged = judgeQualification(found(id), JUDGED_ON);
      const consents: ConsentFlags = { pharmaceutical: { consentedAt: new Date('2026-11-21T00:15:02Z'), expiresAt: new Date('2026-11-22T00:15:02Z') } };
      const results = judged.records.map((record) => qualificationResultOf(found(id).person, record, { consents, referenceNumber: 'K-0001' }));
      expect(results).toHaveLength(judged.records.length);
      for (const encoding of encodings) {
        const model = responseOf(judged.validity, results, encoding === 'UTF-8' ? '0' : '1');
        const { built, parsed, expected } = roundTrip(qualificationResponse, model, encoding);
        expect(parsed).toStrictEqual(expected);
        // Only characters the fixture itself says Windows-31J lacks may turn into ●.
        expect(built.substituted).toEqual(encoding === 'UTF-8' ? [] : (fixturePersons.get(id)!.name.charsOutsideCp932 ?? []).flatMap((char) => results.map(() => char)));
      }
    });

    it('carries every element the stored records have', () => {
      const { person, records } = found(id);
      for (const record of records) {
        const result = qualificationResultOf(person, record) as Record<string, unknown>;
        const elementNames = Object.keys(record).filter((key) => /^[A-Z]/.test(key));
        expect(elementNames.filter((name) => result[name] === undefined)).toEqual([]);
      }
    });
  });

  it('person fields: 氏名, half-width カナ, 性別, 生年月日 as yyyyMMdd, 住所, 郵便番号', () => {
    const fixture = fixturePersons.get('shiken-taro')!;
    expect(resultOf('shiken-taro')).toMatchObject({
      Name: fixture.name.kanji,
      NameKana: fixture.name.kana,
      Sex1: fixture.sex,
      Birthdate: fixture.birthDate.replaceAll('-', ''),
      Address: fixture.address.text,
      PostNumber: fixture.address.postCode,
    });
    expect(resultOf('shiken-taro').NameKana).toMatch(/^[\uFF61-\uFF9F]+ [\uFF61-\uFF9F]+$/u);
  });

  it('record fields: the number triplet + 枝番, 保険者名称, 区分, 本人家族, 取得日, 負担割合', () => {
    expect(resultOf('shiken-taro')).toMatchObject({
      InsuredCardClassification: '01',
      InsurerNumber: '01130012',
      InsuredCardSymbol: '1234',
      InsuredIdentificationNumber: '5678',
      InsuredBranchNumber: fixturePersons.get('shiken-taro')!.insurance[0]!.InsuredBranchNumber,
      PersonalFamilyClassification: '1',
      InsurerName: fixturePersons.get('shiken-taro')!.insurance[0]!.InsurerName,
      QualificationDate: '20020401',
      InsuredPartialContributionRatio: '030',
    });
  });

  it('6-digit 国保 numbers: space-padded for files, zero-padded for JSON', () => {
    const { person, records } = found('morita-kenji');
    expect(qualificationResultOf(person, records[0]!).InsurerNumber).toBe('  139999');
    expect(qualificationResultOf(person, records[0]!, { insurerNumberForm: 'json' }).InsurerNumber).toBe('00139999');
  });

  it('lost: DisqualificationDate and ReasonOfLoss', () => {
    const [lost] = judgeQualification(found('takahashi-naoki'), JUDGED_ON).records;
    const result = qualificationResultOf(found('takahashi-naoki').person, lost!);
    expect(result).toMatchObject({ DisqualificationDate: '20260401', ReasonOfLoss: '99' });
  });

  it('複数該当: two results from ito-yumi', () => {
    const { person } = found('ito-yumi');
    const judged = judgeQualification(found('ito-yumi'), JUDGED_ON);
    const results = judged.records.map((record) => qualificationResultOf(person, record));
    expect(results.map((result) => result.InsurerNumber)).toEqual(['01130038', '06140016']);
    const { parsed } = roundTrip(qualificationResponse, responseOf(judged.validity, results), 'Shift_JIS');
    expect(parsed.MessageBody.QualificationValidity).toBe('5');
    expect(parsed.MessageBody.ResultList).toHaveLength(2);
  });

  it('医療扶助: A1, 福祉事務所, 公費負担者番号, 受給者番号 and the 医療券', () => {
    const [record] = judgeQualification(found('ishikawa-masao'), JUDGED_ON).records;
    const result = qualificationResultOf(found('ishikawa-masao').person, record!);
    expect(result).toMatchObject({
      InsuredCardClassification: 'A1',
      InsurerNumber: '12136016',
      InsuredIdentificationNumber: '1234566',
      InsurerName: '見本区福祉事務所',
      WelfareOfficeName: '見本区福祉事務所',
      PublicExpenseNumber: '12136016',
      BeneficiaryNumber: '1234566',
    });
    expect(result.PublicExpenseResultList).toEqual([
      {
        MedicalTicketValidDate: '20261101',
        MedicalTicketExpirationDate: '20261130',
        IssueNumber: '2611-0042',
        MedicalTreatmentMonth: '202611',
        DesignatedMedicalInstitutionCode: '1399999999',
        DesignatedMedicalInstitutionName: '見本内科医院',
        InjuryName1: '高血圧症',
        InjuryName2: '２型糖尿病',
        SelfPayAmount: '0',
        DistrictContactName: '見本　一郎',
        HandlingContactName: '見本　二郎',
      },
    ]);
    expect(result.PersonalFamilyClassification).toBeUndefined();
  });

  it('高齢受給者証, 限度額適用認定証 and 特定疾病療養受療証 with yyyyMMdd dates', () => {
    const elderly = fixturePersons.get('matsumoto-kazuko')!.insurance[0]!.ElderlyRecipientCertificateInfo!;
    expect(resultOf('matsumoto-kazuko').ElderlyRecipientCertificateInfo).toEqual({
      ElderlyRecipientCertificateDate: elderly.ElderlyRecipientCertificateDate.replaceAll('-', ''),
      ElderlyRecipientValidStartDate: elderly.ElderlyRecipientValidStartDate.replaceAll('-', ''),
      ElderlyRecipientValidEndDate: elderly.ElderlyRecipientValidEndDate.replaceAll('-', ''),
      ElderlyRecipientContributionRatio: elderly.ElderlyRecipientContributionRatio,
    });
    expect(resultOf('matsumoto-kazuko').InsuredName).toBe(fixturePersons.get('matsumoto-kazuko')!.insurance[0]!.InsuredName);

    const limit = fixturePersons.get('yoshida-takashi')!.insurance[0]!.LimitApplicationCertificateRelatedInfo!;
    expect(resultOf('yoshida-takashi').LimitApplicationCertificateRelatedInfo).toMatchObject({
      LimitApplicationCertificateClassification: limit.LimitApplicationCertificateClassification,
      LimitApplicationCertificateClassificationFlag: limit.LimitApplicationCertificateClassificationFlag,
      LimitApplicationCertificateDate: limit.LimitApplicationCertificateDate.replaceAll('-', ''),
      LimitApplicationCertificateValidStartDate: limit.LimitApplicationCertificateValidStartDate.replaceAll('-', ''),
    });

    const [disease] = fixturePersons.get('morita-kenji')!.insurance[0]!.SpecificDiseasesCertificateList!;
    expect(resultOf('morita-kenji').SpecificDiseasesCertificateList?.[0]).toMatchObject({
      SpecificDiseasesDiseaseCategory: disease!.SpecificDiseasesDiseaseCategory,
      SpecificDiseasesCertificateDate: disease!.SpecificDiseasesCertificateDate.replaceAll('-', ''),
      SpecificDiseasesSelfPay: String(disease!.SpecificDiseasesSelfPay),
    });
  });

  describe('閲覧同意 (§5.1)', () => {
    // 09:15:02 in Japan.
    const consentedAt = new Date('2026-01-12T00:15:02Z');
    const consents: ConsentFlags = { pharmaceutical: { consentedAt, expiresAt: new Date(consentedAt.getTime() + 24 * HOUR_MS) } };

    it('a consent in force: flag 1, ConsTime and AcquisitionTime (ConsTime + 24 h) in Japan time; the others 0', () => {
      const { person, records } = found('shiken-taro');
      const result = qualificationResultOf(person, records[0]!, { consents });
      expect(result).toMatchObject({
        PharmaceuticalInfoConsFlg: '1',
        PharmaceuticalInfoConsTime: '20260112091502',
        PharmaceuticalInfoAcquisitionTime: '20260113091502',
        SpecificHealthCheckupsInfoConsFlg: '0',
        DiagnosisInfoConsFlg: '0',
        OperationInfoConsFlg: '0',
      });
      for (const absent of ['SpecificHealthCheckupsInfoConsTime', 'SpecificHealthCheckupsInfoAcquisitionTime', 'DiagnosisInfoConsTime', 'OperationInfoAcquisitionTime'] as const) {
        expect(result[absent]).toBeUndefined();
      }
    });

    it('every category can be in force', () => {
      const window = consents.pharmaceutical!;
      const { person, records } = found('shiken-taro');
      const result = qualificationResultOf(person, records[0]!, {
        consents: { pharmaceutical: window, 'specific-health-checkup': window, diagnosis: window, operation: window },
      });
      expect([result.PharmaceuticalInfoConsFlg, result.SpecificHealthCheckupsInfoConsFlg, result.DiagnosisInfoConsFlg, result.OperationInfoConsFlg]).toEqual(['1', '1', '1', '1']);
      expect(result.OperationInfoAcquisitionTime).toBe('20260113091502');
    });

    it('written with the older names on request, read back to the same model', () => {
      const { person, records } = found('shiken-taro');
      const result = qualificationResultOf(person, records[0]!, { consents, consentNaming: 'older' });
      for (const encoding of encodings) {
        const older = roundTrip(qualificationResponse, responseOf('1', [result]), encoding, 'older');
        expect(older.built.text).toContain('<PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg>');
        expect(older.built.text).toContain('<PharmacistsInfoAvailableTime>20260113091502</PharmacistsInfoAvailableTime>');
        expect(older.built.text).toContain('<SpecificHealthCheckupsInfoConsFlg>0</SpecificHealthCheckupsInfoConsFlg>');
        expect(older.built.text).not.toContain('PharmaceuticalInfo');
        expect(older.parsed).toStrictEqual(older.expected);
        const newer = roundTrip(qualificationResponse, responseOf('1', [result]), encoding, 'newer');
        expect(newer.built.text).toContain('<PharmaceuticalInfoAcquisitionTime>20260113091502</PharmaceuticalInfoAcquisitionTime>');
        expect(newer.parsed).toStrictEqual(newer.expected);
      }
    });

    it('no consents given (個別照会): no consent elements at all', () => {
      const result = resultOf('shiken-taro') as Record<string, unknown>;
      expect(Object.keys(result).filter((key) => key.includes('InfoCons') || key.includes('InfoAcquisition'))).toEqual([]);
    });
  });

  it('echoes ArbitraryIdentifier and ReferenceNumber', () => {
    const { person, records } = found('shiken-taro');
    expect(qualificationResultOf(person, records[0]!, { arbitraryIdentifier: 'PT-3001', referenceNumber: '10452' })).toMatchObject({
      ArbitraryIdentifier: 'PT-3001',
      ReferenceNumber: '10452',
    });
  });

  it('leaves out what the store has no data for, instead of writing blanks', () => {
    const result = resultOf('shiken-taro') as Record<string, unknown>;
    expect(Object.values(result).filter((value) => value === undefined || value === '')).toEqual([]);
    for (const absent of ['NameOfOther', 'Sex2', 'PreschoolClassification', 'WelfareOfficeName', 'PublicExpenseResultList', 'ArbitraryIdentifier']) {
      expect(result).not.toHaveProperty(absent);
    }
  });
});
