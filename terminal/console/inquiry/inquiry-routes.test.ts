import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkRunOptions, BulkRunOutcome } from '../../../oqs/client';
import type { InquiryAuditEntry } from './inquiry-audit';
import type { InquiryCentral } from './inquiry-central';
import { registerInquiryRoutes, type InquiryRouteOptions } from './inquiry-routes';

const CSV = new TextEncoder().encode('保険者番号,番号,生年月日\n01130012,5678,19800217\n');
const NOW = new Date('2026-11-21T01:00:00.000Z');

/** The routes' own rules, with a central system that holds every 一括照会 until the test lets it go. */
describe('照会 routes: staff, job limits and expiry', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  async function build(overrides: Partial<InquiryRouteOptions> = {}) {
    const held: ((outcome: BulkRunOutcome) => void)[] = [];
    const central: InquiryCentral = {
      qualificationByInsuranceKeys: () => Promise.reject(new Error('not used')),
      bulkQualification: (_persons, _options: BulkRunOptions = {}) => new Promise((resolve) => held.push(resolve)),
    };
    const audited: InquiryAuditEntry[] = [];
    const ended = new Set<string>();
    const endWaiters = new Map<string, () => void>();
    let now = NOW;
    app = Fastify({ logger: false });
    await registerInquiryRoutes(app, {
      central,
      guard: async (request) => {
        (request as typeof request & { staff: { id: string } }).staff = { id: 'uketsuke-01' };
      },
      audit: { subjectOf: () => 'S'.repeat(64), record: async (entries) => void audited.push(...entries) },
      clock: { now: () => now },
      settings: { csv: { maxBytes: 4096, maxRows: 10 }, jobs: { maxRunning: 1, maxKept: 2, keepFinishedMs: 60_000 } },
      onProgress: (event) => {
        if (event.state !== 'done' && event.state !== 'failed') return;
        ended.add(event.jobId);
        endWaiters.get(event.jobId)?.();
      },
      ...overrides,
    });
    const upload = () => app!.inject({ method: 'POST', url: '/api/console/inquiries/bulk', headers: { 'content-type': 'text/csv' }, payload: Buffer.from(CSV) });
    const progress = (jobId: string) => app!.inject({ method: 'GET', url: `/api/console/inquiries/bulk/${jobId}` });
    /** Resolves once the job has finished (told by the plugin's progress events, not by waiting). */
    const finished = (jobId: string) => (ended.has(jobId) ? Promise.resolve() : new Promise<void>((resolve) => endWaiters.set(jobId, resolve)));
    return { held, audited, upload, progress, finished, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
  }

  it('a guard that lets a request through without naming the staff member gets 401, and nothing is audited as nobody', async () => {
    const { audited, upload } = await build({ staffOf: () => undefined });
    const answer = await upload();
    expect([answer.statusCode, answer.json().error.code]).toEqual([401, 'STAFF_LOGIN_REQUIRED']);
    expect(audited).toEqual([]);
  });

  it('takes tomorrow (JST) as the day being confirmed when none is named', async () => {
    const { upload, held } = await build();
    const answer = await upload();
    expect(answer.json().progress.confirmationDate).toBe('20261122');
    held[0]?.({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true, detail: 'x' });
  });

  it('one job at a time here: another upload meanwhile is 429 BULK_JOBS_BUSY, and is taken once the first is done', async () => {
    const { held, upload, finished } = await build();
    const first = await upload();
    expect(first.statusCode).toBe(202);
    const busy = await upload();
    expect([busy.statusCode, busy.json().error.code]).toEqual([429, 'BULK_JOBS_BUSY']);
    held[0]?.({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true, detail: 'x' });
    await finished(first.json().jobId);
    expect((await upload()).statusCode).toBe(202);
  });

  it('forgets a finished job after the kept time, and the oldest finished one when the store is full', async () => {
    const { held, upload, progress, finished, advance } = await build();
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const answer = await upload();
      ids.push(answer.json().jobId);
      held[index]?.({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true, detail: 'x' });
      await finished(ids[index] ?? '');
      expect((await progress(ids[index] ?? '')).json().progress.state).toBe('failed');
      advance(1_000);
    }
    // Two kept at most: the first made room for the third.
    expect((await progress(ids[0] ?? '')).statusCode).toBe(404);
    expect((await progress(ids[1] ?? '')).statusCode).toBe(200);
    advance(60_000);
    expect((await progress(ids[2] ?? '')).json()).toMatchObject({ error: { code: 'BULK_JOB_NOT_FOUND' } });
  });
});
