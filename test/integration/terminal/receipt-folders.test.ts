import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bulkQualificationAcceptance,
  bulkResult,
  checkupResponse,
  drugInfoResponse,
  errorResponse,
  qualificationResponse,
  referenceNumberResponse,
  type XmlMessageCodec,
} from '../../../oqs';
import type { OqsCentralSystem } from '../../../oqs/client';
import { ReceiptFolderService } from '../../../terminal/receipt-folders/receipt-folder-service';
import { receiptFolderSettingsOf, type ReceiptFoldersConfig } from '../../../terminal/receipt-folders/settings';
import { ServiceEvents } from '../../../terminal/receipt-folders/testing/service-events';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { compactDate, dropRequest, encoded, folderCentralClient, person, registerConsent, requestText, type RequestEncoding } from '../../harness/receipt-folders';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

// The レセコン folders on real folders, answered through the terminal's central client by the real
// central mock over mutual TLS: each family of §6 in Shift_JIS and in UTF-8, parsed back and checked
// against the fixture records the mock serves; consent refusals; characters outside Shift_JIS; a file
// written slowly in pieces; the same request twice; a central outage during a batch.

const ENCODINGS: readonly RequestEncoding[] = ['Shift_JIS', 'UTF-8'];
const SUFFIX: Record<RequestEncoding, string> = { Shift_JIS: 'sjis', 'UTF-8': 'utf8' };

