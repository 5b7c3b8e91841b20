import QRCode from 'qrcode';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ConsoleAccount, ConsoleRole } from '../../../store/console-accounts-store';
import type { ConsoleAuth, ConsoleAuthCode, ConsoleSession, PendingStep, Refusal } from './console-auth';

/**
 * The console's sign-in API on the terminal's fastify app, under /api/console/:
 *
 * - GET   csrf                        a CSRF token for the login form (no session needed)
 * - POST  login                       { login, password, totp? } → session cookie, the `me` body
 * - POST  logout                      ends the session
 * - GET   me                          the account, its role, the step it still owes, a CSRF token
 * - POST  password                    { currentPassword, newPassword } → a new session cookie
 * - POST  totp/enrol                  a new TOTP secret, its otpauth:// URI and that URI as a QR code (shown once)
 * - POST  totp/confirm                { code } → the secret becomes the second factor
 * - GET   accounts                    (admin) every account, without hash or secret
 * - POST  accounts                    (admin) { login, displayName, role } → the account and its one-time password, shown once
 * - PATCH accounts/:id                (admin) { displayName?, role?, disabled? }
 * - POST  accounts/:id/unlock         (admin)
 * - POST  accounts/:id/password-reset (admin) → a new one-time password, shown once
 * - POST  accounts/:id/totp-reset     (admin) the account enrols its second factor again
 *
 * Every state-changing request carries the CSRF token (header `x-csrf-token`); every refusal is the
 * coded envelope `{ error: { code, message } }`. Other console routes guard themselves with
 * `requireRole(...)` or `requireSession()` from what `registerConsoleAuth` returns: the role is
 * checked on the server for every request, whatever the page shows.
 */

/** `__Host-`: Secure, Path=/, no Domain — no other host or path can set or shadow it. Chromium takes Secure cookies from http://127.0.0.1 and localhost. */
export const SESSION_COOKIE = '__Host-oqs-console-session';
export const CSRF_COOKIE = '__Host-oqs-console-csrf';
/** A page's background refresh sends this (value 1): it does not count as the staff member's activity. */
export const BACKGROUND_HEADER = 'x-console-background';

const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'strict' } as const;

export type GuardCode = 'LOGIN_REQUIRED' | 'SESSION_EXPIRED' | 'CSRF_INVALID' | 'ROLE_FORBIDDEN' | PendingStep;

const STATUS: Record<ConsoleAuthCode | GuardCode | 'RATE_LIMITED' | 'NOT_FOUND', number> = {
  INVALID_INPUT: 400,
  PASSWORD_TOO_SHORT: 400,
  PASSWORD_TOO_LONG: 400,
  PASSWORD_CONTAINS_LOGIN: 400,
  PASSWORD_TOO_SIMPLE: 400,
  PASSWORD_INVALID_CHARACTERS: 400,
  PASSWORD_REUSED: 400,
  LOGIN_FAILED: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  LOGIN_REQUIRED: 401,
  SESSION_EXPIRED: 401,
  PASSWORD_INCORRECT: 403,
  CSRF_INVALID: 403,
  ROLE_FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_ENROLMENT_REQUIRED: 403,
  ACCOUNT_NOT_FOUND: 404,
  NOT_FOUND: 404,
  ACCOUNT_EXISTS: 409,
  LAST_ADMINISTRATOR: 409,
  TOTP_ALREADY_ENROLLED: 409,
  TOTP_NOT_PENDING: 409,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
};

const MESSAGES: Partial<Record<keyof typeof STATUS, string>> = {
  LOGIN_FAILED: 'wrong login name or password',
  ACCOUNT_LOCKED: 'the account is locked after repeated failures',
  TOTP_REQUIRED: 'this account signs in with a TOTP code too',
  TOTP_INVALID: 'the TOTP code is wrong or was used already',
  LOGIN_REQUIRED: 'sign in first',
  SESSION_EXPIRED: 'the session has ended; sign in again',
  CSRF_INVALID: 'the request carries no valid CSRF token',
  ROLE_FORBIDDEN: 'this account’s role may not do this',
  PASSWORD_CHANGE_REQUIRED: 'change the one-time password first',
  TOTP_ENROLMENT_REQUIRED: 'enrol a second factor (TOTP) first',
  PASSWORD_INCORRECT: 'the current password is wrong',
  PASSWORD_REUSED: 'the new password must differ from the current one',
  PASSWORD_TOO_SHORT: 'the new password needs at least 12 characters',
  PASSWORD_TOO_LONG: 'the new password may have at most 128 characters',
  PASSWORD_CONTAINS_LOGIN: 'the new password must not contain the login name',
  PASSWORD_TOO_SIMPLE: 'the new password is too easy to guess',
  PASSWORD_INVALID_CHARACTERS: 'the new password has control characters',
  LAST_ADMINISTRATOR: 'the last enabled administrator stays one',
};

