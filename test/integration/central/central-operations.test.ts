import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualificationRequest } from '../../../oqs';
import { CLINIC, PHARMACY, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import type { CentralClient } from '../../harness/central-client';

const PATHS = {
  search: '/oqs-api-pro/MSA01030/ILI01030SV01/search',
  card: '/oqs-api-pro/mock/card/search',
  drug: '/oqs-api-pro/mock/yzk/search',
  checkup: '/oqs-api-pro/mock/tkk/search',
  bulkUpload: '/oqs-api-pro/mock/bulk/upload',
  bulkResult: '/oqs-api-pro/mock/bulk/result',
  challenge: '/portal/challenge',
  history: '/portal/provision-history',
};
const DAY_MS = 24 * 60 * 60 * 1000;

interface Keys {
  InsurerNumber: string;
  InsuredCardSymbol?: string;
  InsuredIdentificationNumber: string;
  InsuredBranchNumber?: string;
  Birthdate: string;
}
const KEYS = {
  shiken: { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' },
  itoFirst: { InsurerNumber: '01130038', InsuredCardSymbol: '5001234', InsuredIdentificationNumber: '12', InsuredBranchNumber: '00', Birthdate: '19850530' },
  takahashi: { InsurerNumber: '06139992', InsuredCardSymbol: '45', InsuredIdentificationNumber: '1021', InsuredBranchNumber: '00', Birthdate: '19681103' },
  nakamuraOld: { InsurerNumber: '06270011', InsuredCardSymbol: '310', InsuredIdentificationNumber: '2207', InsuredBranchNumber: '00', Birthdate: '19920315' },
  // 国保: a 6-digit 保険者番号, sent here zero-padded.
  morita: { InsurerNumber: '00139999', InsuredCardSymbol: '88', InsuredIdentificationNumber: '204517', InsuredBranchNumber: '00', Birthdate: '19580707' },
  nobody: { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800218' },
} satisfies Record<string, Keys>;
const YAKUSHI = { InsurerNumber: '01131234', InsuranceCardSymbol: '10', InsuredPersonIdentificationNumber: '008', BranchNumber: '00' };
const SANKINO_TARO = { InsurerNumber: '06999999', InsuranceCardSymbol: '1234567890', InsuredPersonIdentificationNumber: '1234567890', BranchNumber: '01' };
const WATANABE = { InsurerNumber: '01040013', InsuranceCardSymbol: '4101203', InsuredPersonIdentificationNumber: '7', BranchNumber: '00' };

function search(facility: string, keys: Keys) {
  return { XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility, QualificationConfirmationDate: '20261121', ArbitraryFileIdentifier: 'T-1' }, MessageBody: { QualificationConfirmSearchInfo: keys } } };
}

function drugRequest(facility: string, keys: Record<string, string>) {
  return { XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility, ...keys }, MessageBody: { StartDate: '202001', EndDate: '202612', FileCategory: '2' } } };
}

function checkupRequest(facility: string, keys: Record<string, string>) {
  return { XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility, ...keys }, MessageBody: { FileCategory: '2' } } };
}

