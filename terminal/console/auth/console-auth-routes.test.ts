import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleRole } from '../../../store/console-accounts-store';
import { buildReceptionApi } from '../../http/reception-api';
import { CSRF_COOKIE, registerConsoleAuth, SESSION_COOKIE, type ConsoleGuards } from './console-auth-routes';
import type { ConsoleAuthSettings } from './settings';
import { openConsoleAuthFixture, type ConsoleAuthFixture } from './testing/console-auth-fixture';
import { totpCodeAt } from './totp';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'さくら もち こたつ みかん';
const MINUTE = 60_000;
const HOST = '127.0.0.1:8300';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> & { error?: { code: string; message: string } };
  readonly setCookies: readonly string[];
}

/** A browser in miniature: keeps cookies, sends the CSRF token it was last given. */
class Client {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      headers: {
        host: HOST,
        ...(cookie === '' ? {} : { cookie }),
        ...(this.csrfToken === undefined || method === 'GET' ? {} : { 'x-csrf-token': this.csrfToken }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const raw = response.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value === '' || /Expires=Thu, 01 Jan 1970/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const parsed = response.body === '' ? {} : (JSON.parse(response.body) as Answer['body']);
    if (typeof parsed['csrfToken'] === 'string') this.csrfToken = parsed['csrfToken'];
    return { status: response.statusCode, body: parsed, setCookies };
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) => this.request('POST', url, body, headers);
  patch = (url: string, body: unknown, headers?: Record<string, string>) => this.request('PATCH', url, body, headers);

