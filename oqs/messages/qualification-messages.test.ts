import { describe, expect, it } from 'vitest';
import { buildFaceFile, formatFaceFileName, parseFaceFile, parseFaceFileName } from './face-file';
import { canonicalInsurerNumber, insurerNumberFor, sameInsurerNumber } from './insurer-number';
import { qualificationRequest, qualificationResponse, type QualificationResponse } from './qualification-messages';
import { codeOf, fixture } from '../testing/test-support';


describe.each(['utf8', 'sjis'] as const)('§6 examples (%s)', (encodingName) => {
  const encoding = encodingName === 'utf8' ? 'UTF-8' : 'Shift_JIS';

  it('parses the 個別照会 request and round-trips it', () => {
    const model = qualificationRequest.parse(fixture(`siquc01req.${encodingName}.xml`));
    expect(model.MessageBody.QualificationConfirmSearchInfo).toEqual({
      InsurerNumber: '06139999',
      InsuredCardSymbol: '501',
      InsuredIdentificationNumber: '4321',
      InsuredBranchNumber: '02',
      Birthdate: '19850715',
      LimitApplicationCertificateRelatedConsFlg: '1',
    });
    const built = qualificationRequest.build(model, { encoding });
    expect(built.substituted).toEqual([]);
    expect(qualificationRequest.parse(built.bytes)).toEqual(model);
  });

  it('parses the 個別照会 response and round-trips it', () => {
    const model = qualificationResponse.parse(fixture(`siquc01res.${encodingName}.xml`));
    const result = model.MessageBody.ResultList?.[0];
    expect(result?.Name).toBe('見本　花子');
    expect(result?.NameKana).toBe('ﾐﾎﾝ ﾊﾅｺ');
    expect(result?.LimitApplicationCertificateRelatedInfo?.LimitApplicationCertificateClassificationFlag).toBe('A04');
    expect(model.MessageHeader.CharacterCodeIdentifier).toBe(encoding === 'UTF-8' ? '0' : '1');
    expect(qualificationResponse.parse(qualificationResponse.build(model, { encoding }).bytes)).toEqual(model);
  });

  it('the 個別照会 response echoes every key of the request, 記号 and consent flag included', () => {
    const request = qualificationRequest.parse(fixture(`siquc01req.${encodingName}.xml`));
    const response = qualificationResponse.parse(fixture(`siquc01res.${encodingName}.xml`));
    expect(response.MessageBody.QualificationConfirmSearchInfo).toEqual(request.MessageBody.QualificationConfirmSearchInfo);
    // The same read without our codec: the echo block of the example as text.
    const text = new TextDecoder(encodingName === 'utf8' ? 'utf-8' : 'shift_jis').decode(fixture(`siquc01res.${encodingName}.xml`));
    const echo = /<QualificationConfirmSearchInfo>([\s\S]*?)<\/QualificationConfirmSearchInfo>/.exec(text)?.[1] ?? '';
    expect(echo).toMatch(/<InsuredCardSymbol>501<\/InsuredCardSymbol>/);
    expect(echo).toMatch(/<LimitApplicationCertificateRelatedConsFlg>1<\/LimitApplicationCertificateRelatedConsFlg>/);
  });

  it('parses the face file (older consent names) and normalises them', () => {
    const model = parseFaceFile(fixture(`face.${encodingName}.xml`));
    const result = model.MessageBody.ResultList?.[0];
    expect(result?.InsurerNumber).toBe('  139999');
    expect(result?.PharmaceuticalInfoConsFlg).toBe('1');
    expect(result?.PharmaceuticalInfoConsTime).toBe('20260112091502');
    expect(result?.PharmaceuticalInfoAcquisitionTime).toBe('20260113091502');
    expect(result?.SpecificHealthCheckupsInfoConsFlg).toBe('0');
    expect(model.MessageBody.PrescriptionIssueSelect).toBe('1');
    for (const consentNaming of ['older', 'newer'] as const) {
      const built = buildFaceFile(model, { encoding, consentNaming });
      expect(built.text.includes('<PharmacistsInfoConsFlg>')).toBe(consentNaming === 'older');
      expect(built.text.includes('<PharmaceuticalInfoConsFlg>')).toBe(consentNaming === 'newer');
      expect(parseFaceFile(built.bytes)).toEqual(model);
    }
  });
});

