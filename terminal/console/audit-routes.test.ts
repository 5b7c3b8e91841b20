import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropAuditGuards } from '../../store/testing/temp-database';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { registerAuditRoutes } from './audit-routes';
import type { ConsoleRole } from './console-routes';

// The route behind a stand-in for the sign-in, as the demo wires it: the guard lets only `admin`
// through (x-test-role names the signed-in account's role; none: not signed in). The real guard is
// tested with the accounts, and in the browser test.
const NOW = new Date('2026-11-21T03:00:00.000Z');
const SUBJECT = 'C'.repeat(64);

describe('the audit route', () => {
  let temp: TempReceptionStore;
  let app: FastifyInstance;
  let guardRoles: ConsoleRole[];

  beforeEach(async () => {
    temp = openTempReceptionStore();
    guardRoles = ['admin'];
    app = Fastify();
    await registerAuditRoutes(app, {
      store: temp.store,
      guard: async (request, reply) => {
        const role = request.headers['x-test-role'];
        if (typeof role !== 'string') return reply.code(401).send({ error: { code: 'LOGIN_REQUIRED', message: 'sign in' } });
        if (!guardRoles.includes(role as ConsoleRole)) return reply.code(403).send({ error: { code: 'ROLE_FORBIDDEN', message: 'role' } });
      },
      staffOf: (request) => ({ id: `staff-${String(request.headers['x-test-role'])}`, role: request.headers['x-test-role'] as ConsoleRole }),
      clock: { now: () => NOW },
    });
    const { store } = temp;
    await store.begin({ receptionId: 'r-1', kioskId: 'kiosk-1', startedAt: new Date('2026-11-21T01:00:00.000Z') });
    await store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'RESULT_VIEWED', receptionId: 'r-1', kioskId: 'kiosk-1', at: new Date('2026-11-21T01:05:00.000Z') });
    await store.recordAccess({ actor: { kind: 'staff', id: 'kusuri-01' }, action: 'INQUIRY_INDIVIDUAL', at: new Date('2026-11-21T02:00:00.000Z'), detail: { subject: SUBJECT, inquiry: 'INQ_1' } });
  });

  afterEach(async () => {
    await app.close();
    temp.dispose();
  });

  const get = (url: string, role: string | null = 'admin') => app.inject({ method: 'GET', url, headers: role === null ? {} : { 'x-test-role': role } });
  const viewings = () =>
    temp.db.prepare("SELECT actor_kind AS kind, actor_id AS actor, reception_id AS receptionId, kiosk_id AS kioskId, detail_json AS detail FROM audit_log WHERE event = 'AUDIT_VIEWED' ORDER BY id").all() as {
      kind: string;
      actor: string;
      receptionId: string | null;
      kioskId: string | null;
      detail: string;
    }[];

  it('shows an administrator the log, newest first, with the verdict, and audits the viewing as the account', async () => {
    const answer = await get('/api/console/audit');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const body = answer.json();
    expect(body.rows.map((row: { event: string }) => row.event)).toEqual(['INQUIRY_INDIVIDUAL', 'RESULT_VIEWED', 'RECEPTION_BEGUN']);
    expect(body.rows[0]).toEqual({
      id: 3,
      at: '2026-11-21T02:00:00.000Z',
      actorKind: 'staff',
      actorId: 'kusuri-01',
      event: 'INQUIRY_INDIVIDUAL',
      receptionId: null,
      kioskId: null,
      detail: { inquiry: 'INQ_1', subject: SUBJECT },
    });
    expect(body).toMatchObject({ nextBefore: null, verdict: { ok: true, count: 3 } });
    expect(viewings()).toEqual([{ kind: 'staff', actor: 'staff-admin', receptionId: null, kioskId: null, detail: '{"rows":3}' }]);
    // The viewing is part of the chain, and the next view shows it.
    expect((await get('/api/console/audit?limit=1')).json()).toMatchObject({ rows: [{ id: 4, event: 'AUDIT_VIEWED', actorId: 'staff-admin' }], nextBefore: 4, verdict: { ok: true, count: 4 } });
  });

  it('passes the filters through (JST times, event prefix, reception, kiosk, subject, paging) and says in the viewing which were used', async () => {
    const jst = (text: string) => encodeURIComponent(text);
    const byTime = await get(`/api/console/audit?from=${jst('2026-11-21T10:01+09:00')}&to=${jst('2026-11-21T11:00:00.000+09:00')}`);
    expect(byTime.json().rows.map((row: { id: number }) => row.id)).toEqual([2]);
    const byReception = await get('/api/console/audit?receptionId=r-1&kioskId=kiosk-1&event=RESULT_&actorKind=staff&actorId=uketsuke-01');
    expect(byReception.json().rows.map((row: { id: number }) => row.id)).toEqual([2]);
    const bySubject = await get(`/api/console/audit?subject=${SUBJECT}&event=`);
    expect(bySubject.json().rows.map((row: { id: number }) => row.id)).toEqual([3]);
    const older = await get('/api/console/audit?before=3&limit=1');
    expect(older.json()).toMatchObject({ rows: [{ id: 2 }], nextBefore: 2 });
    expect(viewings().map(({ receptionId, kioskId, detail }) => ({ receptionId, kioskId, detail: JSON.parse(detail) as unknown }))).toEqual([
      { receptionId: null, kioskId: null, detail: { rows: 1, byTime: true } },
      { receptionId: 'r-1', kioskId: 'kiosk-1', detail: { rows: 1, actorKind: 'staff', byActor: true, event: 'RESULT_', byReception: true, byKiosk: true } },
      { receptionId: null, kioskId: null, detail: { rows: 1, subject: SUBJECT } },
      { receptionId: null, kioskId: null, detail: { rows: 1, olderPage: true } },
    ]);
  });

  it('refuses anyone but an administrator, and writes nothing for them', async () => {
    for (const role of ['reception', 'clinician']) {
      const answer = await get('/api/console/audit', role);
      expect([role, answer.statusCode, answer.json().error.code]).toEqual([role, 403, 'ROLE_FORBIDDEN']);
    }
    const anonymous = await get('/api/console/audit', null);
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'LOGIN_REQUIRED']);
    // A guard wired too wide still does not open the log to a receptionist.
    guardRoles = ['reception', 'clinician', 'admin'];
    const wide = await get('/api/console/audit', 'reception');
    expect([wide.statusCode, wide.json().error.code]).toEqual([403, 'ROLE_FORBIDDEN']);
    expect(viewings()).toEqual([]);
  });

  it('refuses a bad filter with 400 INVALID_FILTER naming it, never echoing the value, and audits nothing', async () => {
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['from=2026-02-31T00:00%2B09:00', 'from'],
      ['to=2026-11-21T24:00Z', 'to'],
      ['from=2026-11-21T00:00Z&to=2026-11-20T00:00Z', 'to'],
      ['to=2026-11-21T09:00', 'to'],
      ['actorKind=patient', 'actorKind'],
      ['actorId=%E5%B1%B1%E7%94%B0', 'actorId'],
      ['event=reception_', 'event'],
      ['event=A%25', 'event'],
      ['receptionId=a%20b', 'receptionId'],
      ['kioskId=' + 'k'.repeat(65), 'kioskId'],
      ['subject=abc', 'subject'],
      ['before=0', 'before'],
      ['before=-1', 'before'],
      ['limit=501', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['name=%E5%B1%B1%E7%94%B0', '(unknown)'],
    ];
    for (const [search, field] of cases) {
      const answer = await get(`/api/console/audit?${search}`);
      expect([search, answer.statusCode, answer.json().error]).toEqual([search, 400, { code: 'INVALID_FILTER', message: `${field} is not a valid filter`, field }]);
      expect(answer.body).not.toContain('山田');
    }
    expect(viewings()).toEqual([]);
  });

  it('shows a tampered log as broken at the edited row', async () => {
    dropAuditGuards(temp.db);
    temp.db.prepare("UPDATE audit_log SET actor_id = 'someone-else' WHERE id = 2").run();
    const body = (await get('/api/console/audit')).json();
    expect(body.verdict).toEqual({ ok: false, firstBadId: 2, reason: 'HASH_MISMATCH' });
    expect(body.rows.find((row: { id: number }) => row.id === 2).actorId).toBe('someone-else');
  });

  it('shows nothing when the viewing cannot be audited', async () => {
    const failing = Fastify();
    await registerAuditRoutes(failing, {
      store: { queryAudit: (query) => temp.store.queryAudit(query), findReception: () => undefined, recordAccess: () => Promise.reject(new Error('disk full')) },
      guard: async () => undefined,
      staffOf: () => ({ id: 'admin', role: 'admin' }),
      clock: { now: () => NOW },
    });
    const answer = await failing.inject({ method: 'GET', url: '/api/console/audit' });
    expect([answer.statusCode, answer.json().error.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
    expect(answer.body).not.toContain('RESULT_VIEWED');
    await failing.close();
  });
});
