import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CentralFailure } from '../../flow/ports/central-system';
import { at, KIOSK, sampleCompletion } from '../../store/testing/sample-receptions';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { openExportAnswers, type ExportAnswers } from '../../test/harness/console-export-answers';
import type { ConsoleRole } from './console-routes';
import { drugInfoViewOf, loadExportFont } from './export';
import { registerMedicalRoutes } from './medical-routes';

// The medical views behind a stand-in sign-in (the header x-test-role), over a real store with the
// patient's consents, the mock central system's real answers for 薬師 太郎, and a clock the test moves.
describe('the medical views of a reception', () => {
  let exports: ExportAnswers;
  let temp: TempReceptionStore;
  let app: FastifyInstance;
  let now: Date;
  let auditFails: boolean;
  const audited: string[] = [];
  const asked: string[] = [];
  const months: string[] = [];

  beforeAll(async () => {
    exports = await openExportAnswers();
  });
  afterAll(() => exports.dispose());

  beforeEach(async () => {
    temp = openTempReceptionStore();
    await temp.store.begin({ receptionId: 'r-1', kioskId: KIOSK, startedAt: at(0) });
    // Consents given at 60 s: 薬剤 agreed, 特定健診 not.
    await temp.store.complete(sampleCompletion('r-1'));
    now = at(120);
    auditFails = false;
    audited.length = 0;
    asked.length = 0;
    months.length = 0;
    const guardFor =
      (...roles: ConsoleRole[]) =>
      async (request: { headers: Record<string, unknown> }, reply: { code(status: number): { send(body: unknown): unknown } }) => {
        const role = request.headers['x-test-role'];
        if (typeof role !== 'string') return reply.code(401).send({ error: { code: 'LOGIN_REQUIRED', message: 'sign in' } });
        if (!roles.includes(role as ConsoleRole)) return reply.code(403).send({ error: { code: 'ROLE_FORBIDDEN', message: 'role' } });
        return undefined;
      };
    app = Fastify();
    await registerMedicalRoutes(app, {
      answers: {
        answerOf: () => undefined,
        medicalKeysOf: (id) => (id === 'r-1' ? { InsurerNumber: '06139999', InsuredPersonIdentificationNumber: '1234', InsuranceCardSymbol: '01', BranchNumber: '00' } : undefined),
      },
      receptions: temp.store,
      central: {
        drugInformation: async (_keys, body) => {
          asked.push('drug');
          months.push(`${body.StartDate}-${body.EndDate}`);
          return { ok: true, response: exports.drugInfo('yakushi-taro', body.StartDate, body.EndDate) };
        },
        checkupInformation: async () => {
          asked.push('checkup');
          return { ok: false, code: 'CENTRAL_UNAVAILABLE' } as CentralFailure;
        },
      },
      clock: { now: () => now },
      counterGuard: guardFor('reception', 'clinician', 'admin') as never,
      clinicianGuard: guardFor('clinician') as never,
      staffOf: (request) => ({ id: `staff-${String(request.headers['x-test-role'])}`, role: request.headers['x-test-role'] as ConsoleRole }),
      audit: async ({ staffId, action, receptionId }) => {
        if (auditFails) throw new Error('disk full');
        audited.push(`${staffId} ${action} ${receptionId}`);
      },
      facilityName: () => '見本内科医院',
      font: (() => {
        let font: ReturnType<typeof loadExportFont> | undefined;
        return () => (font ??= loadExportFont());
      })(),
    });
  });

  afterEach(async () => {
    await app.close();
    temp.dispose();
  });

  const get = (url: string, role?: string) => app.inject({ method: 'GET', url, headers: role === undefined ? {} : { 'x-test-role': role } });

  it('gives 医療情報閲覧 the 薬剤情報 inside the consent window, audited as the account', async () => {
    const answer = await get('/api/console/receptions/r-1/drug-information?from=202109&to=202109', 'clinician');
    expect(answer.statusCode).toBe(200);
    expect(answer.json().dispensings.length).toBeGreaterThan(0);
    expect(audited).toEqual(['staff-clinician DRUG_INFORMATION_VIEWED r-1']);
  });

  it('asks for the last three years by default, or the months the clinician chose, and answers with the model the PDF draws', async () => {
    const recent = await get('/api/console/receptions/r-1/drug-information', 'clinician');
    expect(recent.json()).toMatchObject({ period: { from: '202311', to: '202611' }, dispensings: [], totals: { dispensings: 0, drugs: 0 } });
    const chosen = await get('/api/console/receptions/r-1/drug-information?from=202109&to=202109', 'clinician');
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toEqual(drugInfoViewOf(exports.drugInfo('yakushi-taro', '202109', '202109'), { period: { from: '202109', to: '202109' } }));
    expect(chosen.json()).toMatchObject({ period: { from: '202109', to: '202109' }, totals: { dispensings: 5, drugs: 16 } });
    const pdf = await get('/api/console/receptions/r-1/drug-information.pdf?from=202109&to=202109', 'clinician');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(months).toEqual(['202311-202611', '202109-202109', '202109-202109']);
  });

  it('refuses a period it cannot ask for before anything is asked or audited', async () => {
    for (const query of ['?from=202108&to=202109', '?from=202109', '?from=202612&to=202612', '?from=2021-09&to=2021-09']) {
      const refused = await get(`/api/console/receptions/r-1/drug-information${query}`, 'clinician');
      expect([refused.statusCode, refused.json().error.code], query).toEqual([400, 'INVALID_PERIOD']);
    }
    expect(asked).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('refuses 受付 the medical views before anything is asked of the central system', async () => {
    const answer = await get('/api/console/receptions/r-1/drug-information', 'reception');
    expect([answer.statusCode, answer.json().error.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    expect(asked).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('refuses a category the patient did not agree to, and any category after its 24 hours', async () => {
    const refused = await get('/api/console/receptions/r-1/checkups', 'clinician');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'CONSENT_REQUIRED']);
    now = new Date(at(60).getTime() + 24 * 3600_000 - 1);
    expect((await get('/api/console/receptions/r-1/drug-information', 'clinician')).statusCode).toBe(200);
    now = new Date(at(60).getTime() + 24 * 3600_000);
    const expired = await get('/api/console/receptions/r-1/drug-information', 'clinician');
    expect([expired.statusCode, expired.json().error.code]).toEqual([403, 'CONSENT_EXPIRED']);
    expect(asked).toEqual(['drug']);
  });

  it('exports the 薬剤情報 as a PDF', async () => {
    const answer = await get('/api/console/receptions/r-1/drug-information.pdf', 'clinician');
    expect(answer.headers['content-type']).toBe('application/pdf');
    expect(answer.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(audited).toEqual(['staff-clinician DRUG_INFORMATION_EXPORTED r-1']);
  });

  it('shows nothing it could not audit, and says when the answer is no longer kept', async () => {
    auditFails = true;
    const unaudited = await get('/api/console/receptions/r-1/drug-information', 'clinician');
    expect([unaudited.statusCode, unaudited.json().error.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
    expect(asked).toEqual([]);
    auditFails = false;
    const qualification = await get('/api/console/receptions/r-1/qualification', 'reception');
    expect([qualification.statusCode, qualification.json().error.code]).toEqual([410, 'ANSWER_NOT_KEPT']);
    const unknown = await get('/api/console/receptions/nope/qualification', 'reception');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'RECEPTION_NOT_FOUND']);
  });
});