export interface ConsoleAuthRoutesDeps {
  readonly auth: ConsoleAuth;
  /** HMAC key of the CSRF tokens (from the console key). */
  readonly csrfKey: Buffer;
}

export interface SessionGuardOptions {
  /** Steps the route serves even while the account owes them (the password change route allows PASSWORD_CHANGE_REQUIRED). */
  readonly allow?: readonly PendingStep[];
}

export interface ConsoleGuards {
  /** A signed-in session, CSRF-checked for state-changing methods, with nothing owed (unless allowed). */
  requireSession(options?: SessionGuardOptions): preHandlerAsyncHookHandler;
  /** As requireSession, and the account's role must be one of `roles` (ROLE_FORBIDDEN otherwise). */
  requireRole(...roles: readonly ConsoleRole[]): preHandlerAsyncHookHandler;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireSession / requireRole for the route's handler. */
    consoleSession: ConsoleSession | null;
  }
}

export interface ErrorEnvelope {
  readonly error: { readonly code: string; readonly message: string; readonly lockedUntil?: string };
}

function envelope(code: keyof typeof STATUS, lockedUntil?: Date): ErrorEnvelope {
  return { error: { code, message: MESSAGES[code] ?? code.toLowerCase().replace(/_/g, ' '), ...(lockedUntil === undefined ? {} : { lockedUntil: lockedUntil.toISOString() }) } };
}

function refuseWith(reply: FastifyReply, code: keyof typeof STATUS, lockedUntil?: Date): FastifyReply {
  return reply.code(STATUS[code]).send(envelope(code, lockedUntil));
}

const refusal = (reply: FastifyReply, outcome: Refusal): FastifyReply => refuseWith(reply, outcome.code, outcome.lockedUntil);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser's cross-site request is refused before any token is looked at: modern browsers say
 * where a request comes from (Sec-Fetch-Site, Origin). A client that sends neither (a script on
 * this machine) still needs the token.
 */
function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function publicAccount(account: ConsoleAccount) {
  return { id: account.id, login: account.login, displayName: account.displayName, role: account.role };
}

