import { parse } from 'csv-parse/sync';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeShiftJis } from '../../../oqs';
import type { OqsCentralSystem } from '../../../oqs/client';
import { dumpAllTables } from '../../../store/testing/temp-database';
import { openTempReceptionStore, type TempReceptionStore } from '../../../store/testing/temp-reception-store';
import { registerInquiryRoutes, storeInquiryAudit, type BulkJobProgress, type InquiryAudit } from '../../../terminal/console/inquiry';
import { startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { SteppedWait, steppedClinicClient } from '../../harness/stepped-bulk-client';

/** The central mock's 処理中 after an upload, by its clock; the client's pause between fetches. */
const PROCESSING_MS = 3_000;
const POLL_MS = 1_000;
const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';
const UPLOAD = '/oqs-api-pro/mock/bulk/upload';
const AUDIT_SECRET = new Uint8Array(32).fill(42);

const SHIKEN = { insurerNumber: '01130012', symbol: '1234', number: '5678', branchNumber: '00', birthDate: '19800217' };
const YOSHIDA = { insurerNumber: '06130041', symbol: '21', number: '4407', branchNumber: '00', birthDate: '19631005' };

/** Lets through a request that names the reception role, as the console's sign-in will; refuses the rest. */
async function fakeGuard(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (request.headers['x-test-role'] !== 'reception') return reply.code(403).send({ error: { code: 'ROLE_FORBIDDEN', message: 'this role may not 照会' } });
  (request as FastifyRequest & { staff: { id: string } }).staff = { id: 'uketsuke-01' };
  return undefined;
}

const STAFF = { 'x-test-role': 'reception' };

describe('console 照会 routes against the mock central system', () => {
  let central: TestCentral;
  let client: OqsCentralSystem;
  let stepped: SteppedWait;
  let app: FastifyInstance;
  let temp: TempReceptionStore;
  let audit: InquiryAudit;
  let failAudit = false;
  const received: string[] = [];
  const progressSeen: BulkJobProgress[] = [];
  const finished = new Map<string, () => void>();

  beforeAll(async () => {
    central = await startTestCentral({ server: { settings: { bulkProcessingMs: PROCESSING_MS }, onReceived: ({ path }) => received.push(path) } });
    stepped = new SteppedWait();
    client = steppedClinicClient(central, stepped, POLL_MS);
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await central?.stop();
  });

  beforeEach(async () => {
    temp = openTempReceptionStore();
    const stored = storeInquiryAudit(temp.store, AUDIT_SECRET);
    audit = { subjectOf: stored.subjectOf, record: (entries) => (failAudit ? Promise.reject(new Error('disk full')) : stored.record(entries)) };
    failAudit = false;
    progressSeen.length = 0;
    app = Fastify({ logger: false });
    await registerInquiryRoutes(app, {
      central: client,
      guard: fakeGuard,
      audit,
      clock: { now: () => central.now() },
      settings: { csv: { maxBytes: 64 * 1024, maxRows: 20 } },
      onProgress: (progress) => {
        progressSeen.push(progress);
        if (progress.state === 'done' || progress.state === 'failed') finished.get(progress.jobId)?.();
      },
    });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    temp.dispose();
  });

  const countOf = (path: string) => received.filter((entry) => entry === path).length;
  const auditEvents = () => (dumpAllTables(temp.db)['audit_log'] ?? []).map((row) => ({ event: row['event'], actor: row['actor_id'], detail: JSON.parse(String(row['detail_json'])) as Record<string, unknown> }));
  const individual = (body: unknown, headers: Record<string, string> = STAFF) =>
    app.inject({ method: 'POST', url: '/api/console/inquiries/individual', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const upload = (bytes: Uint8Array, query = '?date=20261122', headers: Record<string, string> = STAFF) =>
    app.inject({ method: 'POST', url: `/api/console/inquiries/bulk${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: Buffer.from(bytes) });
  const admin = (method: 'PUT' | 'DELETE', body?: unknown) =>
    central.anonymous().send(method, '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
    });

  describe('the guard', () => {
    it('refuses every route to a role it does not let through, before anything is read or sent', async () => {
      const before = received.length;
      const refused = { 'x-test-role': 'clerk' };
      const answers = [
        await individual(SHIKEN, refused),
        await upload(new TextEncoder().encode('保険者番号,番号,生年月日\n01130012,5678,19800217\n'), '', refused),
        await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${'A'.repeat(32)}`, headers: refused }),
        await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${'A'.repeat(32)}/results.csv`, headers: refused }),
      ];
      for (const answer of answers) {
        expect(answer.statusCode).toBe(403);
        expect(answer.json()).toMatchObject({ error: { code: 'ROLE_FORBIDDEN' } });
      }
      expect(received.length).toBe(before);
      expect(auditEvents()).toEqual([]);
    });
  });

  describe('個別照会', () => {
    it('a fixture person: the 資格 view in words, the lookup audited by pseudonym', async () => {
      const searches = countOf(SEARCH);
      const answer = await individual({ ...SHIKEN, insurerNumber: '０１１３００１２', branchNumber: '0', birthDate: '1980/2/17' });
      expect(answer.statusCode).toBe(200);
      const body = answer.json();
      expect(body).toMatchObject({ qualificationConfirmationDate: '20261121', asked: SHIKEN, limitApplicationConsent: false });
      expect(body.view).toMatchObject({
        kind: 'qualification',
        validity: { code: '1', label: '有効' },
        action: { code: 'USE_QUALIFICATION' },
        needsStaff: false,
        people: [
          {
            name: '試験　太郎',
            birthDate: '1980-02-17',
            insurerNumber: '01130012',
            insurerName: '全国健康保険協会東京支部',
            symbol: '1234',
            number: '5678',
            branchNumber: '00',
            personalFamily: { label: '本人' },
            contributionRatio: { code: '030', label: '3割' },
            validPeriod: { from: '2002-04-01' },
          },
        ],
      });
      expect(countOf(SEARCH)).toBe(searches + 1);
      expect(auditEvents()).toEqual([{ event: 'INQUIRY_INDIVIDUAL', actor: 'uketsuke-01', detail: { subject: audit.subjectOf(SHIKEN), inquiry: body.inquiryId } }]);
      const file = JSON.stringify(dumpAllTables(temp.db));
      for (const value of ['5678', '19800217', '試験']) expect(file).not.toContain(value);
    });

    it('限度額適用区分 only when staff confirmed the patient’s consent', async () => {
      const withConsent = (await individual({ ...YOSHIDA, limitApplicationConsent: true })).json();
      expect(withConsent.view.people[0].limitApplication).toMatchObject({ shown: true, consent: { code: '1' }, classification: { code: 'A03', label: 'ウ' } });
      const without = (await individual(YOSHIDA)).json();
      expect(without.view.people[0].limitApplication).toEqual({ consent: { code: '0', label: '未同意' }, shown: false });
    });

    it('keys of nobody: 該当資格なし with what staff should check', async () => {
      const answer = await individual({ ...SHIKEN, number: '99999' });
      expect(answer.statusCode).toBe(200);
      expect(answer.json().view).toMatchObject({ kind: 'qualification', validity: { code: '4', label: '該当資格なし' }, action: { code: 'CHECK_INPUT' }, needsStaff: true, people: [] });
    });

    it('bad input is refused with every problem and nothing is sent', async () => {
      const searches = countOf(SEARCH);
      const answer = await individual({ insurerNumber: '0113', number: '', birthDate: '19800230' });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({
        error: {
          code: 'INPUT_INVALID',
          problems: [
            { field: 'insurerNumber', code: 'INSURER_NUMBER_FORMAT' },
            { field: 'number', code: 'NUMBER_MISSING' },
            { field: 'birthDate', code: 'BIRTH_DATE_NOT_A_DATE' },
          ],
        },
      });
      expect((await individual({ ...SHIKEN, number: 5678 })).json()).toMatchObject({ error: { code: 'INPUT_MALFORMED' } });
      expect((await individual(['x'])).json()).toMatchObject({ error: { code: 'INPUT_MALFORMED' } });
      const broken = await app.inject({ method: 'POST', url: '/api/console/inquiries/individual', headers: { ...STAFF, 'content-type': 'application/json' }, payload: '{"insurerNumber":' });
      expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'INPUT_MALFORMED']);
      const text = await app.inject({ method: 'POST', url: '/api/console/inquiries/individual', headers: { ...STAFF, 'content-type': 'text/plain' }, payload: 'x' });
      expect([text.statusCode, text.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const huge = await individual({ ...SHIKEN, symbol: 'x'.repeat(20_000) });
      expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'BODY_TOO_LARGE']);
      expect(countOf(SEARCH)).toBe(searches);
      expect(auditEvents()).toEqual([]);
    });

    it('the central system down: 503 CENTRAL_UNAVAILABLE, coded', async () => {
      await admin('PUT', { seed: 'down', errorRate: 1, routes: ['qualification-by-insurance-keys'] });
      try {
        const answer = await individual(SHIKEN);
        expect(answer.statusCode).toBe(503);
        expect(answer.json()).toMatchObject({ error: { code: 'CENTRAL_UNAVAILABLE', centralCode: 'INJECTED_ERROR' } });
      } finally {
        await admin('DELETE');
      }
    });

    it('no audit, no inquiry: 503 AUDIT_UNAVAILABLE and nothing sent', async () => {
      failAudit = true;
      const searches = countOf(SEARCH);
      const answer = await individual(SHIKEN);
      expect([answer.statusCode, answer.json().error.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
      expect(countOf(SEARCH)).toBe(searches);
    });
  });

  describe('一括照会', () => {
    const HEADER = '予約日,予約時刻,患者番号,氏名カナ,保険者番号,記号,番号,枝番,生年月日';
    const CSV = [
      HEADER,
      '2026/11/22,9:00,P-001,ｼｹﾝ ﾀﾛｳ,01130012,1234,5678,00,19800217', // 2 有効
      '2026/11/22,9:15,P-002,ﾀｶﾊｼ ﾅｵｷ,06139992,45,1021,00,19681103', // 3 資格喪失 (2)
      '2026/11/22,9:30,P-003,ﾐｹﾝ,0113001,1234,5678,00,19800217', // 4 保険者番号 7 digits: not sent
      '2026/11/22,9:45,P-004,ｲﾄｳ ﾕﾐ,01130038,5001234,12,00,19850530', // 5 one of 複数該当's records
      '2026/11/22,10:00,P-005,ﾊﾞﾂ,01130012,1234,5678,00,19800231', // 6 not a date: not sent
      '2026/11/22,10:15,P-006,ﾀﾞﾚﾓ,01130012,1234,77777,00,19800217', // 7 nobody (4)
      '2026/11/23,10:30,P-007,ｱｼﾀ,01130012,1234,5678,00,19800217', // 8 another day: not sent
      '2026/11/22,10:45,P-008,ﾖｼﾀﾞ ﾀｶｼ,06130041,21,4407,00,19631005', // 9 外字 name
    ].join('\r\n');

    it('from a Shift_JIS CSV with bad rows, through 処理中, to each row’s result and the results CSV', async () => {
      const uploads = countOf(UPLOAD);
      const answer = await upload(encodeShiftJis(CSV).bytes);
      expect(answer.statusCode).toBe(202);
      const accepted = answer.json();
      expect(accepted).toMatchObject({ encoding: 'Shift_JIS', ignoredColumns: [], progress: { state: 'submitting', confirmationDate: '20261122', rows: { total: 8, valid: 5, invalid: 3 } } });
      expect(accepted.invalid.map((row: { rowNumber: number; problems: { code: string }[] }) => [row.rowNumber, row.problems.map((problem) => problem.code)])).toEqual([
        [4, ['INSURER_NUMBER_FORMAT']],
        [6, ['BIRTH_DATE_NOT_A_DATE']],
        [8, ['APPOINTMENT_DATE_OTHER_DAY']],
      ]);
      const jobId: string = accepted.jobId;
      expect(jobId).toMatch(/^[0-9A-F]{32}$/);
      const done = new Promise<void>((resolve) => finished.set(jobId, resolve));
      const progressOf = async () => (await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}`, headers: STAFF })).json();

      // Accepted: the client pauses before its first fetch. 処理中 for 3 s of the mock's clock.
      let pause = await stepped.next();
      expect(pause.ms).toBe(POLL_MS);
      const first = await progressOf();
      expect(first.progress).toMatchObject({ state: 'processing', sent: 5, processingPolls: 0, answered: 0 });
      expect(first.progress.receptionNumber).toMatch(/^R/);
      // While it runs, only the refused rows are there to see.
      expect(first.rows.map((row: { rowNumber: number }) => row.rowNumber)).toEqual([4, 6, 8]);
      expect(countOf(UPLOAD)).toBe(uploads + 1);
      for (let polls = 1; polls <= 2; polls += 1) {
        central.advance(pause.ms);
        pause.resolve(true);
        pause = await stepped.next();
        expect((await progressOf()).progress).toMatchObject({ state: 'processing', processingPolls: polls });
      }
      central.advance(pause.ms);
      pause.resolve(true);
      await done;

      const result = await progressOf();
      expect(result.progress).toMatchObject({ state: 'done', sent: 5, processingPolls: 2, answered: 5, failed: 0, byValidity: { '1': 3, '2': 1, '4': 1 }, needsStaff: 2 });
      const byRow = new Map(result.rows.map((row: { rowNumber: number }) => [row.rowNumber, row]));
      expect(result.rows.map((row: { rowNumber: number; outcome: { status: string } }) => [row.rowNumber, row.outcome.status])).toEqual([
        [2, 'answered'],
        [3, 'answered'],
        [4, 'not-sent'],
        [5, 'answered'],
        [6, 'not-sent'],
        [7, 'answered'],
        [8, 'not-sent'],
        [9, 'answered'],
      ]);
      expect(byRow.get(2)).toMatchObject({ patientId: 'P-001', nameKana: 'シケン タロウ', outcome: { view: { validity: { code: '1' }, people: [{ name: '試験　太郎', contributionRatio: { label: '3割' } }] } } });
      expect(byRow.get(3)).toMatchObject({ outcome: { view: { validity: { code: '2', label: '無効' }, action: { code: 'CONFIRM_CURRENT_CERTIFICATE' }, people: [{ disqualificationDate: '2026-04-01' }] } } });
      expect(byRow.get(7)).toMatchObject({ outcome: { view: { validity: { code: '4' }, action: { code: 'CHECK_INPUT' }, people: [] } } });
      // The mock withholds 限度額 in bulk results unless asked with consent: nothing of it is shown.
      expect(byRow.get(9)).toMatchObject({ outcome: { view: { people: [{ name: '𠮷田　髙志' }] } } });
      expect(JSON.stringify(byRow.get(9))).not.toContain('A03');

      const utf8 = await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}/results.csv`, headers: STAFF });
      expect(utf8.statusCode).toBe(200);
      expect(utf8.headers['content-type']).toBe('text/csv; charset=UTF-8');
      expect(utf8.headers['content-disposition']).toMatch(/^attachment; filename="inquiry-20261122-[0-9A-F]{8}\.csv"$/);
      expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...lines] = parse(utf8.rawPayload.subarray(3).toString('utf8')) as string[][];
      expect(header?.slice(0, 6)).toEqual(['行番号', '予約日', '予約時刻', '患者番号', '氏名カナ（入力）', '結果']);
      expect(lines.map((line) => [line[0], line[5], line[9]])).toEqual([
        ['2', '回答あり', '有効'],
        ['3', '回答あり', '無効'],
        ['4', '送信せず（入力エラー）', ''],
        ['5', '回答あり', '有効'],
        ['6', '送信せず（入力エラー）', ''],
        ['7', '回答あり', '該当資格なし'],
        ['8', '送信せず（入力エラー）', ''],
        ['9', '回答あり', '有効'],
      ]);
      expect(lines[2]?.[6]).toBe('INSURER_NUMBER_FORMAT');

      const sjis = await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}/results.csv?encoding=shift_jis`, headers: STAFF });
      expect(sjis.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      expect(sjis.headers['x-substituted-characters']).toBe('1');
      expect(new TextDecoder('shift_jis', { fatal: true }).decode(sjis.rawPayload)).toContain('●田　髙志');

      // Audited: the upload, each person sent (by pseudonym), the results seen once, each export.
      const events = auditEvents();
      expect(events.map((entry) => entry.event)).toEqual([
        'INQUIRY_BULK_SUBMITTED',
        ...Array.from({ length: 5 }, () => 'INQUIRY_BULK_ROW_SENT'),
        'INQUIRY_BULK_VIEWED',
        'INQUIRY_BULK_EXPORTED',
        'INQUIRY_BULK_EXPORTED',
      ]);
      expect(events[1]?.detail).toEqual({ job: jobId, row: 2, subject: audit.subjectOf(SHIKEN) });
      expect(events.at(-1)?.detail).toEqual({ job: jobId, encoding: 'SHIFT_JIS' });
      expect(temp.store.verifyAuditChain()).toMatchObject({ ok: true });
      expect(progressSeen.at(-1)).toMatchObject({ jobId, state: 'done' });
    });

    it('UTF-8 (with or without a BOM) and English headers are read the same way', async () => {
      for (const bom of [true, false]) {
        const text = 'birth_date,insurer_number,symbol,number,branch_number\n19800217,01130012,1234,5678,00\n';
        const bytes = new TextEncoder().encode(text);
        const answer = await upload(bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]) : bytes);
        expect(answer.statusCode).toBe(202);
        const { jobId } = answer.json();
        const done = new Promise<void>((resolve) => finished.set(jobId, resolve));
        for (let step = 0; step < PROCESSING_MS / POLL_MS; step += 1) {
          const pause = await stepped.next();
          central.advance(pause.ms);
          pause.resolve(true);
        }
        await done;
        const result = (await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}`, headers: STAFF })).json();
        expect(result.progress).toMatchObject({ state: 'done', answered: 1, byValidity: { '1': 1 } });
      }
    });

    it('the results CSV waits for the job: 409 while it runs', async () => {
      const answer = await upload(new TextEncoder().encode('保険者番号,番号,生年月日\n01130012,5678,19800217\n'));
      const { jobId } = answer.json();
      const pause = await stepped.next();
      const early = await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}/results.csv`, headers: STAFF });
      expect([early.statusCode, early.json().error.code]).toEqual([409, 'BULK_NOT_FINISHED']);
      // Let the client give up: the job fails with its 受付番号 kept, and every sent row fails with it.
      const done = new Promise<void>((resolve) => finished.set(jobId, resolve));
      pause.resolve(false);
      await done;
      const result = (await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}`, headers: STAFF })).json();
      expect(result.progress).toMatchObject({ state: 'failed', failed: 1, failure: { code: 'CENTRAL_TIMEOUT' } });
      expect(result.progress.receptionNumber).toMatch(/^R/);
    });

    it('refuses uploads that are not a table of appointments, each with its code, and sends nothing', async () => {
      const uploads = countOf(UPLOAD);
      const utf8 = (text: string) => new TextEncoder().encode(text);
      const cases: [Uint8Array, string, number, string][] = [
        [new Uint8Array(64 * 1024 + 1).fill(0x41), '', 413, 'CSV_TOO_LARGE'],
        [utf8(['保険者番号,番号,生年月日', ...Array.from({ length: 21 }, (_, index) => `01130012,${1000 + index},19800217`)].join('\n')), '', 413, 'CSV_TOO_MANY_ROWS'],
        [utf8('01130012,5678,19800217\n'), '', 400, 'CSV_HEADER_MISSING'],
        [utf8('保険者番号,番号,生年月日\n"01130012,5678,19800217\n'), '', 400, 'CSV_MALFORMED'],
        [Uint8Array.from([0xff, 0xfe, 0x41, 0x00]), '', 400, 'CSV_ENCODING_UNSUPPORTED'],
        [utf8(''), '', 400, 'CSV_NO_ROWS'],
        [utf8('保険者番号,番号,生年月日\n01130012,5678,19800217\n'), '?date=2026-02-30', 400, 'DATE_INVALID'],
        [utf8('保険者番号,番号,生年月日\n01130012,5678,19800217\n'), '?date=20261120', 400, 'DATE_IN_PAST'],
      ];
      for (const [bytes, query, status, code] of cases) {
        const answer = await upload(bytes, query);
        expect([answer.statusCode, answer.json().error?.code], code).toEqual([status, code]);
      }
      const allBad = await upload(utf8('保険者番号,番号,生年月日\n0113,5678,19800217\n01130012,,19800217\n'));
      expect(allBad.statusCode).toBe(422);
      expect(allBad.json()).toMatchObject({ error: { code: 'CSV_NO_VALID_ROWS' }, invalid: [{ rowNumber: 2 }, { rowNumber: 3 }] });
      const json = await app.inject({ method: 'POST', url: '/api/console/inquiries/bulk', headers: { ...STAFF, 'content-type': 'application/json' }, payload: '{}' });
      expect([json.statusCode, json.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(countOf(UPLOAD)).toBe(uploads);
      expect(auditEvents()).toEqual([]);
    });

    it('an unknown or malformed job id is 404, coded', async () => {
      for (const id of ['A'.repeat(32), 'not-a-job', '../../etc']) {
        const answer = await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${encodeURIComponent(id)}`, headers: STAFF });
        expect([answer.statusCode, answer.json().error.code]).toEqual([404, 'BULK_JOB_NOT_FOUND']);
      }
      const csv = await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${'B'.repeat(32)}/results.csv`, headers: STAFF });
      expect([csv.statusCode, csv.json().error.code]).toEqual([404, 'BULK_JOB_NOT_FOUND']);
      const badEncoding = await app.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${'B'.repeat(32)}/results.csv?encoding=latin1`, headers: STAFF });
      expect([badEncoding.statusCode, badEncoding.json().error.code]).toEqual([400, 'ENCODING_INVALID']);
    });

    it('no audit, no upload: 503 AUDIT_UNAVAILABLE and nothing sent', async () => {
      failAudit = true;
      const uploads = countOf(UPLOAD);
      const answer = await upload(new TextEncoder().encode('保険者番号,番号,生年月日\n01130012,5678,19800217\n'));
      expect([answer.statusCode, answer.json().error.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
      expect(countOf(UPLOAD)).toBe(uploads);
    });
  });
});