describe('the レセコン folders against the central mock', () => {
  let central: TestCentral;
  let client: OqsCentralSystem;
  let temp: TempDir;
  const services: ReceiptFolderService[] = [];
  let runs = 0;

  beforeAll(async () => {
    central = await startTestCentral();
    client = folderCentralClient(central.stack.facilityPki, central.stack.server.url, CLINIC, () => central.now(), {
      retry: { maxAttempts: 1 },
      breaker: { failureThreshold: 3, openMs: 50, openJitter: 0 },
    });
    temp = await makeTempDir('receipt-folders-');
    // 薬師太郎 agreed to 薬剤情報 and 三機能太郎 to 特定健診 at this clinic's reader just now (24 h).
    await registerConsent(client, central.cards.holders['yakushi-taro']!.userAuth.certificate, { pharmaceutical: true, specificHealthCheckups: false }, 'R-CONSENT-1');
    await registerConsent(client, central.cards.holders['sankino-taro']!.userAuth.certificate, { pharmaceutical: false, specificHealthCheckups: true }, 'R-CONSENT-2');
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await central?.stop();
    await temp?.remove();
  });
  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
    await central.anonymous().send('DELETE', '/admin/faults', { headers: { authorization: `Bearer ${central.stack.server.adminToken}` } });
  });

  /** A service on fresh folders: each test its own req/res. */
  async function start(config: Partial<ReceiptFoldersConfig> = {}) {
    runs += 1;
    const root = join(temp.path, `run-${runs}`);
    const settings = receiptFolderSettingsOf({ root, settleMs: 10, rescanMs: 100, incompleteMs: 3000, outageRetryMs: 50, folderRetryMs: 20, ...config });
    const service = ReceiptFolderService.create({ settings, central: client, medicalInstitutionCode: CLINIC, clock: { now: () => central.now() }, log: () => undefined });
    const events = new ServiceEvents(service);
    services.push(service);
    await service.start();
    return { service, events, req: settings.reqFolder, res: settings.resFolder, root };
  }

  async function parsed<H extends object, B extends object>(res: string, name: string, codec: XmlMessageCodec<never, never> | XmlMessageCodec<any, any>) {
    const bytes = await readFile(join(res, name));
    return { bytes, model: (codec as XmlMessageCodec<any, any>).parse(bytes) as { MessageHeader: H & Record<string, any>; MessageBody: B & Record<string, any> } };
  }

  const expectEncoding = (bytes: Uint8Array, encoding: RequestEncoding, header: { CharacterCodeIdentifier?: string }) => {
    expect(Buffer.from(bytes.subarray(0, 80)).toString('latin1')).toContain(`encoding="${encoding}"`);
    expect(header.CharacterCodeIdentifier).toBe(encoding === 'UTF-8' ? '0' : '1');
  };

  it.each(ENCODINGS)('個別照会 in %s: each field as the central mock\'s records have it, 外字 as ● in Shift_JIS and kept in UTF-8', async (encoding) => {
    const { events, req, res } = await start();
    const people = ['shiken-taro', 'yoshida-takashi', 'yakushi-taro'].map(person);
    for (const who of people) await dropRequest(req, `OQSsiquc01req_${who.id}.xml`, encoded(requestText.qualification(encoding, CLINIC, who, `Q-${who.id}`), encoding));
    await Promise.all(people.map((who) => events.answered(`OQSsiquc01req_${who.id}.xml`)));

    for (const who of people) {
      const { bytes, model } = await parsed(res, `OQSsiquc01res_${who.id}.xml`, qualificationResponse);
      expectEncoding(bytes, encoding, model.MessageHeader);
      expect(model.MessageHeader).toMatchObject({ MedicalInstitutionCode: CLINIC, ArbitraryFileIdentifier: `Q-${who.id}`, ReferenceClassification: '2', SegmentOfResult: '1', QualificationConfirmationDate: '20261121' });
      expect(model.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
      const insurance = who.insurance[0]!;
      const [result, ...others] = model.MessageBody.ResultList;
      expect(others).toEqual([]);
      const name = encoding === 'Shift_JIS' ? who.name.kanji.replace('𠮷', '●') : who.name.kanji;
      expect({
        Name: result.Name,
        NameKana: result.NameKana,
        Sex1: result.Sex1,
        Birthdate: result.Birthdate,
        InsurerNumber: result.InsurerNumber.trim(),
        InsuredCardSymbol: result.InsuredCardSymbol,
        InsuredIdentificationNumber: result.InsuredIdentificationNumber,
        InsuredBranchNumber: result.InsuredBranchNumber,
        InsurerName: result.InsurerName,
        InsuredCardClassification: result.InsuredCardClassification,
      }).toEqual({
        Name: name,
        NameKana: who.name.kana,
        Sex1: who.sex,
        Birthdate: compactDate(who.birthDate),
        InsurerNumber: insurance.InsurerNumber,
        InsuredCardSymbol: insurance.InsuredCardSymbol,
        InsuredIdentificationNumber: insurance.InsuredIdentificationNumber,
        InsuredBranchNumber: insurance.InsuredBranchNumber,
        InsurerName: insurance.InsurerName,
        InsuredCardClassification: insurance.InsuredCardClassification,
      });
    }
    // 𠮷 has no Shift_JIS code (髙 has one in the CP932 extension): one substitution, counted and reported.
    expect(events.of('answered').map((event) => [event.name, event.substituted]).sort()).toEqual(
      people.map((who) => [`OQSsiquc01req_${who.id}.xml`, encoding === 'Shift_JIS' && who.id === 'yoshida-takashi' ? 1 : 0]).sort(),
    );
  });

  it.each(ENCODINGS)('薬剤情報 in %s: the dispensings of the fixture; without a consent in force, the central refusal as the coded response', async (encoding) => {
    const { events, req, res } = await start();
    const yakushi = person('yakushi-taro');
    await dropRequest(req, 'YZKsiquc01req_yakushi.xml', encoded(requestText.drugInfo(encoding, CLINIC, yakushi, 'YZK-1'), encoding));
    await dropRequest(req, 'YZKsiquc01req_shiken.xml', encoded(requestText.drugInfo(encoding, CLINIC, person('shiken-taro'), 'YZK-2'), encoding));
    // 渡辺誠 is under 閲覧停止: refused whatever the consent.
    await dropRequest(req, 'YZKsiquc01req_watanabe.xml', encoded(requestText.drugInfo(encoding, CLINIC, person('watanabe-makoto'), 'YZK-3'), encoding));
    await Promise.all(['yakushi', 'shiken', 'watanabe'].map((who) => events.answered(`YZKsiquc01req_${who}.xml`)));

    const { bytes, model } = await parsed(res, 'YZKsiquc01res_yakushi.xml', drugInfoResponse);
    expectEncoding(bytes, encoding, model.MessageHeader);
    expect(model.MessageHeader).toMatchObject({ ResultCode: '1', ArbitraryFileIdentifier: 'YZK-1', QuaInf: { Name: yakushi.name.kanji, KanaName: yakushi.name.kana, Birth: compactDate(yakushi.birthDate), AdmGendCode: yakushi.sex } });
    const dispensings = yakushi.records!.medication!.dispensings;
    const answered = model.MessageBody.MeTrMonthInf.flatMap((month: any) => month.DiDateInfs.flatMap((day: any) => day.DrugInfs.map((drug: any) => `${day.DiDate} ${drug.DrugN}`)));
    expect(answered.sort()).toEqual(dispensings.flatMap((dispensing) => dispensing.drugs.map((drug) => `${compactDate(dispensing.date)} ${drug.name}`)).sort());

    const refused = errorResponse.parse(await readFile(join(res, 'YZKsiquc01res_shiken.xml'))).MessageHeader;
    expect(refused).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'NO_CONSENT', ArbitraryFileIdentifier: 'YZK-2', CharacterCodeIdentifier: encoding === 'UTF-8' ? '0' : '1' });
    expect(refused.ErrorMessage).toContain('閲覧同意');
    expect(errorResponse.parse(await readFile(join(res, 'YZKsiquc01res_watanabe.xml'))).MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'VIEWING_BLOCKED', ArbitraryFileIdentifier: 'YZK-3' });
  });

  it.each(ENCODINGS)('特定健診 in %s: the examinations of the fixture; a consent to 薬剤 only does not open 特定健診', async (encoding) => {
    const { events, req, res } = await start();
    const sankino = person('sankino-taro');
    await dropRequest(req, 'TKKsiquc01req_sankino.xml', encoded(requestText.checkup(encoding, CLINIC, sankino, 'TKK-1'), encoding));
    await dropRequest(req, 'TKKsiquc01req_yakushi.xml', encoded(requestText.checkup(encoding, CLINIC, person('yakushi-taro'), 'TKK-2'), encoding));
    await Promise.all([events.answered('TKKsiquc01req_sankino.xml'), events.answered('TKKsiquc01req_yakushi.xml')]);

    const { bytes, model } = await parsed(res, 'TKKsiquc01res_sankino.xml', checkupResponse);
    expectEncoding(bytes, encoding, model.MessageHeader);
    expect(model.MessageHeader).toMatchObject({ ResultCode: '1', QualificationsInfo: { Name: sankino.name.kanji, KanasName: sankino.name.kana, Birthday: compactDate(sankino.birthDate) } });
    const record = sankino.records!.specificHealthCheckup!;
    const checkups = model.MessageBody.SpecificHealthCheckupInfo as Array<{ EffectiveTime: string; HealthCheckupResultAndQuestionInfos?: Array<{ ItemCode?: string; DataValue?: string }> }>;
    expect(checkups.map((checkup) => checkup.EffectiveTime).sort()).toEqual(record.examinations.map((exam) => compactDate(exam.date)).sort());
    const height = record.items.find((item) => item.itemCode === '9N001000000000001')!;
    for (const [index, exam] of record.examinations.entries()) {
      const answered = checkups.find((checkup) => checkup.EffectiveTime === compactDate(exam.date))!;
      expect(answered.HealthCheckupResultAndQuestionInfos?.find((item) => item.ItemCode === '9N001000000000001')?.DataValue).toBe(String(height.results[index]!.value));
    }
    expect(errorResponse.parse(await readFile(join(res, 'TKKsiquc01res_yakushi.xml'))).MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'NO_CONSENT', ArbitraryFileIdentifier: 'TKK-2' });
  });

  it.each(ENCODINGS)('照会番号登録 in %s: stored for this clinic and echoed; keys naming no one are answered with their code', async (encoding) => {
    const { events, req, res } = await start();
    const shiken = person('shiken-taro');
    await dropRequest(req, `OQSsiimm01req_${SUFFIX[encoding]}.xml`, encoded(requestText.referenceNumber(encoding, CLINIC, shiken, `K-${SUFFIX[encoding]}`, 'REG-1'), encoding));
    const nobody = { ...shiken, birthDate: '1901-01-01' };
    await dropRequest(req, `OQSsiimm01req_nobody.xml`, encoded(requestText.referenceNumber(encoding, CLINIC, nobody, 'K-0', 'REG-2'), encoding));
    await Promise.all([events.answered(`OQSsiimm01req_${SUFFIX[encoding]}.xml`), events.answered('OQSsiimm01req_nobody.xml')]);

    const { bytes, model } = await parsed(res, `OQSsiimm01res_${SUFFIX[encoding]}.xml`, referenceNumberResponse);
    expectEncoding(bytes, encoding, model.MessageHeader);
    expect(model.MessageHeader).toMatchObject({ ArbitraryFileIdentifier: 'REG-1', SegmentOfResult: '1' });
    expect(model.MessageBody).toMatchObject({
      ProcessingResultStatus: '1',
      ReferenceNumberRegistrationInfo: { ReferenceNumber: `K-${SUFFIX[encoding]}`, InsuredIdentificationNumber: shiken.insurance[0]!.InsuredIdentificationNumber },
    });
    const stored = central.stack.db
      .prepare<{ referenceNumber: string }>(
        `SELECT r.reference_number AS referenceNumber FROM reference_numbers r JOIN facilities f ON f.facility_id = r.facility_id
         JOIN persons p ON p.person_id = r.person_id WHERE f.medical_institution_code = @code AND p.external_id = @id`,
      )
      .get({ code: CLINIC, id: 'shiken-taro' });
    expect(stored?.referenceNumber).toBe(`K-${SUFFIX[encoding]}`);
    expect((await parsed(res, 'OQSsiimm01res_nobody.xml', referenceNumberResponse)).model.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'PERSON_NOT_FOUND' });
  });

  it.each(ENCODINGS)('一括照会 in %s: upload → 受付番号, a fetch too early → 処理中, then each person\'s result', async (encoding) => {
    const { events, req, res } = await start();
    const people = ['shiken-taro', 'sankino-hanako'].map(person);
    await dropRequest(req, 'OQSmuquc01req_B1.xml', encoded(requestText.bulkUpload(encoding, CLINIC, people, 'B-1'), encoding));
    await events.answered('OQSmuquc01req_B1.xml');
    const accepted = await parsed(res, 'OQSmuquc01res_B1.xml', bulkQualificationAcceptance);
    expectEncoding(accepted.bytes, encoding, accepted.model.MessageHeader);
    const receptionNumber: string = accepted.model.MessageBody.ReceptionNumber;
    expect(receptionNumber).toMatch(/\S/);
    expect(accepted.model.MessageHeader.ArbitraryFileIdentifier).toBe('B-1');

    await dropRequest(req, 'OQSmuquc02req_B1-early.xml', encoded(requestText.bulkResult(encoding, CLINIC, receptionNumber), encoding));
    await events.answered('OQSmuquc02req_B1-early.xml');
    const early = await parsed(res, 'OQSmuquc02res_B1-early.xml', bulkResult);
    expect(early.model.MessageHeader).toMatchObject({ SegmentOfResult: '2', ReceptionNumber: receptionNumber });

    central.advance(5_000);
    await dropRequest(req, 'OQSmuquc02req_B1.xml', encoded(requestText.bulkResult(encoding, CLINIC, receptionNumber), encoding));
    await events.answered('OQSmuquc02req_B1.xml');
    const done = await parsed(res, 'OQSmuquc02res_B1.xml', bulkResult);
    expectEncoding(done.bytes, encoding, done.model.MessageHeader);
    expect(done.model.MessageHeader).toMatchObject({ SegmentOfResult: '1', NumberOfProcessingResult: '2' });
    const units = done.model.MessageBody.BulkConfirmUnit as Array<{ ArbitraryIdentifier?: string; ResultOfQualificationConfirmation: Array<{ Name: string; Birthdate: string; InsurerName?: string }> }>;
    for (const who of people) {
      const unit = units.find((candidate) => candidate.ArbitraryIdentifier === `PT-${who.id}`);
      expect(unit?.ResultOfQualificationConfirmation[0]).toMatchObject({ Name: who.name.kanji, Birthdate: compactDate(who.birthDate), InsurerName: who.insurance[0]!.InsurerName });
    }
  });

  it('keeps names and characters outside Shift_JIS as specified: the name maps req → res, ● only where Shift_JIS must', async () => {
    const { events, req, res } = await start();
    const yoshida = person('yoshida-takashi');
    const names = ['OQSsiquc01req_𠮷田-髙志.xml', 'OQSsiquc01req_患者12.xml'];
    await dropRequest(req, names[0]!, encoded(requestText.qualification('UTF-8', CLINIC, yoshida, 'U-1'), 'UTF-8'));
    await dropRequest(req, names[1]!, encoded(requestText.qualification('Shift_JIS', CLINIC, yoshida, 'S-1'), 'Shift_JIS'));
    await Promise.all(names.map((name) => events.answered(name)));
    expect((await readdir(res)).sort()).toEqual(['OQSsiquc01res_患者12.xml', 'OQSsiquc01res_𠮷田-髙志.xml'].sort());
    const utf8 = qualificationResponse.parse(await readFile(join(res, 'OQSsiquc01res_𠮷田-髙志.xml')));
    const sjis = qualificationResponse.parse(await readFile(join(res, 'OQSsiquc01res_患者12.xml')));
    expect([utf8.MessageBody.ResultList?.[0]?.Name, sjis.MessageBody.ResultList?.[0]?.Name]).toEqual(['𠮷田　髙志', '●田　髙志']);
  });

  it('reads a file written slowly in pieces only when it is whole', async () => {
    const { events, req, res } = await start({ incompleteMs: 60_000 });
    const name = 'OQSsiquc01req_slow.xml';
    const bytes = encoded(requestText.qualification('Shift_JIS', CLINIC, person('shiken-taro'), 'SLOW-1'), 'Shift_JIS');
    const path = join(req, name);
    const incompleteLooks = () => events.of('not-yet').filter((event) => event.name === name && event.reason === 'incomplete').length;
    // Written in place, piece by piece; each next piece only after the service looked at this one twice and found it unfinished.
    for (let end = 50; end < bytes.length; end += 90) {
      const before = incompleteLooks();
      await writeFile(path, bytes.subarray(0, end));
      await events.waitFor(() => incompleteLooks() >= before + 2);
      expect(await readdir(res)).toEqual([]);
    }
    await writeFile(path, bytes);
    await events.answered(name);
    const model = qualificationResponse.parse(await readFile(join(res, 'OQSsiquc01res_slow.xml')));
    expect(model.MessageHeader.ArbitraryFileIdentifier).toBe('SLOW-1');
    expect(model.MessageBody.QualificationConfirmSearchInfo?.Birthdate).toBe('19800217');
    expect(events.of('answered')).toHaveLength(1);
  });

  it('answers the same request twice once', async () => {
    const { events, req, res } = await start();
    const bytes = encoded(requestText.qualification('UTF-8', CLINIC, person('shiken-taro'), 'TWICE'), 'UTF-8');
    await dropRequest(req, 'OQSsiquc01req_twice.xml', bytes);
    await events.answered('OQSsiquc01req_twice.xml');
    const first = await stat(join(res, 'OQSsiquc01res_twice.xml'));
    await dropRequest(req, 'OQSsiquc01req_twice.xml', bytes);
    await events.waitFor((all) => all.some((event) => event.type === 'already-answered' && event.name === 'OQSsiquc01req_twice.xml'));
    const second = await stat(join(res, 'OQSsiquc01res_twice.xml'));
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    expect(events.of('answered')).toHaveLength(1);
    expect(await readdir(req)).toEqual([]);
  });

  const admin = (body: unknown) =>
    central.anonymous().send('PUT', '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
  const outageNow = () => admin({ seed: 'outage', outageWindows: [{ from: new Date(central.now().getTime() - 60_000).toISOString(), to: new Date(central.now().getTime() + 3_600_000).toISOString() }] });

  it('a central outage during a batch: every request kept, then answered after recovery, once', async () => {
    const { service, events, req, res } = await start({ concurrency: 2 });
    const names = Array.from({ length: 20 }, (_, index) => `OQSsiquc01req_batch${String(index).padStart(2, '0')}.xml`);
    const shiken = person('shiken-taro');
    for (const name of names) await dropRequest(req, name, encoded(requestText.qualification('UTF-8', CLINIC, shiken, name.slice(14, -4)), 'UTF-8'));
    await events.waitFor((all) => all.filter((event) => event.type === 'answered').length >= 4);
    expect((await outageNow()).status).toBeLessThan(300);
    await events.waitFor((all) => all.some((event) => event.type === 'condition' && event.code === 'CENTRAL_WAITING' && event.active));
    expect(service.health().waiting).toBeGreaterThan(0);
    await central.anonymous().send('DELETE', '/admin/faults', { headers: { authorization: `Bearer ${central.stack.server.adminToken}` } });
    await Promise.all(names.map((name) => events.answered(name)));
    expect(events.of('answered').map((event) => event.name).sort()).toEqual(names);
    expect(events.of('answered').every((event) => event.errorCode === undefined)).toBe(true);
    expect((await readdir(res)).length).toBe(20);
    expect(events.of('condition').filter((event) => event.code === 'CENTRAL_WAITING').map((event) => event.active)).toEqual([true, false]);
  });

  it('a central outage with centralOutage "answer": each request answered with the coded outage error', async () => {
    const { events, req, res } = await start({ centralOutage: 'answer' });
    expect((await outageNow()).status).toBeLessThan(300);
    const names = ['OQSsiquc01req_down1.xml', 'OQSsiquc01req_down2.xml'];
    for (const name of names) await dropRequest(req, name, encoded(requestText.qualification('Shift_JIS', CLINIC, person('shiken-taro'), 'DOWN'), 'Shift_JIS'));
    await Promise.all(names.map((name) => events.answered(name)));
    for (const name of names) {
      expect(errorResponse.parse(await readFile(join(res, name.replace('req', 'res')))).MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'CENTRAL_UNAVAILABLE', ArbitraryFileIdentifier: 'DOWN', CharacterCodeIdentifier: '1' });
    }
  });
});