function adminView(account: ConsoleAccount, now: Date) {
  return {
    ...publicAccount(account),
    mustChangePassword: account.mustChangePassword,
    failedLogins: account.failedLogins,
    lockedUntil: account.lockedUntil !== null && account.lockedUntil > now ? account.lockedUntil.toISOString() : null,
    disabled: account.disabled,
    totpEnrolled: account.totpEnrolled,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

/**
 * Registers the cookie, CSRF and rate-limit plugins on `app` (once) and the sign-in routes under
 * /api/console/, and returns the guards every other console route uses.
 */
export async function registerConsoleAuth(app: FastifyInstance, deps: ConsoleAuthRoutesDeps): Promise<ConsoleGuards> {
  const { auth } = deps;
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  await app.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: COOKIE_OPTIONS,
    // A token is bound to the session it was made for: a token of another session, or of the
    // login form, fails.
    getUserInfo: (request) => request.consoleSession?.sessionHash ?? 'anonymous',
    csrfOpts: { userInfo: true, hmacKey: deps.csrfKey },
  });
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  if (!app.hasRequestDecorator('consoleSession')) app.decorateRequest('consoleSession', null);

  /** @fastify/csrf-protection answers a bad token through the app's error handler; the guard asks it for a verdict instead, so the refusal is this module's envelope whatever app it runs in. */
  const csrfHolds = (request: FastifyRequest): Promise<boolean> =>
    new Promise((resolve) => {
      const verdictOnly = { send: () => resolve(false) } as unknown as FastifyReply;
      app.csrfProtection(request, verdictOnly, () => resolve(true));
    });

  const guard = (roles: readonly ConsoleRole[] | undefined, options: SessionGuardOptions): preHandlerAsyncHookHandler =>
    async function consoleGuard(request, reply) {
      const unsafe = UNSAFE.has(request.method);
      if (unsafe && crossSite(request)) return refuseWith(reply, 'CSRF_INVALID');
      const resolved = auth.resolve(request.cookies[SESSION_COOKIE], { activity: request.headers[BACKGROUND_HEADER] !== '1' });
      if (!resolved.ok) {
        if (request.cookies[SESSION_COOKIE] !== undefined) reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
        return refusal(reply, resolved);
      }
      request.consoleSession = resolved.session;
      if (unsafe && !(await csrfHolds(request))) return refuseWith(reply, 'CSRF_INVALID');
      const { pending } = resolved.session;
      if (pending !== undefined && !(options.allow ?? []).includes(pending)) return refuseWith(reply, pending);
      if (roles !== undefined && !roles.includes(resolved.session.account.role)) {
        auth.recordRoleRefusal(resolved.session, request.routeOptions.url ?? request.url);
        return refuseWith(reply, 'ROLE_FORBIDDEN');
      }
      return undefined;
    };

  const guards: ConsoleGuards = {
    requireSession: (options = {}) => guard(undefined, options),
    requireRole: (...roles) => guard(roles, {}),
  };

  const sessionOf = (request: FastifyRequest): ConsoleSession => {
    if (request.consoleSession === null) throw new Error('a console route ran without its guard');
    return request.consoleSession;
  };

  const meBody = (reply: FastifyReply, session: ConsoleSession) => ({
    account: publicAccount(session.account),
    mustChangePassword: session.account.mustChangePassword,
    totp: { required: session.totpRequired, enrolled: session.account.totpEnrolled },
    pending: session.pending ?? null,
    session: {
      idleTimeoutMs: auth.settings.idleTimeoutMs,
      expiresAt: new Date(session.createdAt.getTime() + auth.settings.absoluteTimeoutMs).toISOString(),
    },
    csrfToken: reply.generateCsrf({ userInfo: session.sessionHash }),
  });

  const startSession = (reply: FastifyReply, sessionId: string, session: ConsoleSession) => {
    reply.setCookie(SESSION_COOKIE, sessionId, COOKIE_OPTIONS);
    return meBody(reply, session);
  };

  const accountIdOf = (params: { id: string }): number | undefined => (/^[1-9]\d{0,9}$/.test(params.id) ? Number(params.id) : undefined);
  const bodyOf = (request: FastifyRequest): Record<string, unknown> =>
    typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {};

  const passwordChange = guards.requireSession({ allow: ['PASSWORD_CHANGE_REQUIRED'] });
  const anyStep = guards.requireSession({ allow: ['PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLMENT_REQUIRED'] });
  const enrolment = guards.requireSession({ allow: ['TOTP_ENROLMENT_REQUIRED'] });
  const admin = guards.requireRole('admin');

  await app.register(
    async (api) => {
      api.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
        if (error.statusCode === 429) return refuseWith(reply, 'RATE_LIMITED');
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return reply.code(400).send({ error: { code: 'INVALID_INPUT', message: 'the request is not valid JSON of the expected shape' } });
        return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
      });
      api.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });

      api.get('/csrf', async (request, reply) => {
        request.consoleSession = null;
        return { csrfToken: reply.generateCsrf({ userInfo: 'anonymous' }) };
      });

      api.post(
        '/login',
        {
          config: {
            rateLimit: {
              max: auth.settings.loginRateLimit.max,
              timeWindow: auth.settings.loginRateLimit.windowMs,
              errorResponseBuilder: (_request: FastifyRequest, context: { statusCode: number }) => Object.assign(new Error('too many login attempts'), { statusCode: context.statusCode }),
            },
          },
          preHandler: async (request, reply) => {
            if (crossSite(request)) return refuseWith(reply, 'CSRF_INVALID');
            request.consoleSession = null;
            if (!(await csrfHolds(request))) return refuseWith(reply, 'CSRF_INVALID');
            return undefined;
          },
        },
        async (request, reply) => {
          const body = bodyOf(request);
          const outcome = await auth.login({ login: body['login'], password: body['password'], ...(body['totp'] === undefined ? {} : { totp: body['totp'] }) }, request.cookies[SESSION_COOKIE]);
          if (!outcome.ok) return refusal(reply, outcome);
          return startSession(reply, outcome.sessionId, outcome.session);
        },
      );

      api.post('/logout', { preHandler: anyStep }, async (request, reply) => {
        auth.logout(sessionOf(request));
        reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
        return { ok: true };
      });

      api.get('/me', { preHandler: anyStep }, async (request, reply) => meBody(reply, sessionOf(request)));

      api.post('/password', { preHandler: passwordChange }, async (request, reply) => {
        const body = bodyOf(request);
        const session = sessionOf(request);
        const outcome = await auth.changePassword(session, body['currentPassword'], body['newPassword']);
        if (!outcome.ok) {
          if (outcome.code === 'ACCOUNT_LOCKED') reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
          return refusal(reply, outcome);
        }
        return startSession(reply, outcome.sessionId, outcome.session);
      });

      api.post('/totp/enrol', { preHandler: enrolment }, async (request, reply) => {
        const outcome = auth.startTotpEnrolment(sessionOf(request));
        if (!outcome.ok) return refusal(reply, outcome);
        // The same URI as a QR code the authenticator app scans (a PNG data URL: the page shows it as an image, nothing is stored).
        const qr = await QRCode.toDataURL(outcome.enrolment.uri, { errorCorrectionLevel: 'M', margin: 4, scale: 6 });
        reply.header('cache-control', 'no-store');
        return { secret: outcome.enrolment.secret, uri: outcome.enrolment.uri, qr };
      });

      api.post('/totp/confirm', { preHandler: enrolment }, async (request, reply) => {
        const outcome = auth.confirmTotp(sessionOf(request), bodyOf(request)['code']);
        if (!outcome.ok) {
          if (outcome.code === 'ACCOUNT_LOCKED') reply.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
          return refusal(reply, outcome);
        }
        return meBody(reply, outcome.session);
      });

      api.get('/accounts', { preHandler: admin }, async () => {
        const now = auth.now();
        return { accounts: auth.listAccounts().map((account) => adminView(account, now)) };
      });

      api.post('/accounts', { preHandler: admin }, async (request, reply) => {
        const body = bodyOf(request);
        const outcome = await auth.createAccount(sessionOf(request), { login: body['login'], displayName: body['displayName'], role: body['role'] });
        if (!outcome.ok) return refusal(reply, outcome);
        reply.code(201);
        return { account: adminView(outcome.account, auth.now()), oneTimePassword: outcome.oneTimePassword };
      });

      api.patch<{ Params: { id: string } }>('/accounts/:id', { preHandler: admin }, async (request, reply) => {
        const id = accountIdOf(request.params);
        if (id === undefined) return refuseWith(reply, 'ACCOUNT_NOT_FOUND');
        const body = bodyOf(request);
        const outcome = auth.updateAccount(sessionOf(request), id, { displayName: body['displayName'], role: body['role'], disabled: body['disabled'] });
        if (!outcome.ok) return refusal(reply, outcome);
        return { account: adminView(outcome.account, auth.now()) };
      });

      api.post<{ Params: { id: string } }>('/accounts/:id/unlock', { preHandler: admin }, async (request, reply) => {
        const id = accountIdOf(request.params);
        if (id === undefined) return refuseWith(reply, 'ACCOUNT_NOT_FOUND');
        const outcome = auth.unlock(sessionOf(request), id);
        return outcome.ok ? { ok: true } : refusal(reply, outcome);
      });

      api.post<{ Params: { id: string } }>('/accounts/:id/password-reset', { preHandler: admin }, async (request, reply) => {
        const id = accountIdOf(request.params);
        if (id === undefined) return refuseWith(reply, 'ACCOUNT_NOT_FOUND');
        const outcome = await auth.resetPassword(sessionOf(request), id);
        return outcome.ok ? { oneTimePassword: outcome.oneTimePassword } : refusal(reply, outcome);
      });

      api.post<{ Params: { id: string } }>('/accounts/:id/totp-reset', { preHandler: admin }, async (request, reply) => {
        const id = accountIdOf(request.params);
        if (id === undefined) return refuseWith(reply, 'ACCOUNT_NOT_FOUND');
        const outcome = auth.resetTotp(sessionOf(request), id);
        return outcome.ok ? { ok: true } : refusal(reply, outcome);
      });
    },
    { prefix: '/api/console' },
  );

  return guards;
}
