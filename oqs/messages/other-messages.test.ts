import { describe, expect, it } from 'vitest';
import { fromJsonForm, toJsonForm } from '../json/json-form';
import { bulkCriteriaUpload, bulkQualificationAcceptance, bulkQualificationUpload, bulkResult, bulkResultRequest } from './bulk-messages';
import { checkupRequest, checkupResponse, drugInfoRequest, drugInfoResponse } from './drug-and-checkup-messages';
import { referenceNumberRequest, referenceNumberResponse } from './reference-number-messages';
import { judgeResultCode } from './result-code';
import type { XmlMessageCodec } from './xml-message';
import type { Shape } from './schema';
import { codeOf, fixture, insurerNumbersAs } from '../testing/test-support';


const examples: ReadonlyArray<readonly [string, XmlMessageCodec<Shape, Shape>]> = [
  ['muquc01req', bulkQualificationUpload],
  ['muquc01res', bulkQualificationAcceptance],
  ['muquc02req', bulkResultRequest],
  ['muquc02res', bulkResult],
  ['siimm01req', referenceNumberRequest],
  ['siimm01res', referenceNumberResponse],
  ['yzk01req', drugInfoRequest],
  ['yzk01res', drugInfoResponse],
  ['tkk01req', checkupRequest],
  ['tkk01res', checkupResponse],
] as unknown as ReadonlyArray<readonly [string, XmlMessageCodec<Shape, Shape>]>;

describe.each(['utf8', 'sjis'] as const)('§6.3–6.6 examples (%s)', (encodingName) => {
  const encoding = encodingName === 'utf8' ? 'UTF-8' : 'Shift_JIS';
  it.each(examples)('%s parses, refuses unknown elements nowhere, and round-trips through XML and JSON (保険者番号 in each one\'s width)', (name, codec) => {
    const model = codec.parse(fixture(`${name}.${encodingName}.xml`), { unknownElements: 'reject' });
    expect(codec.parse(codec.build(model, { encoding }).bytes)).toEqual(insurerNumbersAs(model, 'file'));
    expect(fromJsonForm(codec, JSON.parse(JSON.stringify(toJsonForm(codec, model))))).toEqual(insurerNumbersAs(model, 'json'));
  });
});

describe('message details', () => {
  it('reads a bulk result unit with its result directly inside', () => {
    const model = bulkResult.parse(fixture('muquc02res.sjis.xml'));
    const unit = model.MessageBody.BulkConfirmUnit[0];
    expect(unit?.ReferenceNumber).toBe('3001');
    expect(unit?.ResultOfQualificationConfirmation[0]?.InsuredPartialContributionRatio).toBe('010');
    expect(model.MessageHeader.NumberOfProcessingResult).toBe('1');
  });

  it('requires at least one person in a bulk upload and a criteria block for tic/hvq/onq', () => {
    const header = { MedicalInstitutionCode: '1399999999' };
    expect(codeOf(() => bulkQualificationUpload.build({ MessageHeader: header, MessageBody: { QualificationConfirmSearchInfo: [] } }))).toBe(
      'MISSING_ELEMENT',
    );
    const criteria = { ConsentDateFrom: '20260101', ConsentDateTo: '20260131', MedicalTreatmentFlag: '2' };
    const built = bulkCriteriaUpload.build({ MessageHeader: header, MessageBody: { QualificationConfirmSearchInfo: criteria } });
    expect(bulkCriteriaUpload.parse(built.bytes).MessageBody.QualificationConfirmSearchInfo).toEqual(criteria);
  });

  it('reads YZK drugs and TKK items, including KanasName (sic)', () => {
    const drugs = drugInfoResponse.parse(fixture('yzk01res.sjis.xml'));
    expect(drugs.MessageHeader.QuaInf?.KanaName).toBe('ｼｹﾝ ｼﾞﾛｳ');
    expect(drugs.MessageBody.MeTrMonthInf[0]?.DiDateInfs?.[0]?.DrugInfs?.[0]?.DrugN).toBe('見本錠５ｍｇ');
    const checkups = checkupResponse.parse(fixture('tkk01res.utf8.xml'));
    expect(checkups.MessageHeader.QualificationsInfo?.KanasName).toBe('ｼｹﾝ ｼﾞﾛｳ');
    expect(checkups.MessageBody.SpecificHealthCheckupInfo[0]?.HealthCheckupResultAndQuestionInfos?.[0]?.DataValue).toBe('142');
  });

  it('finds ResultCode anywhere in YZK/TKK responses', () => {
    expect(judgeResultCode(fixture('yzk01res.sjis.xml'))).toEqual({ ok: true, resultCode: '1' });
    const inBody = new TextEncoder().encode('<XmlMsg><MessageHeader/><MessageBody><ResultCode>0</ResultCode><MessageContents>同意なし</MessageContents></MessageBody></XmlMsg>');
    expect(judgeResultCode(inBody)).toEqual({ ok: false, resultCode: '0', messageContents: '同意なし' });
    const none = new TextEncoder().encode('<XmlMsg><MessageHeader/><MessageBody/></XmlMsg>');
    expect(judgeResultCode(none)).toEqual({ ok: false, resultCode: undefined, messageContents: undefined });
    const conflicting = new TextEncoder().encode('<XmlMsg><MessageHeader><ResultCode>1</ResultCode></MessageHeader><MessageBody><ResultCode>0</ResultCode></MessageBody></XmlMsg>');
    expect(codeOf(() => judgeResultCode(conflicting))).toBe('DUPLICATE_ELEMENT');
  });

  it('reads the 照会番号登録 request with a space-padded 国保 number', () => {
    const model = referenceNumberRequest.parse(fixture('siimm01req.utf8.xml'));
    expect(model.MessageBody.ReferenceNumberRegistrationInfo.InsurerNumber).toBe('  139999');
  });
});
