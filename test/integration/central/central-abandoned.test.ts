import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../../crypto/mock-ca';
import type { CentralClient } from '../../harness/central-client';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';

const CARD = '/oqs-api-pro/mock/card/search';
const YAKUSHI = { InsurerNumber: '01131234', InsuranceCardSymbol: '10', InsuredPersonIdentificationNumber: '008', BranchNumber: '00' };

/**
 * The consent, the provision record and the answer of one card request are one transaction, and a
 * client that gave up before the answer leaves nothing behind: no consent, no provision record, only
 * the refusal REQUEST_ABORTED in the audit.
 */
describe('central mock: a card request whose client gave up', () => {
  let central: TestCentral;
  let clinic: CentralClient;
  const received: Array<(path: string) => void> = [];
  const answered: Array<(event: { path: string; status: number }) => void> = [];

  beforeAll(async () => {
    central = await startTestCentral({
      server: {
        onReceived: ({ path }) => received.splice(0).forEach((listener) => listener(path)),
        onAnswered: (event) => answered.forEach((listener) => listener(event)),
      },
    });
    clinic = central.facility(CLINIC);
    await clinic.login();
  }, 60_000);
  afterAll(() => central?.stop());

  it('registers no consent and records no provision when the client closed while the request was held', async () => {
    const body = JSON.stringify(await central.provenCardSearch(clinic, CLINIC, 'yakushi-taro', { PharmaceuticalInfoConsFlg: '1' }));
    const admin = { authorization: `Bearer ${central.stack.server.adminToken}` };
    const set = await central.anonymous().send('PUT', '/admin/faults', { body: JSON.stringify({ seed: 'hold', latencyMs: { min: 30_000, max: 30_000 }, routes: ['qualification-by-card'] }), contentType: 'application/json', headers: admin });
    expect(set.status, set.body.toString()).toBe(200);

    const facility = central.stack.facilityPki.facilities.find((entry) => entry.medicalInstitutionCode === CLINIC)!;
    const dealtWith = new Promise<number>((resolve) => answered.push((event) => event.path === CARD && resolve(event.status)));
    const arrived = new Promise<void>((resolve) => received.push((path) => path === CARD && resolve()));
    const outgoing = httpsRequest(`${central.stack.server.url}${CARD}`, {
      method: 'POST',
      ca: toPem(central.stack.facilityPki.ca.certificate, 'CERTIFICATE'),
      cert: toPem(facility.certificate, 'CERTIFICATE'),
      key: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY'),
      headers: { 'content-type': 'application/json', authorization: clinic.token!, 'content-length': Buffer.byteLength(body) },
      agent: false,
    });
    outgoing.on('error', () => undefined);
    outgoing.end(body);
    await arrived;
    outgoing.destroy();
    expect(await dealtWith).toBe(400);

    await central.anonymous().send('DELETE', '/admin/faults', { headers: admin });
    const drugs = await clinic.postJson('/oqs-api-pro/mock/yzk/search', { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC, ...YAKUSHI }, MessageBody: { StartDate: '202001', EndDate: '202612', FileCategory: '2' } } });
    expect(drugs.json.XmlMsg.MessageHeader.ErrorCode).toBe('NO_CONSENT');
    const provisions = central.stack.db.prepare<{ n: number }>('SELECT count(*) AS n FROM provisions').get();
    expect(provisions?.n).toBe(0);
    const consents = central.stack.db.prepare<{ n: number }>('SELECT count(*) AS n FROM consents').get();
    expect(consents?.n).toBe(0);
    const refusals = await central.anonymous().send('GET', '/admin/refusals', { headers: admin });
    expect(refusals.json.refusals.map((entry: { code: string }) => entry.code)).toContain('REQUEST_ABORTED');

    // The same request, kept open, is answered and registers its consent.
    const kept = await clinic.postJson(CARD, await central.provenCardSearch(clinic, CLINIC, 'yakushi-taro', { PharmaceuticalInfoConsFlg: '1' }));
    expect(kept.status).toBe(200);
    expect(central.stack.db.prepare<{ n: number }>('SELECT count(*) AS n FROM consents').get()?.n).toBeGreaterThan(0);
  });
});
