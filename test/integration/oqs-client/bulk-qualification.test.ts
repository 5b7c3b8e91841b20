import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toPem } from '../../../crypto/mock-ca';
import { createOqsCentralSystem, type BulkProgress, type CentralClientConfig, type OqsCentralSystem } from '../../../oqs/client';
import { CLINIC, PHARMACY, startTestCentral, type TestCentral } from '../../harness/central-fixture';

/** Fixture people by their 被保険者証 keys: valid, lost (2), not registered anywhere (4), two records (5). */
const SHIKEN = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217', ArbitraryIdentifier: 'ROW-1' };
const TAKAHASHI = { InsurerNumber: '06139992', InsuredCardSymbol: '45', InsuredIdentificationNumber: '1021', InsuredBranchNumber: '00', Birthdate: '19681103', ArbitraryIdentifier: 'ROW-2' };
const NOBODY = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '99999', InsuredBranchNumber: '00', Birthdate: '19800217', ArbitraryIdentifier: 'ROW-3' };
const MORITA = { InsurerNumber: '139999', InsuredCardSymbol: '88', InsuredIdentificationNumber: '204517', InsuredBranchNumber: '00', Birthdate: '19580707', ArbitraryIdentifier: 'ROW-4' };
const UPLOAD = '/oqs-api-pro/mock/bulk/upload';
const RESULT = '/oqs-api-pro/mock/bulk/result';
/** How long the mock keeps a reception 処理中 in these tests (by its injected clock). */
const PROCESSING_MS = 3_000;

/**
 * 一括照会 through the terminal's client against the real mock over mutual TLS. The client's pause
 * between fetches is injected and moves the mock's clock forward by the asked time, so 処理中 turns
 * into a result without any real waiting.
 */
