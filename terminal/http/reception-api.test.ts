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
const app = await buildReceptionApi({
  kiosks: new Map([['kiosk-1', { runtime, slot: {} as CardSlot, staffCardFront: new StaffCardFront() }]]),
});

beforeAll(() => app.ready());
afterAll(async () => {
  await app.close();
  runtime.stop();
});

describe('reception API', () => {
  it('gives the kiosk view; staff actions are not here (only the signed-in console routes take them)', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/kiosks/kiosk-1/view' })).json()).toMatchObject({ kioskId: 'kiosk-1', screen: 'place-card' });
    runtime.cardInserted('r-api');
    for (const url of ['/api/kiosks', '/api/staff/kiosks/kiosk-1/events', '/api/staff/kiosks/kiosk-1/collation-number']) {
      const answer = await app.inject({ method: url === '/api/kiosks' ? 'GET' : 'POST', url, headers: { authorization: 'Bearer anything' }, payload: url === '/api/kiosks' ? undefined : { type: 'staff.visualCheck.started', receptionId: 'r-api' } });
      expect([answer.statusCode, answer.json().error.code]).toEqual([404, 'NOT_FOUND']);
    }
    // A staff event cannot come in by the kiosk's door either.
    const byKioskDoor = await app.inject({ method: 'POST', url: '/api/kiosks/kiosk-1/events', payload: { type: 'staff.visualCheck.started', receptionId: 'r-api' } });
    expect(byKioskDoor.statusCode).toBeGreaterThanOrEqual(400);
    expect(runtime.views().kiosk.screen).not.toBe('visual-check');
    runtime.cardRemoved();
  });

  it('serves no kiosk route where the kiosks are Electron windows', async () => {
    const pagesOnly = await buildReceptionApi({});
    expect((await pagesOnly.inject({ method: 'GET', url: '/api/kiosks/kiosk-1/view' })).json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no such resource' } });
    await pagesOnly.close();
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