const faceModel: QualificationResponse = {
  MessageHeader: {
    ProcessExecutionTime: '20260112091502',
    QualificationConfirmationDate: '20260112',
    MedicalInstitutionCode: '1399999999',
    ArbitraryFileIdentifier: 'Zk3xQm9TaWdu',
    ReferenceClassification: '1',
    SegmentOfResult: '1',
    CharacterCodeIdentifier: '1',
  },
  MessageBody: {
    ProcessingResultStatus: '1',
    QualificationValidity: '1',
    ResultList: [
      {
        InsuredCardClassification: '01',
        InsurerNumber: '  139999',
        InsuredCardSymbol: '７７',
        InsuredIdentificationNumber: '880011',
        InsuredBranchNumber: '00',
        Name: '𠮷田　太郎',
        NameKana: 'ﾖｼﾀﾞ ﾀﾛｳ',
        Sex1: '1',
        Birthdate: '19600229',
        Address: '見本県見本市髙島町１－２－３',
        PostNumber: '123-4567',
        InsurerName: '見本市',
        ElderlyRecipientCertificateInfo: { ElderlyRecipientContributionRatio: '020' },
        SpecificDiseasesCertificateList: [
          { SpecificDiseasesDiseaseCategory: '1', SpecificDiseasesSelfPay: '10000' },
          { SpecificDiseasesDiseaseCategory: '3', SpecificDiseasesValidEndDate: '' },
        ],
        PublicExpenseResultList: [{ TicketType: '1', MedicalTreatmentMonth: '202601', StatusOfInfecton: '0' }],
        DiagnosisInfoConsFlg: '1',
        DiagnosisInfoConsTime: '20260112091502',
        DiagnosisInfoAcquisitionTime: '20260113091502',
      },
    ],
  },
};

describe('a real-looking Shift_JIS face file', () => {
  it('writes half-width kana as single bytes, substitutes ● for 𠮷 and reports it', () => {
    const built = buildFaceFile(faceModel, { encoding: 'Shift_JIS' });
    expect(built.substituted).toEqual(['𠮷']);
    // ﾖｼﾀﾞ = D6 BC C0 DE, ASCII space, ﾀﾛｳ = C0 DB B3
    expect(Buffer.from(built.bytes).includes(Buffer.from([0xd6, 0xbc, 0xc0, 0xde, 0x20, 0xc0, 0xdb, 0xb3]))).toBe(true);
    const parsed = parseFaceFile(built.bytes);
    expect(parsed.MessageBody.ResultList?.[0]?.Name).toBe('●田　太郎');
    expect({ ...parsed.MessageBody.ResultList?.[0], Name: '𠮷田　太郎' }).toEqual(faceModel.MessageBody.ResultList?.[0]);
  });

  it('keeps 𠮷 in UTF-8', () => {
    const built = buildFaceFile({ ...faceModel, MessageHeader: { ...faceModel.MessageHeader, CharacterCodeIdentifier: '0' } }, { encoding: 'UTF-8' });
    expect(built.substituted).toEqual([]);
    expect(parseFaceFile(built.bytes).MessageBody.ResultList?.[0]?.Name).toBe('𠮷田　太郎');
  });
});

