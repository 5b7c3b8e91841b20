import { describe, expect, it } from 'vitest';
import { QUALIFICATION_VALIDITY, type QualificationResponse, type QualificationResult } from '../../../oqs';
import { qualificationViewOfBulkUnit, qualificationViewOfCardAnswer, qualificationViewOfResponse, STAFF_ACTION_OF_VALIDITY } from './qualification-view';

const CLINIC = '1399999999';

const PERSON: QualificationResult = {
  InsuredCardClassification: '01',
  InsurerNumber: '  139999',
  InsuredCardSymbol: '88',
  InsuredIdentificationNumber: '204517',
  InsuredBranchNumber: '00',
  PersonalFamilyClassification: '1',
  Name: '森田　健二',
  NameKana: 'ﾓﾘﾀ ｹﾝｼﾞ',
  Sex1: '1',
  Birthdate: '19580707',
  InsurerName: '見本市',
  QualificationDate: '20180801',
  InsuredPartialContributionRatio: '030',
};

function response(validity: string | undefined, results: QualificationResult[], body: Partial<QualificationResponse['MessageBody']> = {}, header: Partial<QualificationResponse['MessageHeader']> = {}): QualificationResponse {
  return {
    MessageHeader: { MedicalInstitutionCode: CLINIC, ArbitraryFileIdentifier: 'Q-1', SegmentOfResult: '1', ReferenceClassification: '2', ...header },
    MessageBody: {
      ProcessingResultStatus: '1',
      ...(validity === undefined ? {} : { QualificationValidity: validity as '1' }),
      ResultList: results,
      ...body,
    },
  };
}

const view = (validity: string | undefined, results: QualificationResult[], body?: Partial<QualificationResponse['MessageBody']>) =>
  qualificationViewOfResponse(response(validity, results, body), { medicalInstitutionCode: CLINIC, arbitraryFileIdentifier: 'Q-1' });

