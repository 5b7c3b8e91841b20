import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultReceptionSettings } from '../../flow/reception-settings';
import { FakePorts } from '../../flow/testing/fake-ports';
import type { CardSlot } from '../kiosk/card-slot';
import { KioskRuntime } from '../kiosk/kiosk-runtime';
import { StaffCardFront } from '../kiosk/staff-card-front';
import { buildReceptionApi } from './reception-api';

const ports = new FakePorts();
const runtime = new KioskRuntime({ settings: defaultReceptionSettings('kiosk-1'), dependencies: ports.dependencies(), onEmitted: () => {}, clock: ports.clock });
const audited: { staffId: string; action: string; receptionId: string | undefined }[] = [];
const app = await buildReceptionApi({
  kiosks: new Map([['kiosk-1', { runtime, slot: {} as CardSlot, staffCardFront: new StaffCardFront() }]]),
  staff: { token: 'staff-token', account: 'uketsuke01' },
  recordStaffAction: async (action) => void audited.push(action),
});
const staff = { authorization: 'Bearer staff-token' };

beforeAll(() => app.ready());
afterAll(async () => {
  await app.close();
  runtime.stop();
});

describe('reception API', () => {
  it('gives the kiosk view and the staff list', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/kiosks/kiosk-1/view' })).json()).toMatchObject({ kioskId: 'kiosk-1', screen: 'place-card' });
    expect((await app.inject({ method: 'GET', url: '/api/kiosks' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/kiosks', headers: staff })).json().kiosks).toHaveLength(1);
  });

  it('refuses unknown kiosks, events and paths with coded envelopes', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/kiosks/nope/view' })).json()).toEqual({ error: { code: 'KIOSK_UNKNOWN', message: 'no such kiosk' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/kiosks/kiosk-1/events', payload: { type: 'card.inserted', receptionId: 'x' } });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'EVENT_UNKNOWN']);
    const untimely = await app.inject({ method: 'POST', url: '/api/kiosks/kiosk-1/events', payload: { type: 'pin.entered', pin: '1234' } });
    expect([untimely.statusCode, untimely.json().error.code]).toEqual([409, 'EVENT_NOT_ACCEPTED']);
    const garbage = await app.inject({ method: 'POST', url: '/api/kiosks/kiosk-1/events', headers: { 'content-type': 'application/json' }, payload: '{"type":' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error.code).toBeTruthy();
    expect((await app.inject({ method: 'GET', url: '//%zz' })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('takes staff events only with the staff token, and records the account, not what the page claims', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/staff/kiosks/kiosk-1/events', payload: { type: 'staff.visualCheck.started' } })).statusCode).toBe(401);
    runtime.cardInserted('r-api');
    const stale = await app.inject({ method: 'POST', url: '/api/staff/kiosks/kiosk-1/events', headers: staff, payload: { type: 'staff.visualCheck.started', receptionId: 'r-before' } });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'RECEPTION_CHANGED']);
    const started = await app.inject({ method: 'POST', url: '/api/staff/kiosks/kiosk-1/events', headers: staff, payload: { type: 'staff.visualCheck.started', staffId: 'forged', receptionId: 'r-api' } });
    expect(started.json()).toMatchObject({ ok: true, view: { screen: 'visual-check' } });
    expect(audited).toEqual([{ kioskId: 'kiosk-1', staffId: 'uketsuke01', action: 'STAFF_VISUAL_CHECK_STARTED', receptionId: 'r-api' }]);
  });

  it('checks 照合番号B typed by staff before it goes anywhere', async () => {
    const unnamed = await app.inject({ method: 'POST', url: '/api/staff/kiosks/kiosk-1/collation-number', headers: staff, payload: { collationNumberB: '55021720352285' } });
    expect(unnamed.json().error.code).toBe('RECEPTION_CHANGED');
    const short = await app.inject({ method: 'POST', url: '/api/staff/kiosks/kiosk-1/collation-number', headers: staff, payload: { collationNumberB: '1234', receptionId: 'r-api' } });
    expect(short.json().error.code).toBe('INVALID_INPUT');
    const notWaiting = await app.inject({ method: 'POST', url: '/api/staff/kiosks/kiosk-1/collation-number', headers: staff, payload: { collationNumberB: '55021720352285', receptionId: 'r-api' } });
    expect(notWaiting.json().error.code).toBe('EVENT_NOT_ACCEPTED');
  });

  it('refuses a WebSocket from a page of another origin', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const closed = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api/kiosks/kiosk-1/stream`, { origin: 'http://evil.example' });
      socket.on('close', (code) => resolve(code));
    });
    expect(closed).toBe(4403);
    const own = await new Promise<unknown>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api/kiosks/kiosk-1/stream`, { origin: `http://127.0.0.1:${port}` });
      socket.on('message', (data) => {
        socket.close();
        resolve(JSON.parse(String(data)));
      });
    });
    expect(own).toMatchObject({ view: { kioskId: 'kiosk-1' } });
  });
});