  async login(login: string, password = PASSWORD, totp?: string): Promise<Answer> {
    // As the login page does: the form's token is made for no session.
    await this.get('/api/console/csrf');
    return this.post('/api/console/login', { login, password, ...(totp === undefined ? {} : { totp }) });
  }
}

const codeOf = (answer: Answer) => answer.body.error?.code;

describe('console auth API', () => {
  let fixture: ConsoleAuthFixture;
  let app: FastifyInstance;
  let guards: ConsoleGuards;

  async function start(settings: Partial<ConsoleAuthSettings> = {}): Promise<void> {
    fixture = openConsoleAuthFixture(settings);
    app = await buildReceptionApi({  });
    guards = await registerConsoleAuth(app, { auth: fixture.auth, csrfKey: fixture.keys.csrfHmac });
    // Stand-ins for the console's other routes, each guarded as they will be.
    app.get('/api/console/receptions', { preHandler: guards.requireRole('reception', 'clinician', 'admin') }, async () => ({ receptions: [] }));
    app.get('/api/console/medication', { preHandler: guards.requireRole('clinician') }, async () => ({ medication: [] }));
    app.post('/api/console/receptions/r-1/acknowledge', { preHandler: guards.requireRole('reception', 'clinician') }, async () => ({ ok: true }));
    await app.ready();
    await fixture.addAccount({ login: 'admin', role: 'admin', password: PASSWORD });
    await fixture.addAccount({ login: 'uketsuke', role: 'reception', password: PASSWORD });
    await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
  }

  afterEach(async () => {
    await app?.close();
    fixture?.dispose();
  });

  describe('with the default settings', () => {
    beforeEach(() => start());

    it('signs in: the session cookie is HttpOnly, Secure, SameSite=Strict, Path=/, host-only and ends with the browser', async () => {
      const client = new Client(app);
      const csrf = await client.get('/api/console/csrf');
      expect(csrf.status).toBe(200);
      const login = await client.login('uketsuke');
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ account: { login: 'uketsuke', role: 'reception' }, mustChangePassword: false, pending: null, totp: { required: false, enrolled: false } });
      const session = login.setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
      const flags = session.split(';').slice(1).map((part) => part.trim());
      expect(flags.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
      const csrfCookie = csrf.setCookies.find((line) => line.startsWith(`${CSRF_COOKIE}=`))!;
      expect(csrfCookie.split(';').slice(1).map((part) => part.trim()).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
      expect(session.split(';')[0]!.split('=')[1]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const me = await client.get('/api/console/me');
      expect(me.body).toMatchObject({ account: { login: 'uketsuke' }, session: { idleTimeoutMs: 15 * MINUTE } });
    });

    it('gives a new session id at login and the one the browser came with stops working (no fixation)', async () => {
      const victim = new Client(app);
      await victim.login('uketsuke');
      const before = victim.cookies.get(SESSION_COOKIE)!;
      await victim.login('uketsuke');
      const after = victim.cookies.get(SESSION_COOKIE)!;
      expect(after).not.toBe(before);
      const attacker = new Client(app);
      attacker.cookies.set(SESSION_COOKIE, before);
      expect(codeOf(await attacker.get('/api/console/me'))).toBe('LOGIN_REQUIRED');
      // A planted id is replaced at login, never adopted.
      const planted = new Client(app);
      planted.cookies.set(SESSION_COOKIE, 'P'.repeat(43));
      await planted.login('uketsuke');
      expect(planted.cookies.get(SESSION_COOKIE)).not.toBe('P'.repeat(43));
    });

    it('refuses every guarded route without a session: LOGIN_REQUIRED', async () => {
      const client = new Client(app);
      await client.get('/api/console/csrf');
      for (const [method, url] of [
        ['GET', '/api/console/me'],
        ['POST', '/api/console/logout'],
        ['POST', '/api/console/password'],
        ['POST', '/api/console/totp/enrol'],
        ['GET', '/api/console/accounts'],
        ['POST', '/api/console/accounts'],
        ['POST', '/api/console/accounts/1/unlock'],
        ['GET', '/api/console/receptions'],
        ['GET', '/api/console/medication'],
      ] as const) {
        const answer = method === 'GET' ? await client.get(url) : await client.post(url, {});
        expect([answer.status, codeOf(answer)], `${method} ${url}`).toEqual([401, 'LOGIN_REQUIRED']);
      }
    });

    it('checks each role on the server: what each role may read and do, and ROLE_FORBIDDEN for the rest', async () => {
      const matrix: Record<ConsoleRole, Record<string, number>> = {
        reception: { receptions: 200, medication: 403, accounts: 403, createAccount: 403, acknowledge: 200 },
        clinician: { receptions: 200, medication: 200, accounts: 403, createAccount: 403, acknowledge: 200 },
        admin: { receptions: 200, medication: 403, accounts: 200, createAccount: 201, acknowledge: 403 },
      };
      const logins: Record<ConsoleRole, string> = { reception: 'uketsuke', clinician: 'kusuri', admin: 'admin' };
      for (const role of ['reception', 'clinician', 'admin'] as const) {
        const client = new Client(app);
        await client.login(logins[role]);
        const answers = {
          receptions: await client.get('/api/console/receptions'),
          medication: await client.get('/api/console/medication'),
          accounts: await client.get('/api/console/accounts'),
          createAccount: await client.post('/api/console/accounts', { login: `new-${role}`, displayName: '新人', role: 'reception' }),
          acknowledge: await client.post('/api/console/receptions/r-1/acknowledge'),
        };
        for (const [name, answer] of Object.entries(answers)) {
          expect(answer.status, `${role} ${name}`).toBe(matrix[role][name]);
          if (answer.status === 403) expect(codeOf(answer), `${role} ${name}`).toBe('ROLE_FORBIDDEN');
        }
      }
      // Each refusal is in the audit log: who asked for which route.
      const refusals = fixture.temp.db
        .prepare("SELECT actor_id AS actor, detail_json AS detail FROM audit_log WHERE event = 'ACCESS_REFUSED' ORDER BY id")
        .all()
        .map((row) => {
          const { actor, detail } = row as { actor: string; detail: string };
          return `${actor} ${(JSON.parse(detail) as { route: string; reason: string }).route}`;
        });
      // The same account refused the same route again within a minute is written once (GET and POST of accounts).
      expect(refusals).toEqual(['uketsuke MEDICATION', 'uketsuke ACCOUNTS', 'kusuri ACCOUNTS', 'admin MEDICATION', 'admin RECEPTIONS_R_1_ACKNOWLEDGE']);
    });

    it('refuses a state change without the CSRF token, with a wrong one, with another session’s, or from another site', async () => {
      const client = new Client(app);
      await client.login('admin');
      const ownToken = client.csrfToken!;
      // Another session made with the same CSRF secret cookie: only the session binding tells the tokens apart.
      const other = new Client(app);
      other.cookies.set(CSRF_COOKIE, client.cookies.get(CSRF_COOKIE)!);
      await other.login('uketsuke');
      expect(other.cookies.get(CSRF_COOKIE)).toBe(client.cookies.get(CSRF_COOKIE));
      const create = (headers: Record<string, string>) => client.post('/api/console/accounts', { login: 'csrf-probe', displayName: 'x', role: 'reception' }, headers);

      client.csrfToken = undefined;
      expect(codeOf(await create({}))).toBe('CSRF_INVALID');
      expect(codeOf(await create({ 'x-csrf-token': 'forged-token-value' }))).toBe('CSRF_INVALID');
      expect(codeOf(await create({ 'x-csrf-token': other.csrfToken! }))).toBe('CSRF_INVALID');
      // The login form's token, from this very browser.
      await client.get('/api/console/csrf');
      expect(codeOf(await create({ 'x-csrf-token': client.csrfToken! }))).toBe('CSRF_INVALID');
      client.csrfToken = ownToken;
      expect(codeOf(await create({ origin: 'http://evil.example' }))).toBe('CSRF_INVALID');
      expect(codeOf(await create({ 'sec-fetch-site': 'cross-site' }))).toBe('CSRF_INVALID');
      // The token is bound to the secret cookie too: without it, refused.
      const secret = client.cookies.get(CSRF_COOKIE)!;
      client.cookies.delete(CSRF_COOKIE);
      expect(codeOf(await create({}))).toBe('CSRF_INVALID');
      client.cookies.set(CSRF_COOKIE, secret);
      expect(fixture.accounts.credentialsByLogin('csrf-probe')).toBeUndefined();
      const made = await create({ origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' });
      expect(made.status).toBe(201);
      // Logout is a state change too.
      client.csrfToken = undefined;
      expect(codeOf(await client.post('/api/console/logout'))).toBe('CSRF_INVALID');
    });

    it('refuses a login without the form’s CSRF token, or from another site', async () => {
      const client = new Client(app);
      expect(codeOf(await client.post('/api/console/login', { login: 'admin', password: PASSWORD }))).toBe('CSRF_INVALID');
      await client.get('/api/console/csrf');
      expect(codeOf(await client.post('/api/console/login', { login: 'admin', password: PASSWORD }, { origin: 'http://evil.example' }))).toBe('CSRF_INVALID');
      expect((await client.post('/api/console/login', { login: 'admin', password: PASSWORD })).status).toBe(200);
    });

    it('says LOGIN_FAILED for a wrong password and an unknown name alike, and ACCOUNT_LOCKED (423) after five failures', async () => {
      const client = new Client(app);
      expect([(await client.login('nobody')).status, codeOf(await client.login('nobody'))]).toEqual([401, 'LOGIN_FAILED']);
      for (let attempt = 0; attempt < 4; attempt += 1) expect(codeOf(await client.login('uketsuke', 'wrong password!'))).toBe('LOGIN_FAILED');
      const locked = await client.login('uketsuke', 'wrong password!');
      expect(locked.status).toBe(423);
      expect(locked.body.error).toMatchObject({ code: 'ACCOUNT_LOCKED', lockedUntil: new Date(fixture.clock.now().getTime() + 15 * MINUTE).toISOString() });
      expect(codeOf(await client.login('uketsuke'))).toBe('ACCOUNT_LOCKED');
      const admin = new Client(app);
      await admin.login('admin');
      const listed = await admin.get('/api/console/accounts');
      const id = (listed.body['accounts'] as { id: number; login: string; lockedUntil: string | null }[]).find((account) => account.login === 'uketsuke')!;
      expect(id.lockedUntil).not.toBeNull();
      expect((await admin.post(`/api/console/accounts/${id.id}/unlock`)).body).toEqual({ ok: true });
      expect((await client.login('uketsuke')).status).toBe(200);
    });

    it('while the one-time password is unchanged, refuses everything but me, password and logout (PASSWORD_CHANGE_REQUIRED)', async () => {
      const admin = new Client(app);
      await admin.login('admin');
      const created = await admin.post('/api/console/accounts', { login: 'uketsuke-02', displayName: '受付 二', role: 'reception' });
      expect(created.status).toBe(201);
      const oneTimePassword = created.body['oneTimePassword'] as string;
      expect(oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(JSON.stringify(created.body)).not.toMatch(/scrypt|sealed/);

      const newcomer = new Client(app);
      const login = await newcomer.login('uketsuke-02', oneTimePassword);
      expect(login.body).toMatchObject({ mustChangePassword: true, pending: 'PASSWORD_CHANGE_REQUIRED' });
      expect([(await newcomer.get('/api/console/receptions')).status, codeOf(await newcomer.get('/api/console/receptions'))]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
      expect(codeOf(await newcomer.post('/api/console/receptions/r-1/acknowledge'))).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(codeOf(await newcomer.post('/api/console/totp/enrol'))).toBe('PASSWORD_CHANGE_REQUIRED');
      expect((await newcomer.get('/api/console/me')).status).toBe(200);
      expect(codeOf(await newcomer.post('/api/console/password', { currentPassword: oneTimePassword, newPassword: oneTimePassword }))).toBe('PASSWORD_REUSED');
      expect(codeOf(await newcomer.post('/api/console/password', { currentPassword: oneTimePassword, newPassword: 'short' }))).toBe('PASSWORD_TOO_SHORT');
      expect(codeOf(await newcomer.post('/api/console/password', { currentPassword: 'not it', newPassword: NEW_PASSWORD }))).toBe('PASSWORD_INCORRECT');
      const before = newcomer.cookies.get(SESSION_COOKIE);
      const changed = await newcomer.post('/api/console/password', { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD });
      expect(changed.body).toMatchObject({ mustChangePassword: false, pending: null });
      expect(newcomer.cookies.get(SESSION_COOKIE)).not.toBe(before);
      expect((await newcomer.get('/api/console/receptions')).status).toBe(200);
      expect((await newcomer.post('/api/console/logout')).body).toEqual({ ok: true });
      expect(newcomer.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(codeOf(await newcomer.get('/api/console/me'))).toBe('LOGIN_REQUIRED');
    });

    it('ends an idle session with SESSION_EXPIRED and clears its cookie', async () => {
      const client = new Client(app);
      await client.login('uketsuke');
      fixture.clock.advance(10 * MINUTE);
      // A background refresh does not keep the session alive...
      expect((await client.get('/api/console/receptions', { 'x-console-background': '1' })).status).toBe(200);
      fixture.clock.advance(5 * MINUTE);
      const expired = await client.get('/api/console/receptions');
      expect([expired.status, codeOf(expired)]).toEqual([401, 'SESSION_EXPIRED']);
      expect(expired.setCookies.some((line) => line.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
      // ...the staff member's own requests do.
      await client.login('uketsuke');
      fixture.clock.advance(10 * MINUTE);
      expect((await client.get('/api/console/receptions')).status).toBe(200);
      fixture.clock.advance(10 * MINUTE);
      expect((await client.get('/api/console/receptions')).status).toBe(200);
    });

    it('lets an administrator manage accounts, and keeps hashes and secrets out of every answer', async () => {
      const admin = new Client(app);
      await admin.login('admin');
      const accounts = (await admin.get('/api/console/accounts')).body['accounts'] as { id: number; login: string }[];
      expect(accounts.map((account) => account.login)).toEqual(['admin', 'kusuri', 'uketsuke']);
      expect(JSON.stringify(accounts)).not.toMatch(/scrypt|hash|secret|sealed/i);
      const kusuri = accounts.find((account) => account.login === 'kusuri')!;
      const adminId = accounts.find((account) => account.login === 'admin')!.id;
      expect((await admin.patch(`/api/console/accounts/${kusuri.id}`, { role: 'reception', displayName: '薬剤 師' })).body).toMatchObject({ account: { role: 'reception', displayName: '薬剤 師' } });
      expect(codeOf(await admin.patch(`/api/console/accounts/${adminId}`, { role: 'reception' }))).toBe('LAST_ADMINISTRATOR');
      expect(codeOf(await admin.patch(`/api/console/accounts/${kusuri.id}`, { role: 'root' }))).toBe('INVALID_INPUT');
      expect(codeOf(await admin.post('/api/console/accounts', { login: 'kusuri', displayName: 'x', role: 'reception' }))).toBe('ACCOUNT_EXISTS');
      expect(codeOf(await admin.post('/api/console/accounts', { login: '受付', displayName: 'x', role: 'reception' }))).toBe('INVALID_INPUT');
      expect(codeOf(await admin.post('/api/console/accounts/9999/unlock'))).toBe('ACCOUNT_NOT_FOUND');
      expect(codeOf(await admin.post('/api/console/accounts/abc/unlock'))).toBe('ACCOUNT_NOT_FOUND');
      const reset = await admin.post(`/api/console/accounts/${kusuri.id}/password-reset`);
      const kusuriClient = new Client(app);
      expect(codeOf(await kusuriClient.login('kusuri'))).toBe('LOGIN_FAILED');
      expect((await kusuriClient.login('kusuri', reset.body['oneTimePassword'] as string)).body).toMatchObject({ pending: 'PASSWORD_CHANGE_REQUIRED' });
      expect((await admin.patch(`/api/console/accounts/${kusuri.id}`, { disabled: true })).body).toMatchObject({ account: { disabled: true } });
      expect(codeOf(await kusuriClient.get('/api/console/me'))).toBe('LOGIN_REQUIRED');
      const events = (fixture.temp.db.prepare('SELECT event, detail_json FROM audit_log').all() as { event: string; detail_json: string }[]);
      expect(events.map((row) => row.event)).toEqual(expect.arrayContaining(['ACCOUNT_CHANGED', 'PASSWORD_RESET', 'LOGIN_SUCCEEDED', 'LOGIN_FAILED']));
      expect(JSON.stringify(events)).not.toContain(reset.body['oneTimePassword'] as string);
      expect(JSON.stringify(events)).not.toContain(PASSWORD);
    });

    it('answers malformed bodies with INVALID_INPUT in the envelope', async () => {
      const client = new Client(app);
      await client.get('/api/console/csrf');
      const response = await app.inject({ method: 'POST', url: '/api/console/login', headers: { host: HOST, 'content-type': 'application/json', cookie: `${CSRF_COOKIE}=${client.cookies.get(CSRF_COOKIE)}`, 'x-csrf-token': client.csrfToken! }, payload: '{"login":' });
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
      expect(codeOf(await client.post('/api/console/login', { login: ['admin'], password: PASSWORD }))).toBe('INVALID_INPUT');
    });
  });

  it('limits login attempts from one address: RATE_LIMITED (429)', async () => {
    await start({ loginRateLimit: { max: 3, windowMs: MINUTE } });
    const client = new Client(app);
    for (let attempt = 0; attempt < 3; attempt += 1) expect(codeOf(await client.login('uketsuke', 'wrong password!'))).toBe('LOGIN_FAILED');
    const limited = await client.login('uketsuke');
    expect([limited.status, codeOf(limited)]).toEqual([429, 'RATE_LIMITED']);
    // Other routes are not limited.
    expect((await client.get('/api/console/csrf')).status).toBe(200);
  });

  it('with TOTP required for a role: enrolment first, then every login needs a code', async () => {
    await start({ totpRequiredFor: ['clinician'] });
    const client = new Client(app);
    const login = await client.login('kusuri');
    expect(login.body).toMatchObject({ pending: 'TOTP_ENROLMENT_REQUIRED', totp: { required: true, enrolled: false } });
    expect(codeOf(await client.get('/api/console/medication'))).toBe('TOTP_ENROLMENT_REQUIRED');
    const enrolment = await client.post('/api/console/totp/enrol');
    const secret = enrolment.body['secret'] as string;
    expect(enrolment.body['uri']).toMatch(/^otpauth:\/\/totp\//);
    expect(codeOf(await client.post('/api/console/totp/confirm', { code: 'abcdef' }))).toBe('TOTP_INVALID');
    expect((await client.post('/api/console/totp/confirm', { code: totpCodeAt(secret, fixture.clock.now()) })).body).toMatchObject({ pending: null, totp: { enrolled: true } });
    expect((await client.get('/api/console/medication')).status).toBe(200);
    expect(codeOf(await client.post('/api/console/totp/enrol'))).toBe('TOTP_ALREADY_ENROLLED');
    expect((await client.get('/api/console/me')).body).not.toHaveProperty('secret');

    fixture.clock.advance(30_000);
    const again = new Client(app);
    expect([(await again.login('kusuri')).status, codeOf(await again.login('kusuri'))]).toEqual([401, 'TOTP_REQUIRED']);
    expect(codeOf(await again.login('kusuri', PASSWORD, '000000' === totpCodeAt(secret, fixture.clock.now()) ? '111111' : '000000'))).toBe('TOTP_INVALID');
    expect((await again.login('kusuri', PASSWORD, totpCodeAt(secret, fixture.clock.now()))).status).toBe(200);
    // A reception account, not named in the setting, signs in with its password alone.
    expect((await new Client(app).login('uketsuke')).body).toMatchObject({ pending: null, totp: { required: false } });
  });
});