describe('the 資格 view', () => {
  it.each(Object.keys(QUALIFICATION_VALIDITY))('QualificationValidity %s in words with the staff action', (validity) => {
    const results = validity === '4' ? [] : validity === '5' ? [PERSON, { ...PERSON, InsurerNumber: '06140016' }] : [PERSON];
    const shown = view(validity, results);
    expect(shown.kind).toBe('qualification');
    expect(shown.validity).toEqual({ code: validity, label: QUALIFICATION_VALIDITY[validity as keyof typeof QUALIFICATION_VALIDITY] });
    expect(shown.action).toEqual(STAFF_ACTION_OF_VALIDITY[validity as keyof typeof QUALIFICATION_VALIDITY]);
    expect(shown.people).toHaveLength(results.length);
    expect(shown.needsStaff).toBe(!(validity === '1' || validity === '6'));
  });

  it('says what each validity asks of staff, in the words of the spec’s behaviour', () => {
    expect(STAFF_ACTION_OF_VALIDITY['1'].code).toBe('USE_QUALIFICATION');
    expect(STAFF_ACTION_OF_VALIDITY['2']).toMatchObject({ code: 'CONFIRM_CURRENT_CERTIFICATE' });
    expect(STAFF_ACTION_OF_VALIDITY['2'].words).toMatch(/資格確認書/);
    expect(STAFF_ACTION_OF_VALIDITY['2'].words).toMatch(/自費/);
    expect(STAFF_ACTION_OF_VALIDITY['3'].words).toMatch(/再照会/);
    expect(STAFF_ACTION_OF_VALIDITY['4'].words).toMatch(/入力内容/);
    expect(STAFF_ACTION_OF_VALIDITY['5'].words).toMatch(/自動では選びません/);
    expect(new Set(Object.values(STAFF_ACTION_OF_VALIDITY).map((action) => action.code)).size).toBe(6);
  });

  it('one valid person: the fields staff read, codes with their words', () => {
    const [person] = view('1', [PERSON]).people;
    expect(person).toMatchObject({
      name: '森田　健二',
      nameKana: 'ﾓﾘﾀ ｹﾝｼﾞ',
      birthDate: '1958-07-07',
      sex: { code: '1', label: '男' },
      insuredCardClassification: { code: '01', label: '被保険者証（一般）' },
      insurerNumber: '139999',
      insurerName: '見本市',
      symbol: '88',
      number: '204517',
      branchNumber: '00',
      personalFamily: { code: '1', label: '本人' },
      contributionRatio: { code: '030', label: '3割' },
      validPeriod: { from: '2018-08-01', to: undefined },
      preschool: false,
    });
    expect(person?.limitApplication).toBeUndefined();
    expect(person?.specificDiseases).toBeUndefined();
  });

  it.each(['  139999', '00139999', '139999'])('shows the 国保 保険者番号 %j as its 6 digits, file or JSON answer alike', (given) => {
    expect(view('1', [{ ...PERSON, InsurerNumber: given }]).people[0]?.insurerNumber).toBe('139999');
    expect(view('1', [{ ...PERSON, InsurerNumber: '06140016' }]).people[0]?.insurerNumber).toBe('06140016');
  });

  it('資格喪失: the loss date and reason, and the period ends there', () => {
    const [person] = view('2', [{ ...PERSON, DisqualificationDate: '20260401', ReasonOfLoss: '03' }]).people;
    expect(person).toMatchObject({ disqualificationDate: '2026-04-01', reasonOfLoss: { code: '03', label: '医療保険等の資格取得' }, validPeriod: { from: '2018-08-01', to: '2026-04-01' } });
  });

  it('高齢受給者: its ratio is the 負担割合 when the answer has no 一部負担金割合', () => {
    const { InsuredPartialContributionRatio: _none, ...rest } = PERSON;
    const [person] = view('1', [
      { ...rest, ElderlyRecipientCertificateInfo: { ElderlyRecipientContributionRatio: '020', ElderlyRecipientValidStartDate: '20240801', ElderlyRecipientValidEndDate: '20260731' } },
    ]).people;
    expect(person?.contributionRatio).toEqual({ code: '020', label: '2割' });
    expect(person?.elderlyRecipient).toEqual({ contributionRatio: { code: '020', label: '2割' }, certificateDate: undefined, valid: { from: '2024-08-01', to: '2026-07-31' } });
  });

  it('限度額適用区分 only with its consent: withheld under 未同意 even if the answer carried it', () => {
    const info = { LimitApplicationCertificateClassification: '01' as const, LimitApplicationCertificateClassificationFlag: 'A03' as const, LimitApplicationCertificateValidStartDate: '20260101' };
    const [agreed] = view('1', [{ ...PERSON, LimitApplicationCertificateRelatedConsFlg: '1', LimitApplicationCertificateRelatedInfo: info }]).people;
    expect(agreed?.limitApplication).toEqual({
      consent: { code: '1', label: '同意' },
      shown: true,
      certificate: { code: '01', label: '限度額適用区分認定証' },
      classification: { code: 'A03', label: 'ウ' },
      valid: { from: '2026-01-01', to: undefined },
      longTermDate: undefined,
    });
    const [refused] = view('1', [{ ...PERSON, LimitApplicationCertificateRelatedConsFlg: '0', LimitApplicationCertificateRelatedInfo: info }]).people;
    expect(refused?.limitApplication).toEqual({ consent: { code: '0', label: '未同意' }, shown: false });
    expect(JSON.stringify(refused)).not.toContain('A03');
    const [unsaid] = view('1', [{ ...PERSON, LimitApplicationCertificateRelatedInfo: info }]).people;
    expect(unsaid?.limitApplication).toEqual({ consent: undefined, shown: false });
  });

  it('特定疾病: the certificates in words; withheld when the consent has run out', () => {
    const list = [{ SpecificDiseasesDiseaseCategory: '1' as const, SpecificDiseasesValidStartDate: '20180801', SpecificDiseasesSelfPay: '10000' }];
    const [shown] = view('1', [{ ...PERSON, SpecificDiseasesCertificateList: list }]).people;
    expect(shown?.specificDiseases).toEqual({
      consent: undefined,
      shown: true,
      certificates: [{ category: { code: '1', label: '人工透析を必要とする慢性腎不全' }, valid: { from: '2018-08-01', to: undefined }, selfPayYen: 10000 }],
    });
    const [expired] = view('1', [{ ...PERSON, SpecificDiseasesCertificateRelatedConsFlg: '2', SpecificDiseasesCertificateList: list }]).people;
    expect(expired?.specificDiseases).toEqual({ consent: { code: '2', label: '同意有効期限切れ' }, shown: false, certificates: [] });
  });

  it('ProcessingResultStatus 2: the code and message, and the staff check', () => {
    const shown = view(undefined, [], { ProcessingResultStatus: '2', ProcessingResultCode: 'NOT_FOUND', ProcessingResultMessage: '該当なし' });
    expect(shown).toMatchObject({ kind: 'processing-error', needsStaff: true, people: [], problem: { code: 'NOT_FOUND', message: '該当なし' }, action: { code: 'CHECK_ERROR' } });
  });

  it('an answer for another facility or another request is not shown', () => {
    const other = qualificationViewOfResponse(response('1', [PERSON], {}, { MedicalInstitutionCode: '1390000017' }), { medicalInstitutionCode: CLINIC, arbitraryFileIdentifier: 'Q-1' });
    expect(other).toMatchObject({ kind: 'not-answered', people: [], problem: { code: 'NOT_OURS' } });
    const stale = qualificationViewOfResponse(response('1', [PERSON]), { medicalInstitutionCode: CLINIC, arbitraryFileIdentifier: 'Q-2' });
    expect(stale).toMatchObject({ kind: 'not-answered', people: [] });
    const failed = qualificationViewOfResponse(response('1', [PERSON], {}, { SegmentOfResult: '9', ErrorCode: 'E01' }), { medicalInstitutionCode: CLINIC });
    expect(failed).toMatchObject({ kind: 'not-answered', people: [], problem: { code: 'E01' }, action: { code: 'RETRY_LATER' } });
  });

  it('a 一括照会 unit: the same view from the result inside the unit', () => {
    expect(qualificationViewOfBulkUnit({ ProcessingResultStatus: '1', QualificationValidity: '3', ResultOfQualificationConfirmation: [PERSON] })).toMatchObject({
      kind: 'qualification',
      validity: { code: '3', label: '無効（新しい資格あり）' },
      action: { code: 'REQUERY_WITH_NEW_KEYS' },
      people: [{ name: '森田　健二' }],
    });
    expect(qualificationViewOfBulkUnit({ ProcessingResultStatus: '2', ProcessingResultCode: 'INVALID_VALUE', ResultOfQualificationConfirmation: [] })).toMatchObject({ kind: 'processing-error', problem: { code: 'INVALID_VALUE' } });
    expect(qualificationViewOfBulkUnit({ ProcessingResultStatus: '1', ResultOfQualificationConfirmation: [] })).toMatchObject({ kind: 'not-answered', problem: { code: 'INCOMPLETE' } });
  });

  it('a kiosk reception’s card answer: the same view, bound to its reception', () => {
    const answer = { ok: true as const, receptionId: 'Q-1', processingResultStatus: '1', qualificationValidity: '1', people: [], document: { kind: 'qualification-response' as const, response: response('1', [PERSON]) } };
    expect(qualificationViewOfCardAnswer(answer)).toMatchObject({ kind: 'qualification', validity: { code: '1' }, people: [{ name: '森田　健二' }] });
    expect(qualificationViewOfCardAnswer({ ...answer, receptionId: 'R-other' })).toMatchObject({ kind: 'not-answered', people: [] });
    expect(qualificationViewOfCardAnswer({ ...answer, document: { kind: 'qualification-response' } })).toMatchObject({ kind: 'not-answered', problem: { code: 'NO_DOCUMENT' } });
  });
});
