import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteFacilitySettingsStore } from '../../store/facility-settings-store';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { parseReceptionConfig } from '../config';
import { SAMPLE_CONFIG_INPUT } from '../testing/sample-config';
import { FacilitySettingsService } from '../settings/settings-service';
import { registerSettingsRoutes } from './settings-routes';

// The routes behind a stand-in for the sign-in (x-test-role names the signed-in account's role; the
// guard lets only admin through). The real guard, with its CSRF check, is tested in the browser test.
const fileConfig = parseReceptionConfig(SAMPLE_CONFIG_INPUT);

describe('the settings routes', () => {
  let temp: TempReceptionStore;
  let app: FastifyInstance;
  let saves: number;

  beforeEach(async () => {
    temp = openTempReceptionStore();
    saves = 0;
    const settings = new FacilitySettingsService(new SqliteFacilitySettingsStore(temp.db), fileConfig, { reconfigureKiosks: () => undefined, setFaceFileEncoding: () => undefined }, { now: () => new Date('2026-12-05T01:00:00Z') });
    app = Fastify();
    await registerSettingsRoutes(app, {
      settings,
      guard: async (request, reply) => {
        const role = request.headers['x-test-role'];
        if (typeof role !== 'string') return reply.code(401).send({ error: { code: 'LOGIN_REQUIRED', message: 'sign in' } });
        if (role !== 'admin') return reply.code(403).send({ error: { code: 'ROLE_FORBIDDEN', message: 'role' } });
      },
      staffOf: () => 'kanri',
      onSaved: () => {
        saves += 1;
      },
    });
  });

  afterEach(async () => {
    await app.close();
    temp.dispose();
  });

  const get = (role: string | null = 'admin') => app.inject({ method: 'GET', url: '/api/console/settings', headers: role === null ? {} : { 'x-test-role': role } });
  const put = (body: unknown, role = 'admin') =>
    app.inject({ method: 'PUT', url: '/api/console/settings', headers: { 'x-test-role': role, 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) });

  it('shows an administrator the settings, never cached, and saves a change with what applies now and what at restart', async () => {
    const shown = await get();
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    const view = shown.json();
    expect(view).toMatchObject({ version: 0, restartPending: [], settings: { facility: { medicalInstitutionCode: '1399999999' } } });
    const saved = await put({ baseVersion: 0, settings: { ...view.settings, languages: ['ja', 'en'], facility: { ...view.settings.facility, medicalInstitutionCode: '1399999998' } } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ version: 1, applied: ['languages'], restartRequired: ['facilityCode'] });
    expect(saves).toBe(1);
    expect((await get()).json()).toMatchObject({ version: 1, savedBy: 'kanri', restartPending: ['facilityCode'] });
  });

  it('refuses other roles and visitors with the guard’s envelope, before reading anything', async () => {
    for (const role of ['reception', 'clinician']) {
      expect((await get(role)).json()).toEqual({ error: { code: 'ROLE_FORBIDDEN', message: 'role' } });
      const view = (await get()).json();
      expect((await put({ baseVersion: 0, settings: { ...view.settings, languages: ['ja', 'ko'] } }, role)).statusCode).toBe(403);
    }
    expect((await get(null)).statusCode).toBe(401);
    expect((await get()).json().version).toBe(0);
  });

  it('answers every bad save with a code and the problems by field, and keeps the saved settings', async () => {
    const view = (await get()).json();
    const invalid = await put({ baseVersion: 0, settings: { ...view.settings, timeouts: { ...view.settings.timeouts, pinEntryMs: 'soon' } } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'SETTINGS_INVALID' }, problems: [{ path: 'timeouts.pinEntryMs' }] });
    for (const body of ['[]', '{"baseVersion":0}', 'null', '{"baseVersion":"0","settings":{}}']) {
      const answer = await put(body);
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error.code).toBe('SETTINGS_INVALID');
    }
    // Not JSON at all: the framework's parser refuses it (the terminal's app turns that into its envelope).
    expect((await put('not json')).statusCode).toBe(400);
    expect((await put({ baseVersion: 0, settings: view.settings })).json()).toMatchObject({ error: { code: 'SETTINGS_UNCHANGED' } });
    expect((await put({ baseVersion: 0, settings: { ...view.settings, languages: ['ja', 'en'] } })).statusCode).toBe(200);
    const stale = await put({ baseVersion: 0, settings: { ...view.settings, languages: ['ja', 'vi'] } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'SETTINGS_CONFLICT' } });
    const oversized = await put({ baseVersion: 1, settings: { ...view.settings, facility: { ...view.settings.facility, name: 'x'.repeat(70_000) } } });
    expect(oversized.statusCode).toBe(413);
    expect((await get()).json()).toMatchObject({ version: 1, settings: { languages: ['ja', 'en'] } });
  });
});