describe('central mock: operations over mutual TLS', () => {
  let central: TestCentral;
  let clinic: CentralClient;
  let pharmacy: CentralClient;

  beforeAll(async () => {
    central = await startTestCentral({ server: { settings: { bulkProcessingMs: 5000 } } });
    clinic = central.facility(CLINIC);
    pharmacy = central.facility(PHARMACY);
    await clinic.login();
    await pharmacy.login();
  }, 60_000);
  afterAll(() => central?.stop());

  // Tokens live 10 minutes; the clock moves in some tests, so log in again where it did.
  const relogin = async () => {
    await clinic.login();
    await pharmacy.login();
  };

  describe('個別照会 (ReferenceClassification 2)', () => {
    it('answers a valid person with every required element, echoing the keys', async () => {
      const reply = await clinic.postJson(PATHS.search, search(CLINIC, KEYS.shiken));
      expect(reply.status).toBe(200);
      const { MessageHeader: header, MessageBody: body } = reply.json.XmlMsg;
      expect(header).toMatchObject({ SegmentOfResult: '1', ReferenceClassification: '2', ArbitraryFileIdentifier: 'T-1', CharacterCodeIdentifier: '0' });
      expect(body).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1', QualificationConfirmSearchInfo: KEYS.shiken });
      expect(body.ResultList).toHaveLength(1);
      const result = body.ResultList[0].ResultOfQualificationConfirmation;
      expect(result).toMatchObject({ InsurerNumber: '01130012', InsuredIdentificationNumber: '5678', Birthdate: '19800217', Name: '試験\u3000太郎' });
      for (const element of ['InsuredCardClassification', 'Sex1', 'InsurerName']) expect(result[element]).toBeTruthy();
    });

    it('echoes every search key with the 記号 and the consent flag, a 国保 保険者番号 zero-padded in JSON whatever form was sent', async () => {
      const sent = { ...KEYS.morita, InsurerNumber: '139999', LimitApplicationCertificateRelatedConsFlg: '1', ArbitraryIdentifier: 'PT-0707' };
      const body = (await clinic.postJson(PATHS.search, search(CLINIC, sent))).json.XmlMsg.MessageBody;
      expect(body.QualificationValidity).toBe('1');
      expect(body.QualificationConfirmSearchInfo).toEqual({ ...sent, InsurerNumber: '00139999' });
      expect(body.ResultList[0].ResultOfQualificationConfirmation).toMatchObject({ InsurerNumber: '00139999', InsuredCardSymbol: '88', LimitApplicationCertificateRelatedConsFlg: '1' });
      // A request without the flag is answered as 未同意, and says so in the echo.
      const withoutFlag = (await clinic.postJson(PATHS.search, search(CLINIC, KEYS.morita))).json.XmlMsg.MessageBody;
      expect(withoutFlag.QualificationConfirmSearchInfo).toEqual({ ...KEYS.morita, InsurerNumber: '00139999', LimitApplicationCertificateRelatedConsFlg: '0' });
    });

    it('answers 特定疾病 entries in the one list shape its OpenAPI document states, and refuses another shape with JSON_LIST_SHAPE', async () => {
      const result = (await clinic.postJson(PATHS.search, search(CLINIC, KEYS.morita))).json.XmlMsg.MessageBody.ResultList[0].ResultOfQualificationConfirmation;
      expect(result.SpecificDiseasesCertificateList).toEqual([{ SpecificDiseasesCertificateInfo: expect.objectContaining({ SpecificDiseasesDiseaseCategory: '1' }) }]);

      const document = (await central.anonymous().send('GET', '/openapi.json')).json;
      expect(document.info.description).toContain('[{"SpecificDiseasesCertificateInfo":{…}}]');
      const answerRef: string = document.paths[PATHS.search].post.responses['200'].content['application/json'].schema.$ref;
      const answerSchema = document.components.schemas[answerRef.split('/').at(-1)!];
      const resultSchema = answerSchema.properties.XmlMsg.properties.MessageBody.properties.ResultList.items.properties.ResultOfQualificationConfirmation;
      const listSchema = resultSchema.properties.SpecificDiseasesCertificateList;
      expect(listSchema['x-oqs-list-shape']).toBe('wrapped');
      // The answer has exactly the wrapper the document requires of every entry.
      for (const entry of result.SpecificDiseasesCertificateList) expect(Object.keys(entry)).toEqual(listSchema.items.required);

      const wrappedUnits = { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: [{ QualificationConfirmSearchInfo: KEYS.morita }] } } };
      const refused = await clinic.postJson(PATHS.bulkUpload, wrappedUnits);
      expect(refused.status).toBe(400);
      expect(refused.json.XmlMsg.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'JSON_LIST_SHAPE' });
    });

    it('writes the echo and the result of a Shift_JIS XML request with the 国保 保険者番号 space-padded', async () => {
      const built = qualificationRequest.build(
        { MessageHeader: { MedicalInstitutionCode: CLINIC, QualificationConfirmationDate: '20261121' }, MessageBody: { QualificationConfirmSearchInfo: { ...KEYS.morita, LimitApplicationCertificateRelatedConsFlg: '1' } } },
        { encoding: 'Shift_JIS' },
      );
      const reply = await clinic.send('POST', PATHS.search, { body: built.bytes, contentType: 'application/xml' });
      expect(reply.status).toBe(200);
      // Read with a plain decoder and regular expressions, not with our codec.
      const text = new TextDecoder('shift_jis').decode(reply.body);
      const echo = /<QualificationConfirmSearchInfo>([\s\S]*?)<\/QualificationConfirmSearchInfo>/.exec(text)?.[1] ?? '';
      for (const element of ['<InsurerNumber>  139999</InsurerNumber>', '<InsuredCardSymbol>88</InsuredCardSymbol>', '<InsuredIdentificationNumber>204517</InsuredIdentificationNumber>', '<InsuredBranchNumber>00</InsuredBranchNumber>', '<Birthdate>19580707</Birthdate>', '<LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>']) {
        expect(echo).toContain(element);
      }
      expect([...text.matchAll(/<InsurerNumber>([^<]*)<\/InsurerNumber>/g)].map((match) => match[1])).toEqual(['  139999', '  139999']);
    });

    it('answers 複数該当, 無効, 無効（新しい資格あり） and 該当資格なし as the data says', async () => {
      const validity = async (keys: Keys) => (await clinic.postJson(PATHS.search, search(CLINIC, keys))).json.XmlMsg.MessageBody;
      // By keys, one of ito-yumi's two insurances is one record in force; 複数該当 is what her card answers (below).
      expect((await validity(KEYS.itoFirst)).QualificationValidity).toBe('1');
      const lost = await validity(KEYS.takahashi);
      expect(lost.QualificationValidity).toBe('2');
      expect(lost.ResultList[0].ResultOfQualificationConfirmation.DisqualificationDate).toBe('20260401');
      expect((await validity(KEYS.nakamuraOld)).QualificationValidity).toBe('3');
      const none = await validity(KEYS.nobody);
      expect(none).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '4' });
      expect(none.ResultList).toBeUndefined();
    });

    it('answers the same request sent as Shift_JIS XML in Shift_JIS XML', async () => {
      const built = qualificationRequest.build(
        { MessageHeader: { MedicalInstitutionCode: CLINIC, QualificationConfirmationDate: '20261121' }, MessageBody: { QualificationConfirmSearchInfo: KEYS.shiken } },
        { encoding: 'Shift_JIS' },
      );
      const reply = await clinic.send('POST', PATHS.search, { body: built.bytes, contentType: 'application/xml' });
      expect(reply.status).toBe(200);
      expect(reply.contentType).toBe('application/xml;charset=Shift_JIS');
      const text = new TextDecoder('shift_jis').decode(reply.body);
      expect(text).toMatch(/^<\?xml version="1\.0" encoding="Shift_JIS"/);
      expect(text).toContain('<CharacterCodeIdentifier>1</CharacterCodeIdentifier>');
      expect(text).toContain('<Name>試験\u3000太郎</Name>');
    });
  });

  describe('資格確認 by card (ReferenceClassification 1)', () => {
    it('verifies the certificate, answers the linked person and registers the consents for this facility', async () => {
      const reply = await clinic.postJson(PATHS.card, await central.provenCardSearch(clinic, CLINIC, 'yakushi-taro', { PharmaceuticalInfoConsFlg: '1', SpecificHealthCheckupsInfoConsFlg: '0' }));
      expect(reply.status).toBe(200);
      const body = reply.json.XmlMsg.MessageBody;
      expect(reply.json.XmlMsg.MessageHeader).toMatchObject({ ReferenceClassification: '1', SegmentOfResult: '1' });
      expect(body).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
      const result = body.ResultList[0].ResultOfQualificationConfirmation;
      expect(result.Name).toBe('薬師\u3000太郎');
      expect(result.PharmaceuticalInfoConsFlg).toBe('1');
      expect(result.PharmaceuticalInfoConsTime).toBe('20261121100000');
      expect(result.SpecificHealthCheckupsInfoConsFlg).toBe('0');
    });

    it('answers 複数該当 with every qualification in force, for staff to choose', async () => {
      const body = (await clinic.postJson(PATHS.card, await central.provenCardSearch(clinic, CLINIC, 'ito-yumi'))).json.XmlMsg.MessageBody;
      expect(body).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '5' });
      expect(body.ResultList.map((entry: { ResultOfQualificationConfirmation: { InsurerNumber: string } }) => entry.ResultOfQualificationConfirmation.InsurerNumber).sort()).toEqual(['01130038', '06140016']);
    });

    it('answers a revoked certificate (J-LIS) with a coded processing error and audits it', async () => {
      const reply = await clinic.postJson(PATHS.card, await central.provenCardSearch(clinic, CLINIC, 'kato-daisuke'));
      expect(reply.status).toBe(200);
      const body = reply.json.XmlMsg.MessageBody;
      expect(body).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'CARD_CERTIFICATE_INVALID' });
      expect(body.ProcessingResultMessage).toContain('REVOKED');
      expect(body.ResultList).toBeUndefined();
    });

    it('answers 閲覧停止 with the qualification, but refuses the medical data', async () => {
      const card = await clinic.postJson(PATHS.card, await central.provenCardSearch(clinic, CLINIC, 'watanabe-makoto', { PharmaceuticalInfoConsFlg: '1' }));
      expect(card.json.XmlMsg.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
      const drugs = await clinic.postJson(PATHS.drug, drugRequest(CLINIC, WATANABE));
      expect(drugs.status).toBe(403);
      expect(drugs.json.XmlMsg.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'VIEWING_BLOCKED' });
    });
  });

  describe('薬剤情報 and 特定健診 inside the consent window only', () => {
    it('refuses 薬剤情報 without a consent, gives it inside the window, to this facility only, and refuses after 24 hours', async () => {
      const refused = await pharmacy.postJson(PATHS.drug, drugRequest(PHARMACY, YAKUSHI));
      expect(refused.status).toBe(403);
      expect(refused.json.XmlMsg.MessageHeader.ErrorCode).toBe('NO_CONSENT');

      // The clinic holds yakushi-taro's consent from the card reading above.
      const given = await clinic.postJson(PATHS.drug, drugRequest(CLINIC, YAKUSHI));
      expect(given.status).toBe(200);
      expect(given.json.XmlMsg.MessageHeader.ResultCode).toBe('1');
      expect(JSON.stringify(given.json.XmlMsg.MessageBody.MeTrMonthInf)).toMatch(/DrugN/);

      // The pharmacy still cannot: consents are per facility.
      expect((await pharmacy.postJson(PATHS.drug, drugRequest(PHARMACY, YAKUSHI))).json.XmlMsg.MessageHeader.ErrorCode).toBe('NO_CONSENT');

      // The patient declined 特定健診 at the reading.
      expect((await clinic.postJson(PATHS.checkup, checkupRequest(CLINIC, YAKUSHI))).json.XmlMsg.MessageHeader.ErrorCode).toBe('NO_CONSENT');

      central.advance(DAY_MS - 1000);
      await relogin();
      expect((await clinic.postJson(PATHS.drug, drugRequest(CLINIC, YAKUSHI))).status).toBe(200);
      central.advance(1000);
      const expired = await clinic.postJson(PATHS.drug, drugRequest(CLINIC, YAKUSHI));
      expect(expired.status).toBe(403);
      expect(expired.json.XmlMsg.MessageHeader.ErrorCode).toBe('NO_CONSENT');
    });

    it('gives 特定健診 items with codes, units and values after a consent', async () => {
      await relogin();
      await pharmacy.postJson(PATHS.card, await central.provenCardSearch(pharmacy, PHARMACY, 'sankino-taro', { SpecificHealthCheckupsInfoConsFlg: '1' }, '2'));
      const reply = await pharmacy.postJson(PATHS.checkup, checkupRequest(PHARMACY, SANKINO_TARO));
      expect(reply.status).toBe(200);
      const checkups = reply.json.XmlMsg.MessageBody.SpecificHealthCheckupInfo;
      expect(checkups.length).toBeGreaterThan(0);
      const items = checkups.flatMap((checkup: { HealthCheckupResultAndQuestionInfos?: Array<{ HealthCheckupResultAndQuestionInfo: Record<string, string> }> }) =>
        (checkup.HealthCheckupResultAndQuestionInfos ?? []).map((entry) => entry.HealthCheckupResultAndQuestionInfo),
      );
      expect(items.some((item: Record<string, string>) => item['ItemCode'] && item['Unit'] && item['DataValue'])).toBe(true);
    });
  });

  describe('一括照会', () => {
    it('accepts with a 受付番号, answers 処理中 until done, then the results, to the uploading facility only', async () => {
      await relogin();
      const upload = await clinic.postJson(PATHS.bulkUpload, {
        XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC, QualificationConfirmationDate: '20261121' }, MessageBody: { QualificationConfirmSearchInfo: [KEYS.shiken, KEYS.itoFirst, KEYS.nobody] } },
      });
      expect(upload.status).toBe(200);
      const receptionNumber = upload.json.XmlMsg.MessageBody.ReceptionNumber;
      expect(receptionNumber).toMatch(/^R\d{8}[0-9A-F]{12}$/);
      const fetch = (client: CentralClient, facility: string) =>
        client.postJson(PATHS.bulkResult, { XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility }, MessageBody: { ReceptionNumber: receptionNumber } } });

      const pending = await fetch(clinic, CLINIC);
      expect(pending.json.XmlMsg.MessageHeader.SegmentOfResult).toBe('2');
      const stranger = await fetch(pharmacy, PHARMACY);
      expect(stranger.status).toBe(404);
      expect(stranger.json.XmlMsg.MessageHeader.ErrorCode).toBe('RECEPTION_NOT_FOUND');

      central.advance(5000);
      const done = await fetch(clinic, CLINIC);
      expect(done.json.XmlMsg.MessageHeader).toMatchObject({ SegmentOfResult: '1', NumberOfProcessingResult: '3', NumberOfNormalProcessing: '3', NumberOfError: '0' });
      const units = done.json.XmlMsg.MessageBody.BulkConfirmUnit;
      expect(units.map((unit: { QualificationValidity: string }) => unit.QualificationValidity)).toEqual(['1', '1', '4']);
      expect(units[0].ResultOfQualificationConfirmation[0].Name).toBe('試験\u3000太郎');
      expect(units[2].ResultOfQualificationConfirmation).toBeUndefined();
    });
  });

  describe('やりとり履歴 (provision history), read by the person only', () => {
    const signChallenge = (holderId: string, challenge: string) => {
      const key = central.cards.holders[holderId]!.userAuth.privateKeyPkcs8;
      return sign('sha256', Buffer.from(challenge, 'base64'), { key: Buffer.from(key), format: 'der', type: 'pkcs8' }).toString('base64');
    };

    it('lists which facility received what, when and under which consent, for the signing person only', async () => {
      const person = central.anonymous();
      const { json: issued } = await person.send('GET', PATHS.challenge);
      const reply = await person.postJson(PATHS.history, {
        certificate: central.userAuthCertificateBase64('yakushi-taro'),
        challenge: issued.challenge,
        signature: signChallenge('yakushi-taro', issued.challenge),
      });
      expect(reply.status).toBe(200);
      const entries = reply.json.entries as Array<{ medicalInstitutionCode: string; operation: string; dataCategories: string[]; consentId?: number }>;
      expect(entries.map((entry) => [entry.medicalInstitutionCode, entry.operation])).toEqual([
        [CLINIC, 'qualification-by-card'],
        [CLINIC, 'medication-information'],
        [CLINIC, 'medication-information'],
      ]);
      expect(entries[1]!.consentId).toEqual(expect.any(Number));
      expect(entries[1]!.dataCategories).toEqual(['pharmaceutical']);
      // Nothing of anyone else: no pharmacy entry (its requests were refused) and no other operation.
      expect(entries.every((entry) => entry.medicalInstitutionCode === CLINIC)).toBe(true);
    });

    it('refuses a signature by another card, a reused challenge, and any facility connection', async () => {
      const person = central.anonymous();
      const { json: first } = await person.send('GET', PATHS.challenge);
      const wrongKey = await person.postJson(PATHS.history, {
        certificate: central.userAuthCertificateBase64('yakushi-taro'),
        challenge: first.challenge,
        signature: signChallenge('shiken-taro', first.challenge),
      });
      expect(wrongKey.status).toBe(401);
      expect(wrongKey.json.XmlMsg.MessageHeader.ErrorCode).toBe('PERSON_AUTHENTICATION_FAILED');
      const reused = await person.postJson(PATHS.history, {
        certificate: central.userAuthCertificateBase64('yakushi-taro'),
        challenge: first.challenge,
        signature: signChallenge('yakushi-taro', first.challenge),
      });
      expect(reused.json.XmlMsg.MessageHeader.ErrorCode).toBe('PERSON_AUTHENTICATION_FAILED');
      expect(reused.json.XmlMsg.MessageHeader.ErrorMessage).toContain('CHALLENGE_UNKNOWN_OR_USED');

      const { json: second } = await clinic.send('GET', PATHS.challenge);
      expect(second.XmlMsg.MessageHeader.ErrorCode).toBe('FACILITY_CERTIFICATE_NOT_ALLOWED');
    });
  });
});
