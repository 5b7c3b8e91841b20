import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralStack, type CentralStack } from '../../../central/central-stack';
import { CentralClient } from '../../harness/central-client';
import { CENTRAL_TEST_TIME, CLINIC, PHARMACY } from '../../harness/central-fixture';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

const PATHS = {
  search: '/oqs-api-pro/MSA01030/ILI01030SV01/search',
  bulkUpload: '/oqs-api-pro/mock/bulk/upload',
  bulkResult: '/oqs-api-pro/mock/bulk/result',
  faults: '/admin/faults',
};
const KEYS = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' };
const search = (facility: string) => ({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility }, MessageBody: { QualificationConfirmSearchInfo: KEYS } } });
const upload = (facility: string) => ({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility, QualificationConfirmationDate: '20261121' }, MessageBody: { QualificationConfirmSearchInfo: [KEYS] } } });
const resultRequest = (facility: string, receptionNumber: string) => ({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: facility }, MessageBody: { ReceptionNumber: receptionNumber } } });

/**
 * Tokens and 一括照会 receptions live in the store: a restarted mock (same data folder) honours a live
 * token and answers an open 受付番号 as before. Collected receptions no longer count against the
 * open-reception limit; the limit itself answers with its own code.
 */
describe('central mock: a restart forgets nothing; the 一括照会 limit', () => {
  let dir: TempDir;
  let clock = CENTRAL_TEST_TIME.getTime();
  let stack: CentralStack | undefined;
  const clients: CentralClient[] = [];
  const start = async () => {
    stack = await startCentralStack({ dataDir: dir.path, now: () => new Date(clock), server: { settings: { bulkProcessingMs: 1000, maxOpenBulkReceptions: 3 } } });
    return stack;
  };
  const client = (code: string) => {
    const made = CentralClient.forFacility(stack!.server.url, stack!.facilityPki, code);
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    dir = await makeTempDir('oqs-central-durable-');
    await start();
  }, 60_000);
  afterAll(async () => {
    for (const made of clients) made.close();
    await stack?.stop();
    await dir.remove();
  });

  it('honours a live token and answers an open 受付番号 after a restart; an expired token stays expired', async () => {
    const before = client(CLINIC);
    expect((await before.login()).status).toBe(200);
    const accepted = await before.postJson(PATHS.bulkUpload, upload(CLINIC));
    const receptionNumber: string = accepted.json.XmlMsg.MessageBody.ReceptionNumber;
    expect((await before.postJson(PATHS.bulkResult, resultRequest(CLINIC, receptionNumber))).json.XmlMsg.MessageHeader.SegmentOfResult).toBe('2');
    before.close();

    await stack!.stop();
    await start();
    const after = client(CLINIC);
    after.token = before.token;
    expect((await after.postJson(PATHS.search, search(CLINIC))).status).toBe(200);
    expect((await after.postJson(PATHS.bulkResult, resultRequest(CLINIC, receptionNumber))).json.XmlMsg.MessageHeader.SegmentOfResult).toBe('2');
    clock += 1000;
    const done = await after.postJson(PATHS.bulkResult, resultRequest(CLINIC, receptionNumber));
    expect(done.json.XmlMsg.MessageHeader).toMatchObject({ SegmentOfResult: '1', NumberOfProcessingResult: '1' });
    // Still another facility's number is unknown to this one.
    const pharmacy = client(PHARMACY);
    await pharmacy.login();
    expect((await pharmacy.postJson(PATHS.bulkResult, resultRequest(PHARMACY, receptionNumber))).json.XmlMsg.MessageHeader.ErrorCode).toBe('RECEPTION_NOT_FOUND');

    clock += 10 * 60 * 1000;
    const expired = await after.postJson(PATHS.search, search(CLINIC));
    expect(expired.json.XmlMsg.MessageHeader.ErrorCode).toBe('TOKEN_EXPIRED');
  });

  it('counts only uncollected receptions against the limit, and refuses beyond it with TOO_MANY_OPEN_RECEPTIONS', async () => {
    const clinic = client(CLINIC);
    await clinic.login();
    // Three uploads collected, one after another: none of them is open any more.
    for (let round = 0; round < 3; round += 1) {
      const number = (await clinic.postJson(PATHS.bulkUpload, upload(CLINIC))).json.XmlMsg.MessageBody.ReceptionNumber;
      clock += 1000;
      expect((await clinic.postJson(PATHS.bulkResult, resultRequest(CLINIC, number))).json.XmlMsg.MessageHeader.SegmentOfResult).toBe('1');
    }
    // Three open ones fill the limit of 3; the fourth is refused with its own code, not an outage.
    for (let open = 0; open < 3; open += 1) expect((await clinic.postJson(PATHS.bulkUpload, upload(CLINIC))).status).toBe(200);
    const refused = await clinic.postJson(PATHS.bulkUpload, upload(CLINIC));
    expect(refused.status).toBe(429);
    expect(refused.json.XmlMsg.MessageHeader.ErrorCode).toBe('TOO_MANY_OPEN_RECEPTIONS');
    // Receptions nobody fetched for a day after they were ready are abandoned: they free their place.
    clock += 24 * 60 * 60 * 1000 + 2000;
    await clinic.login();
    expect((await clinic.postJson(PATHS.bulkUpload, upload(CLINIC))).status).toBe(200);
  });

  it('refuses a fault configuration with the message of each problem, unknown route names included; a restart without one clears it', async () => {
    const admin = client(CLINIC);
    const put = (config: unknown) =>
      admin.send('PUT', PATHS.faults, { body: JSON.stringify(config), contentType: 'application/json', headers: { authorization: `Bearer ${stack!.server.adminToken}` }, withToken: false });
    const bad = await put({ seed: 's', errorRate: 2, routes: ['search'] });
    expect(bad.status).toBe(400);
    const message: string = bad.json.XmlMsg.MessageHeader.ErrorMessage;
    expect(message).toContain('errorRate');
    expect(message).toContain('routes[0]: routes[] must name an operation');
    const good = await put({ seed: 's', errorRate: 1, routes: ['qualification-by-insurance-keys'] });
    expect(good.json.config).toMatchObject({ routes: ['qualification-by-insurance-keys'] });
    const clinic = client(CLINIC);
    await clinic.login();
    expect((await clinic.postJson(PATHS.search, search(CLINIC))).json.XmlMsg.MessageHeader.ErrorCode).toBe('INJECTED_ERROR');
    await stack!.stop();
    await start();
    const again = client(CLINIC);
    await again.login();
    expect((await again.postJson(PATHS.search, search(CLINIC))).status).toBe(200);
  });
});