describe('strict parsing', () => {
  const response = (result: string, header = ''): Uint8Array =>
    new TextEncoder().encode(
      `<XmlMsg><MessageHeader><MedicalInstitutionCode>1399999999</MedicalInstitutionCode>${header}</MessageHeader>` +
        `<MessageBody><ResultList><ResultOfQualificationConfirmation><InsuredCardClassification>01</InsuredCardClassification>` +
        `<Sex1>1</Sex1><Birthdate>19600203</Birthdate>${result}</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>`,
    );

  it('accepts a minimal result', () => {
    expect(qualificationResponse.parse(response('<Name>試験　次郎</Name>')).MessageBody.ResultList).toHaveLength(1);
  });

  it.each([
    ['a duplicated scalar', '<Name>試験　次郎</Name><Name>別人　花子</Name>', 'DUPLICATE_ELEMENT'],
    ['both consent namings at once', '<Name>a</Name><PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg><PharmaceuticalInfoConsFlg>1</PharmaceuticalInfoConsFlg>', 'DUPLICATE_ELEMENT'],
    ['a missing Name', '', 'MISSING_ELEMENT'],
    ['an ASCII space in Name', '<Name>試験 次郎</Name>', 'INVALID_VALUE'],
    ['full-width kana in NameKana', '<Name>a</Name><NameKana>シケン ジロウ</NameKana>', 'INVALID_VALUE'],
    ['a full-width space in NameKana', '<Name>a</Name><NameKana>ｼｹﾝ　ｼﾞﾛｳ</NameKana>', 'INVALID_VALUE'],
    ['a non-calendar date', '<Name>a</Name><QualificationDate>20230229</QualificationDate>', 'INVALID_VALUE'],
    ['a bad time', '<Name>a</Name><DiagnosisInfoConsTime>20260112246000</DiagnosisInfoConsTime>', 'INVALID_VALUE'],
    ['an unknown code', '<Name>a</Name><ReasonOfLoss>04</ReasonOfLoss>', 'INVALID_VALUE'],
    ['a 7-character insurer number', '<Name>a</Name><InsurerNumber> 139999</InsurerNumber>', 'INVALID_VALUE'],
    ['text where a group belongs', '<Name>a</Name><ElderlyRecipientCertificateInfo>x</ElderlyRecipientCertificateInfo>', 'INVALID_VALUE'],
    ['elements where text belongs', '<Name><X/></Name>', 'INVALID_VALUE'],
  ])('refuses %s', (_label, result, code) => {
    expect(codeOf(() => qualificationResponse.parse(response(result)))).toBe(code);
  });

  it('ignores unknown elements by default and refuses them on request', () => {
    const bytes = response('<Name>a</Name><DiagnosisNameConsFlg>1</DiagnosisNameConsFlg>');
    expect(codeOf(() => qualificationResponse.parse(bytes))).toBeUndefined();
    expect(codeOf(() => qualificationResponse.parse(bytes, { unknownElements: 'reject' }))).toBe('UNEXPECTED_ELEMENT');
  });

  it('refuses a wrong root and a CharacterCodeIdentifier that contradicts the bytes', () => {
    expect(codeOf(() => qualificationResponse.parseText('<Msg/>'))).toBe('UNEXPECTED_ROOT');
    const lying = response('<Name>a</Name>', '<CharacterCodeIdentifier>1</CharacterCodeIdentifier>');
    expect(codeOf(() => qualificationResponse.parse(lying))).toBe('ENCODING_MISMATCH');
    expect(codeOf(() => qualificationResponse.parse(lying, { checkCharacterCodeIdentifier: false }))).toBeUndefined();
  });

  it('refuses to build an invalid model', () => {
    const broken = { ...faceModel, MessageHeader: { ...faceModel.MessageHeader, MedicalInstitutionCode: '13999' } };
    expect(codeOf(() => qualificationResponse.build(broken))).toBe('INVALID_VALUE');
    expect(codeOf(() => qualificationResponse.build(faceModel, { encoding: 'UTF-8' }))).toBe('ENCODING_MISMATCH');
    expect(codeOf(() => buildFaceFile({ ...faceModel, MessageHeader: { ...faceModel.MessageHeader, ReferenceClassification: '2' } }))).toBe(
      'INVALID_VALUE',
    );
  });
});

describe('保険者番号', () => {
  it('compares space-padded, zero-padded and bare 国保 numbers as equal', () => {
    expect(canonicalInsurerNumber('  139999')).toBe('139999');
    expect(canonicalInsurerNumber('00139999')).toBe('139999');
    expect(canonicalInsurerNumber('06139999')).toBe('06139999');
    expect(sameInsurerNumber('  139999', '00139999')).toBe(true);
    expect(sameInsurerNumber('06139999', '  139999')).toBe(false);
    expect(sameInsurerNumber('x', 'x')).toBe(false);
    expect(insurerNumberFor('139999', 'file')).toBe('  139999');
    expect(insurerNumberFor('  139999', 'json')).toBe('00139999');
    expect(codeOf(() => canonicalInsurerNumber('1234'))).toBe('INVALID_VALUE');
  });
});

describe('face file names', () => {
  it('format and parse', () => {
    const name = formatFaceFileName({ token: 'Zk3x', writtenAt: '20260112091502' });
    expect(name).toBe('OQSsiquc01res_face_Zk3x_20260112091502.xml');
    expect(parseFaceFileName(name)).toEqual({ token: 'Zk3x', writtenAt: '20260112091502' });
    expect(parseFaceFileName('OQSsiquc01res_face_a_b_20260112091502.xml')).toEqual({ token: 'a_b', writtenAt: '20260112091502' });
    expect(parseFaceFileName('OQSsiquc01res_Q0112-07.xml')).toBeUndefined();
    expect(parseFaceFileName('OQSsiquc01res_face_a_20261312091502.xml')).toBeUndefined();
    expect(codeOf(() => formatFaceFileName({ token: '../x', writtenAt: '20260112091502' }))).toBe('INVALID_VALUE');
  });
});