describe('oqs client: 一括照会 against the mock central system', () => {
  let central: TestCentral;
  const received: string[] = [];
  const waits: number[] = [];
  const clients: OqsCentralSystem[] = [];

  beforeAll(async () => {
    central = await startTestCentral({ server: { settings: { bulkProcessingMs: PROCESSING_MS }, onReceived: ({ path }) => received.push(path) } });
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await central?.stop();
  });
  beforeEach(() => {
    waits.length = 0;
  });

  const countOf = (path: string) => received.filter((entry) => entry === path).length;

  const clientFor = (code: string, overrides: Partial<CentralClientConfig> = {}, onWait?: (ms: number) => boolean): OqsCentralSystem => {
    const entry = central.stack.facilityPki.facilities.find((facility) => facility.medicalInstitutionCode === code);
    if (entry === undefined) throw new Error(`no facility ${code}`);
    const created = createOqsCentralSystem(
      {
        baseUrl: central.stack.server.url,
        medicalInstitutionCode: code,
        tls: { ca: toPem(central.stack.facilityPki.ca.certificate, 'CERTIFICATE'), clientCertificate: entry.certificate, clientKey: entry.privateKeyPkcs8 },
        bulkPoll: { intervalMs: 1_000, maxWaitMs: 60_000 },
        ...overrides,
      },
      {
        now: () => central.now(),
        random: () => 0.5,
        wait: async (ms) => {
          waits.push(ms);
          if (onWait !== undefined) return onWait(ms);
          central.advance(ms);
          return true;
        },
      },
    );
    if (!created.ok) throw new Error(created.detail);
    clients.push(created.central);
    return created.central;
  };

  const admin = (method: 'PUT' | 'DELETE', body?: unknown) =>
    central.anonymous().send(method, '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
    });

  it('uploads, is told 処理中 until the central system is done, then gets one unit per person with its validity', async () => {
    const clinic = clientFor(CLINIC);
    const progress: BulkProgress[] = [];
    const outcome = await clinic.bulkQualification([SHIKEN, TAKAHASHI, NOBODY, MORITA], {
      arbitraryFileIdentifier: 'B-1',
      qualificationConfirmationDate: '20261122',
      onProgress: (event) => progress.push(event),
    });
    if (!outcome.ok) throw new Error(`${outcome.code} ${outcome.detail}`);
    expect(outcome.receptionNumber).toMatch(/^R/);
    // Accepted at t, 処理中 at t+1 s and t+2 s, ready at t+3 s: three fetches, one interval before each.
    expect(outcome.polls).toBe(3);
    expect(waits).toEqual([1_000, 1_000, 1_000]);
    expect(progress).toEqual([
      { kind: 'accepted', receptionNumber: outcome.receptionNumber },
      { kind: 'processing', receptionNumber: outcome.receptionNumber, polls: 1 },
      { kind: 'processing', receptionNumber: outcome.receptionNumber, polls: 2 },
    ]);
    const header = outcome.result.MessageHeader;
    expect(header).toMatchObject({ SegmentOfResult: '1', MedicalInstitutionCode: CLINIC, ReceptionNumber: outcome.receptionNumber, NumberOfProcessingResult: '4' });
    const byRow = new Map(outcome.result.MessageBody.BulkConfirmUnit.map((unit) => [unit.ArbitraryIdentifier, unit]));
    expect(byRow.get('ROW-1')).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
    expect(byRow.get('ROW-1')?.ResultOfQualificationConfirmation[0]).toMatchObject({ Name: '試験　太郎', InsuredPartialContributionRatio: '030' });
    expect(byRow.get('ROW-2')).toMatchObject({ QualificationValidity: '2' });
    expect(byRow.get('ROW-3')).toMatchObject({ QualificationValidity: '4', ResultOfQualificationConfirmation: [] });
    expect(byRow.get('ROW-4')?.ResultOfQualificationConfirmation[0]?.SpecificDiseasesCertificateList?.[0]).toMatchObject({ SpecificDiseasesDiseaseCategory: '1' });
  });

  it('gives up at the overall bound with the 受付番号, and the result can be fetched later', async () => {
    const clinic = clientFor(CLINIC, { bulkPoll: { intervalMs: 1_000, maxWaitMs: 2_500 } });
    const outcome = await clinic.bulkQualification([SHIKEN]);
    expect(outcome).toMatchObject({ ok: false, code: 'BULK_STILL_PROCESSING', outage: false, polls: 2 });
    if (outcome.ok || outcome.code !== 'BULK_STILL_PROCESSING') throw new Error('expected BULK_STILL_PROCESSING');
    expect(waits).toEqual([1_000, 1_000]);
    expect(await clinic.bulkQualificationResult(outcome.receptionNumber)).toEqual({ ok: true, state: 'processing' });
    central.advance(1_000);
    const later = await clinic.bulkQualificationResult(outcome.receptionNumber);
    expect(later).toMatchObject({ ok: true, state: 'done' });
  });

  it('keeps the interval within its bounds: a configured 0 still waits the minimum between fetches', async () => {
    const clinic = clientFor(CLINIC, { bulkPoll: { intervalMs: 0, maxWaitMs: 10_000 } });
    const fetches = countOf(RESULT);
    const outcome = await clinic.bulkQualification([SHIKEN]);
    expect(outcome.ok).toBe(true);
    expect(waits.every((ms) => ms === 500)).toBe(true);
    expect(countOf(RESULT) - fetches).toBe(PROCESSING_MS / 500);
  });

  it('stops when the caller aborts while it waits, naming the 受付番号', async () => {
    const controller = new AbortController();
    const clinic = clientFor(CLINIC, {}, () => {
      controller.abort();
      return false;
    });
    const outcome = await clinic.bulkQualification([SHIKEN], { signal: controller.signal });
    expect(outcome).toMatchObject({ ok: false, code: 'CENTRAL_TIMEOUT', outage: false });
    expect((outcome as { receptionNumber?: string }).receptionNumber).toMatch(/^R/);
  });

  it("another facility's 受付番号 is refused as unknown", async () => {
    const clinic = clientFor(CLINIC);
    const accepted = await clinic.submitBulkQualification([SHIKEN]);
    if (!accepted.ok) throw new Error(accepted.detail);
    const pharmacy = clientFor(PHARMACY);
    expect(await pharmacy.bulkQualificationResult(accepted.receptionNumber)).toMatchObject({ ok: false, code: 'CENTRAL_REFUSED', centralCode: 'RECEPTION_NOT_FOUND' });
    expect(await clinic.bulkQualificationResult('R-NEVER')).toMatchObject({ ok: false, code: 'CENTRAL_REFUSED', centralCode: 'RECEPTION_NOT_FOUND' });
  });

  it('sends nothing for an empty list, and never sends an upload twice after it was written', async () => {
    const clinic = clientFor(CLINIC, { breaker: { failureThreshold: 100 } });
    const uploads = countOf(UPLOAD);
    expect(await clinic.bulkQualification([])).toMatchObject({ ok: false, code: 'CENTRAL_REFUSED' });
    expect(countOf(UPLOAD)).toBe(uploads);
    await admin('PUT', { seed: 'bulk-errors', errorRate: 1, routes: ['qualification-bulk'] });
    try {
      const outcome = await clinic.bulkQualification([SHIKEN]);
      expect(outcome).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true });
      expect((outcome as { receptionNumber?: string }).receptionNumber).toBeUndefined();
      expect(countOf(UPLOAD)).toBe(uploads + 1);
    } finally {
      await admin('DELETE');
    }
  });
});
