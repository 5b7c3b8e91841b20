import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultReceptionSettings } from '../../flow/reception-settings';
import { FakePorts } from '../../flow/testing/fake-ports';
import { SqliteAlertStore } from '../../store/sqlite-alert-store';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { KioskRuntime } from '../kiosk/kiosk-runtime';
import { StaffCardFront } from '../kiosk/staff-card-front';
import type { Kiosk } from '../reception-terminal';
import { MemoryCardPhotoShelf } from './card-photo-shelf';
import { ConsoleLive } from './console-live';
import { registerConsoleRoutes, type ConsoleRole } from './console-routes';

// The routes behind a stand-in for the sign-in: the header x-test-role names the signed-in account's
// role (none: not signed in). The real guard is tested with the accounts; here, that every route asks it.
describe('the console routes', () => {
  let temp: TempReceptionStore;
  let ports: FakePorts;
  let runtime: KioskRuntime;
  let alerts: SqliteAlertStore;
  let live: ConsoleLive;
  let app: FastifyInstance;
  let cardPhotos: MemoryCardPhotoShelf;
  const audited: string[] = [];
  /** Every audit entry in full; `auditFails` makes the audit throw, `auditGate` holds it until opened. */
  const auditEntries: { staffId: string; action: string; kioskId: string; receptionId: string | undefined }[] = [];
  let auditFails = false;
  let staffCardFront: StaffCardFront;
  let auditGate: Promise<void> | undefined;
  let auditReached: () => void = () => undefined;
  let sessionAlive = true;

  beforeEach(async () => {
    temp = openTempReceptionStore();
    ports = new FakePorts();
    // The photo the fake card gives decodes to 3×2 grey pixels.
    cardPhotos = new MemoryCardPhotoShelf(async () => ({ width: 3, height: 2, data: Uint8Array.of(10, 20, 30, 40, 50, 60) }));
    runtime = new KioskRuntime({
      settings: defaultReceptionSettings('kiosk-1'),
      dependencies: { ...ports.dependencies(), cardPhotos },
      onEmitted: () => undefined,
      clock: ports.clock,
    });
    alerts = new SqliteAlertStore(temp.db);
    live = new ConsoleLive({ kiosks: [runtime], alerts, receptions: temp.store, clock: { now: () => ports.now() }, onAlert: () => () => undefined, coalesceMs: 1 });
    staffCardFront = new StaffCardFront();
    const kiosk = { runtime, slot: undefined as never, staffCardFront } satisfies Kiosk;
    audited.length = 0;
    auditEntries.length = 0;
    auditFails = false;
    auditGate = undefined;
    sessionAlive = true;
    app = Fastify();
    await app.register(websocket);
    await registerConsoleRoutes(app, {
      kiosks: new Map([['kiosk-1', kiosk]]),
      alerts,
      live,
      cardPhotos,
      clock: { now: () => ports.now() },
      guard:
        (...roles: ConsoleRole[]) =>
        async (request, reply) => {
          const role = request.headers['x-test-role'];
          if (typeof role !== 'string') return reply.code(401).send({ error: { code: 'LOGIN_REQUIRED', message: 'sign in' } });
          if (!roles.includes(role as ConsoleRole)) return reply.code(403).send({ error: { code: 'ROLE_FORBIDDEN', message: 'role' } });
        },
      staffOf: (request) => ({ id: `staff-${String(request.headers['x-test-role'])}`, role: request.headers['x-test-role'] as ConsoleRole }),
      sessionAlive: () => sessionAlive,
      audit: async (entry) => {
        if (auditFails) throw Object.assign(new Error('disk full'), { code: 'STORE_WRITE_FAILED' });
        audited.push(`${entry.staffId} ${entry.action}`);
        auditEntries.push(entry);
        auditReached();
        await auditGate;
      },
    });
  });

  afterEach(async () => {
    await app.close();
    live.stop();
    runtime.stop();
    temp.dispose();
  });

  const post = (url: string, body: unknown, role?: string) =>
    app.inject({ method: 'POST', url, payload: body as object, headers: role === undefined ? {} : { 'x-test-role': role } });

  async function waitForScreen(screen: string): Promise<void> {
    while (runtime.views().kiosk.screen !== screen) await new Promise<void>((resolve) => runtime.subscribe(() => resolve()));
  }

  it('every route asks the sign-in first', async () => {
    for (const [method, url] of [
      ['GET', '/api/console/live'],
      ['POST', '/api/console/alerts/1/acknowledge'],
      ['POST', '/api/console/kiosks/kiosk-1/events'],
      ['POST', '/api/console/kiosks/kiosk-1/collation-number'],
      ['GET', '/api/console/kiosks/kiosk-1/card-photo?reception=r-1'],
    ] as const) {
      const answer = await app.inject({ method, url, payload: {} });
      expect([url, answer.statusCode, answer.json().error.code]).toEqual([url, 401, 'LOGIN_REQUIRED']);
    }
  });

  it('acknowledges an alert as the signed-in account, once', async () => {
    await temp.store.begin({ receptionId: 'r-1', kioskId: 'kiosk-1', startedAt: ports.now() });
    const alert = alerts.raise({ kioskId: 'kiosk-1', receptionId: 'r-1', code: 'PIN_LOCKED', at: ports.now() });
    const first = await post(`/api/console/alerts/${alert.id}/acknowledge`, {}, 'reception');
    expect(first.json()).toMatchObject({ ok: true, alert: { acknowledgedBy: 'staff-reception' } });
    const again = await post(`/api/console/alerts/${alert.id}/acknowledge`, {}, 'admin');
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'ALERT_ALREADY_ACKNOWLEDGED']);
    const unknown = await post('/api/console/alerts/x1/acknowledge', {}, 'admin');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'ALERT_NOT_FOUND']);
    expect((await app.inject({ method: 'GET', url: '/api/console/live', headers: { 'x-test-role': 'clinician' } })).json().openAlerts).toEqual([]);
  });

  it('starts and approves 目視確認 for the reception named, as the signed-in account; another patient refuses it', async () => {
    runtime.cardInserted('r-7');
    await waitForScreen('method-choice');
    const stale = await post('/api/console/kiosks/kiosk-1/events', { type: 'staff.visualCheck.started', receptionId: 'r-6' }, 'reception');
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'RECEPTION_CHANGED']);
    const started = await post('/api/console/kiosks/kiosk-1/events', { type: 'staff.visualCheck.started', receptionId: 'r-7', staffId: 'someone-else' }, 'reception');
    expect(started.json()).toMatchObject({ ok: true, view: { screen: 'visual-check' } });
    const approved = await post('/api/console/kiosks/kiosk-1/events', { type: 'staff.visualCheck.approved', receptionId: 'r-7' }, 'reception');
    expect(approved.statusCode).toBe(200);
    // The staff id is the session's, whatever the body says.
    expect(audited).toEqual(['staff-reception STAFF_VISUAL_CHECK_STARTED', 'staff-reception STAFF_VISUAL_CHECK_APPROVED']);
  });

  it('refuses 照合番号B that is not 14 digits, and one for a kiosk not waiting for it', async () => {
    runtime.cardInserted('r-8');
    await waitForScreen('method-choice');
    const short = await post('/api/console/kiosks/kiosk-1/collation-number', { receptionId: 'r-8', collationNumberB: '123' }, 'reception');
    expect([short.statusCode, short.json().error.code]).toEqual([400, 'INVALID_INPUT']);
    const idle = await post('/api/console/kiosks/kiosk-1/collation-number', { receptionId: 'r-8', collationNumberB: '12345678901234' }, 'reception');
    expect([idle.statusCode, idle.json().error.code]).toEqual([409, 'EVENT_NOT_ACCEPTED']);
    expect(audited).toEqual([]);
  });

  it('records 照合番号B entered before the digits reach the card, and sends nothing when it cannot record it', async () => {
    runtime.cardInserted('r-9');
    await waitForScreen('method-choice');
    const reading = staffCardFront.readCollationNumberB();
    auditFails = true;
    const unrecorded = await post('/api/console/kiosks/kiosk-1/collation-number', { receptionId: 'r-9', collationNumberB: '12345678901234' }, 'reception');
    expect([unrecorded.statusCode, unrecorded.json().error.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
    expect(staffCardFront.waiting).toBe(true);
    auditFails = false;
    const sent = await post('/api/console/kiosks/kiosk-1/collation-number', { receptionId: 'r-9', collationNumberB: '12345678901234' }, 'reception');
    expect(sent.json()).toEqual({ ok: true });
    expect(audited).toEqual(['staff-reception COLLATION_NUMBER_ENTERED']);
    await expect(reading).resolves.toEqual({ ok: true, collationNumberB: '12345678901234' });
  });

  it('pushes the live list on the stream when a kiosk changes', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/console/stream`, { headers: { 'x-test-role': 'reception' } });
    const messages: { live: { kiosks: { screen: string }[] } }[] = [];
    const reading = new Promise<void>((resolve) => {
      socket.on('message', (data: Buffer) => {
        messages.push(JSON.parse(data.toString('utf8')));
        if (messages.at(-1)!.live.kiosks[0]!.screen !== 'place-card') resolve();
      });
    });
    await new Promise((resolve) => socket.once('open', resolve));
    runtime.cardInserted('r-9');
    await reading;
    expect(messages[0]!.live.kiosks[0]!.screen).toBe('place-card');
    socket.terminate();
  });

  it('ends the stream at the next push once the session has ended', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/console/stream`, { headers: { 'x-test-role': 'reception' } });
    let messages = 0;
    socket.on('message', () => (messages += 1));
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    sessionAlive = false;
    runtime.cardInserted('r-10');
    expect(await closed).toBe(4401);
    expect(messages).toBe(1);
  });

  describe('the card photo of 目視確認', () => {
    const get = (url: string, role?: string) => app.inject({ method: 'GET', url, headers: role === undefined ? {} : { 'x-test-role': role } });
    const photoUrl = (receptionId: string) => `/api/console/kiosks/kiosk-1/card-photo?reception=${receptionId}`;
    /** Starts 目視確認 for the reception and waits until the terminal holds its photo (an event, not a timer). */
    async function inVisualCheck(receptionId: string): Promise<void> {
      runtime.cardInserted(receptionId);
      await waitForScreen('method-choice');
      await post('/api/console/kiosks/kiosk-1/events', { type: 'staff.visualCheck.started', receptionId }, 'reception');
      while (runtime.views().staff.cardPhoto?.status === 'reading') await new Promise<void>((resolve) => runtime.subscribe(() => resolve()));
    }

    it('is given to every role that decides 目視確認, for the reception named, as grey pixels; never cached; audited with the account', async () => {
      await inVisualCheck('r-11');
      for (const role of ['reception', 'clinician', 'admin']) {
        const answer = await get(photoUrl('r-11'), role);
        expect([role, answer.statusCode, answer.headers['cache-control']]).toEqual([role, 200, 'no-store']);
        const photo = answer.json<{ kioskId: string; receptionId: string; width: number; height: number; format: string; pixels: string }>();
        expect(photo).toMatchObject({ kioskId: 'kiosk-1', receptionId: 'r-11', width: 3, height: 2, format: 'gray' });
        expect([...Buffer.from(photo.pixels, 'base64')]).toEqual([10, 20, 30, 40, 50, 60]);
      }
      expect(auditEntries.filter((entry) => entry.action === 'CARD_PHOTO_VIEWED')).toEqual(
        ['reception', 'clinician', 'admin'].map((role) => ({ staffId: `staff-${role}`, action: 'CARD_PHOTO_VIEWED', kioskId: 'kiosk-1', receptionId: 'r-11' })),
      );
    });

    it('is refused without a session, to other roles, for another reception, an unknown kiosk, and outside 目視確認; refusals are not cached either', async () => {
      runtime.cardInserted('r-12');
      await waitForScreen('method-choice');
      const before = await get(photoUrl('r-12'), 'reception');
      expect([before.statusCode, before.json().error.code, before.headers['cache-control']]).toEqual([409, 'NOT_IN_VISUAL_CHECK', 'no-store']);
      await post('/api/console/kiosks/kiosk-1/events', { type: 'staff.visualCheck.started', receptionId: 'r-12' }, 'reception');
      while (runtime.views().staff.cardPhoto?.status !== 'shown') await new Promise<void>((resolve) => runtime.subscribe(() => resolve()));
      const refusals = [
        [await get(photoUrl('r-12')), 401, 'LOGIN_REQUIRED'],
        [await get(photoUrl('r-12'), 'kiosk'), 403, 'ROLE_FORBIDDEN'],
        [await get(photoUrl('r-11'), 'reception'), 409, 'RECEPTION_CHANGED'],
        [await get('/api/console/kiosks/kiosk-1/card-photo', 'reception'), 400, 'INVALID_INPUT'],
        [await get('/api/console/kiosks/kiosk-9/card-photo?reception=r-12', 'reception'), 404, 'KIOSK_UNKNOWN'],
      ] as const;
      for (const [answer, status, code] of refusals) {
        expect([answer.statusCode, answer.json().error.code, answer.headers['cache-control']]).toEqual([status, code, 'no-store']);
        expect(answer.body).not.toContain('pixels');
      }
      await post('/api/console/kiosks/kiosk-1/events', { type: 'staff.visualCheck.approved', receptionId: 'r-12' }, 'reception');
      const after = await get(photoUrl('r-12'), 'reception');
      expect([after.statusCode, after.json().error.code]).toEqual([409, 'NOT_IN_VISUAL_CHECK']);
      expect(cardPhotos.size).toBe(0);
      // Only staff actions were audited: no viewing took place.
      expect(audited).toEqual(['staff-reception STAFF_VISUAL_CHECK_STARTED', 'staff-reception STAFF_VISUAL_CHECK_APPROVED']);
    });

    it('goes out only after its viewing is in the audit log; a viewing that cannot be audited is not shown', async () => {
      await inVisualCheck('r-13');
      let open: () => void = () => undefined;
      auditGate = new Promise<void>((resolve) => (open = resolve));
      const reached = new Promise<void>((resolve) => (auditReached = resolve));
      let answered = false;
      const answer = get(photoUrl('r-13'), 'reception').then((response) => {
        answered = true;
        return response;
      });
      await reached;
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(auditEntries.at(-1)).toMatchObject({ action: 'CARD_PHOTO_VIEWED', receptionId: 'r-13' });
      expect(answered).toBe(false);
      open();
      expect((await answer).statusCode).toBe(200);

      auditGate = undefined;
      auditFails = true;
      const refused = await get(photoUrl('r-13'), 'reception');
      expect([refused.statusCode, refused.json().error.code]).toEqual([503, 'AUDIT_UNAVAILABLE']);
      expect(refused.body).not.toContain('pixels');
    });

    it('says why there is no photo when the card face could not be shown', async () => {
      ports.card.face = { ...ports.card.face, signatureValid: false };
      await inVisualCheck('r-14');
      expect(runtime.views().staff.cardPhoto).toEqual({ status: 'missing', reason: 'CARD_FACE_SIGNATURE_INVALID' });
      const answer = await get(photoUrl('r-14'), 'reception');
      expect([answer.statusCode, answer.json().error]).toEqual([404, { code: 'CARD_PHOTO_MISSING', message: 'CARD_FACE_SIGNATURE_INVALID' }]);
      expect(auditEntries.map((entry) => entry.action)).toEqual(['STAFF_VISUAL_CHECK_STARTED']);
    });
  });
});
