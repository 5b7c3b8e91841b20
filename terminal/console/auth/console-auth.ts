import type { Clock } from '../../../flow/ports/clock';
import type { AuditActor } from '../../../store/audit-encoding';
import { isConsoleRole, requireLogin } from '../../../store/console-accounts-store';
import type { ConsoleAccount, ConsoleRole, SqliteConsoleAccountsStore } from '../../../store/console-accounts-store';
import { isStoreError } from '../../../store/errors';
import { seal, unseal, type ConsoleKeys } from './console-key';
import { newOneTimePassword } from './one-time-password';
import { decoyHash, DEFAULT_SCRYPT, hashPassword, normalizePassword, verifyPassword, type ScryptParameters } from './password-hash';
import { checkNewPassword, type PasswordPolicyCode } from './password-policy';
import { isSessionId, newSessionId, sessionHashOf } from './session-id';
import type { ConsoleAuthSettings } from './settings';
import { newTotpSecret, totpStepOf, type TotpEnrolment } from './totp';

/**
 * The console's sign-in rules over the account store: login with lock-out and the second factor,
 * sessions with idle and absolute expiry, password changes, TOTP enrolment and what an administrator
 * may do to accounts. Results are coded, not thrown; the HTTP layer only maps codes to statuses.
 */

/** The codes a caller can be refused with; the HTTP envelope carries them as they are. */
export type ConsoleAuthCode =
  | 'INVALID_INPUT'
  | 'LOGIN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'TOTP_REQUIRED'
  | 'TOTP_INVALID'
  | 'LOGIN_REQUIRED'
  | 'SESSION_EXPIRED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TOTP_ENROLMENT_REQUIRED'
  | 'PASSWORD_INCORRECT'
  | 'PASSWORD_REUSED'
  | PasswordPolicyCode
  | 'TOTP_ALREADY_ENROLLED'
  | 'TOTP_NOT_PENDING'
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_NOT_FOUND'
  | 'LAST_ADMINISTRATOR';

export type Refusal = { readonly ok: false; readonly code: ConsoleAuthCode; readonly lockedUntil?: Date };
export type Outcome<T> = ({ readonly ok: true } & T) | Refusal;

/** A step the account must take before anything else: change its one-time password, enrol a second factor. */
export type PendingStep = 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLMENT_REQUIRED';

export interface ConsoleSession {
  /** SHA-256 of the session id: the session's name inside the terminal (the id stays in the cookie). */
  readonly sessionHash: string;
  readonly account: ConsoleAccount;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly totpRequired: boolean;
  /** The first step still owed, if any. */
  readonly pending: PendingStep | undefined;
}

export interface ConsoleAuthDeps {
  readonly accounts: SqliteConsoleAccountsStore;
  readonly clock: Clock;
  readonly settings: ConsoleAuthSettings;
  readonly keys: ConsoleKeys;
  /** scrypt cost for new hashes; tests lower it. */
  readonly hashParameters?: ScryptParameters;
}

export interface LoginRequest {
  readonly login: unknown;
  readonly password: unknown;
  readonly totp?: unknown;
}

/** A request counts as the staff member's activity unless the page says it is a background refresh. */
export interface ResolveOptions {
  readonly activity: boolean;
}

const MAX_PASSWORD_INPUT = 1024;
/** last_seen is written at most this often: a busy page does not write on every request. */
const TOUCH_EVERY_MS = 5_000;

const staffActor = (account: ConsoleAccount): AuditActor => ({ kind: 'staff', id: account.login });
const refuse = (code: ConsoleAuthCode, lockedUntil?: Date): Refusal => (lockedUntil === undefined ? { ok: false, code } : { ok: false, code, lockedUntil });

/** The login a person typed, as stored: NFKC (全角 → 半角) and lower case. */
export function normalizeLogin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  return value.normalize('NFKC').trim().toLowerCase();
}

/** A repeated role refusal of the same account and route is audited once in this time. */
const REFUSAL_AUDIT_QUIET_MS = 60_000;

export class ConsoleAuth {
  private readonly hashParameters: ScryptParameters;
  private readonly decoy: string;
  /** When each account's refusal on each route was last audited (ms). */
  private readonly lastRefusalAudit = new Map<string, number>();

  constructor(private readonly deps: ConsoleAuthDeps) {
    this.hashParameters = deps.hashParameters ?? DEFAULT_SCRYPT;
    this.decoy = decoyHash(this.hashParameters);
  }

  get settings(): ConsoleAuthSettings {
    return this.deps.settings;
  }

  /**
   * Audits a role refusal: `route` is the route's pattern (`/api/console/receptions/:id/checkups`),
   * kept as a code. The same account refused the same route again within a minute is not written
   * again, so a loop of requests cannot flood the chain. Returns whether a row was written.
   */
  recordRoleRefusal(session: ConsoleSession, route: string): boolean {
    const code = route.replace(/^\/api\/console\//, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase().slice(0, 64) || 'UNKNOWN';
    const now = this.deps.clock.now();
    const key = `${session.account.id} ${code}`;
    const last = this.lastRefusalAudit.get(key);
    if (last !== undefined && now.getTime() - last < REFUSAL_AUDIT_QUIET_MS) return false;
    if (this.lastRefusalAudit.size >= 1_000) this.lastRefusalAudit.clear();
    this.lastRefusalAudit.set(key, now.getTime());
    try {
      this.deps.accounts.recordRoleRefusal(session.account.id, code, now);
      return true;
    } catch {
      // The refusal itself still goes out: a store that cannot write must not open the route.
      return false;
    }
  }

  now(): Date {
    return this.deps.clock.now();
  }

  totpRequiredFor(role: ConsoleRole): boolean {
    return this.deps.settings.totpRequiredFor.includes(role);
  }

  /**
   * Checks a login. Success always makes a new session id, and the session the browser came with
   * (`presentedSessionId`) is deleted: an id planted before the login is never the one signed in.
   */
  async login(request: LoginRequest, presentedSessionId?: string): Promise<Outcome<{ sessionId: string; session: ConsoleSession }>> {
    const login = normalizeLogin(request.login);
    const { password } = request;
    if (login === undefined || login === '' || typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_INPUT) return refuse('INVALID_INPUT');
    if (request.totp !== undefined && typeof request.totp !== 'string') return refuse('INVALID_INPUT');
    const { accounts, clock, settings } = this.deps;
    const credentials = accounts.credentialsByLogin(login);
    if (credentials === undefined || credentials.account.disabled) {
      await verifyPassword(password, this.decoy, this.hashParameters);
      accounts.recordLoginRefusal(credentials?.account.id, credentials === undefined ? 'UNKNOWN_ACCOUNT' : 'ACCOUNT_DISABLED', clock.now());
      return refuse('LOGIN_FAILED');
    }
    const { account } = credentials;
    if (account.lockedUntil !== null && account.lockedUntil > clock.now()) {
      accounts.recordLoginRefusal(account.id, 'ACCOUNT_LOCKED', clock.now());
      return refuse('ACCOUNT_LOCKED', account.lockedUntil);
    }
    const verdict = await verifyPassword(password, credentials.passwordHash, this.hashParameters);
    if (!verdict.ok) return this.failure(account.id, 'BAD_PASSWORD', 'LOGIN_FAILED');

    let totpStep: number | undefined;
    if (credentials.totpSecretSealed !== null) {
      const code = request.totp;
      if (code === undefined || code === '') return refuse('TOTP_REQUIRED');
      const secret = unseal(this.deps.keys.totpSeal, credentials.totpSecretSealed, String(account.id));
      totpStep = secret === undefined ? undefined : totpStepOf(secret, code, clock.now());
      if (totpStep === undefined || (credentials.totpLastStep !== null && totpStep <= credentials.totpLastStep)) return this.failure(account.id, 'BAD_TOTP', 'TOTP_INVALID');
    }

    const sessionId = newSessionId();
    const sessionHash = sessionHashOf(sessionId);
    const now = clock.now();
    const rehash = verdict.needsRehash ? await hashPassword(password, this.hashParameters) : undefined;
    try {
      accounts.openSession(
        {
          accountId: account.id,
          sessionHash,
          ...(isSessionId(presentedSessionId) ? { replacing: sessionHashOf(presentedSessionId) } : {}),
          ...(totpStep === undefined ? {} : { totpStep }),
          ...(rehash === undefined ? {} : { rehash }),
        },
        now,
      );
    } catch (error) {
      // Two logins with the same code at once: the second is a replay.
      if (isStoreError(error, 'TOTP_REPLAYED')) return this.failure(account.id, 'BAD_TOTP', 'TOTP_INVALID');
      throw error;
    }
    accounts.purgeSessions(new Date(now.getTime() - settings.idleTimeoutMs), new Date(now.getTime() - settings.absoluteTimeoutMs));
    const session = this.resolve(sessionId, { activity: false });
    if (!session.ok) throw new Error('a session just opened could not be found');
    return { ok: true, sessionId, session: session.session };
  }

  /**
   * The session a cookie names, if it is alive: unknown → LOGIN_REQUIRED; idle too long or past its
   * absolute end → SESSION_EXPIRED (and deleted, audited). A request that is the staff member's
   * activity restarts the idle time.
   */
  resolve(sessionId: unknown, options: ResolveOptions): Outcome<{ session: ConsoleSession }> {
    if (!isSessionId(sessionId)) return refuse('LOGIN_REQUIRED');
    const { accounts, clock, settings } = this.deps;
    const sessionHash = sessionHashOf(sessionId);
    const record = accounts.sessionOf(sessionHash);
    if (record === undefined || record.account.disabled) return refuse('LOGIN_REQUIRED');
    const now = clock.now();
    if (now.getTime() - record.createdAt.getTime() >= settings.absoluteTimeoutMs) {
      accounts.endSession(sessionHash, 'ABSOLUTE_TIMEOUT', now);
      return refuse('SESSION_EXPIRED');
    }
    if (now.getTime() - record.lastSeenAt.getTime() >= settings.idleTimeoutMs) {
      accounts.endSession(sessionHash, 'IDLE_TIMEOUT', now);
      return refuse('SESSION_EXPIRED');
    }
    let lastSeenAt = record.lastSeenAt;
    if (options.activity && now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      accounts.touchSession(sessionHash, now);
      lastSeenAt = now;
    }
    return { ok: true, session: this.sessionOf(sessionHash, record.account, record.createdAt, lastSeenAt) };
  }

  /**
   * Whether a session is still alive, without counting as activity and without ending it: for a
   * long-lived connection (the console's live stream) that must stop once its session has ended.
   */
  isAlive(sessionHash: string): boolean {
    const record = this.deps.accounts.sessionOf(sessionHash);
    if (record === undefined || record.account.disabled) return false;
    const now = this.deps.clock.now().getTime();
    const { settings } = this.deps;
    return now - record.createdAt.getTime() < settings.absoluteTimeoutMs && now - record.lastSeenAt.getTime() < settings.idleTimeoutMs;
  }

  logout(session: ConsoleSession): void {
    this.deps.accounts.endSession(session.sessionHash, 'LOGOUT', this.deps.clock.now());
  }

  /**
   * The account holder's new password: the current one must be right (a wrong one counts toward the
   * lock-out, and a lock ends this session), the new one must pass the policy and differ from it.
   * Every session of the account ends; the new session id replaces this one.
   */
  async changePassword(session: ConsoleSession, currentPassword: unknown, newPassword: unknown): Promise<Outcome<{ sessionId: string; session: ConsoleSession }>> {
    if (typeof currentPassword !== 'string' || typeof newPassword !== 'string' || currentPassword.length > MAX_PASSWORD_INPUT || newPassword.length > MAX_PASSWORD_INPUT) {
      return refuse('INVALID_INPUT');
    }
    const { accounts, clock } = this.deps;
    const credentials = accounts.credentialsById(session.account.id);
    if (credentials === undefined) return refuse('LOGIN_REQUIRED');
    const verdict = await verifyPassword(currentPassword, credentials.passwordHash, this.hashParameters);
    if (!verdict.ok) {
      const failed = this.failure(credentials.account.id, 'BAD_PASSWORD', 'PASSWORD_INCORRECT');
      if (failed.code === 'ACCOUNT_LOCKED') accounts.endSession(session.sessionHash, 'LOGOUT', clock.now());
      return failed;
    }
    const policy = checkNewPassword(newPassword, credentials.account.login);
    if (policy !== undefined) return refuse(policy);
    if (normalizePassword(newPassword) === normalizePassword(currentPassword)) return refuse('PASSWORD_REUSED');
    const passwordHash = await hashPassword(newPassword, this.hashParameters);
    const sessionId = newSessionId();
    accounts.changePassword({ accountId: credentials.account.id, passwordHash, newSessionHash: sessionHashOf(sessionId) }, clock.now());
    const resolved = this.resolve(sessionId, { activity: false });
    if (!resolved.ok) throw new Error('a session just opened could not be found');
    return { ok: true, sessionId, session: resolved.session };
  }

  /** A new secret for the account's authenticator app, kept pending until a code from it is confirmed. */
  startTotpEnrolment(session: ConsoleSession): Outcome<{ enrolment: TotpEnrolment }> {
    // Read again: the session object may be older than an enrolment made since.
    const account = this.deps.accounts.findAccount(session.account.id);
    if (account === undefined) return refuse('LOGIN_REQUIRED');
    if (account.totpEnrolled) return refuse('TOTP_ALREADY_ENROLLED');
    const enrolment = newTotpSecret(this.deps.settings.totpIssuer, account.login);
    this.deps.accounts.setPendingTotp(account.id, seal(this.deps.keys.totpSeal, enrolment.secret, String(account.id)), this.deps.clock.now());
    return { ok: true, enrolment };
  }

  /** A code from the pending secret makes it the account's second factor; a wrong code counts toward the lock-out. */
  confirmTotp(session: ConsoleSession, code: unknown): Outcome<{ session: ConsoleSession }> {
    const { accounts, clock, keys } = this.deps;
    const credentials = accounts.credentialsById(session.account.id);
    if (credentials === undefined) return refuse('LOGIN_REQUIRED');
    if (credentials.account.totpEnrolled) return refuse('TOTP_ALREADY_ENROLLED');
    if (credentials.totpPendingSealed === null) return refuse('TOTP_NOT_PENDING');
    const secret = unseal(keys.totpSeal, credentials.totpPendingSealed, String(credentials.account.id));
    const step = secret === undefined ? undefined : totpStepOf(secret, code, clock.now());
    if (step === undefined) {
      const failed = this.failure(credentials.account.id, 'BAD_TOTP', 'TOTP_INVALID');
      if (failed.code === 'ACCOUNT_LOCKED') accounts.endSession(session.sessionHash, 'LOGOUT', clock.now());
      return failed;
    }
    accounts.confirmTotp(credentials.account.id, step, clock.now());
    const account = accounts.findAccount(credentials.account.id)!;
    return { ok: true, session: this.sessionOf(session.sessionHash, account, session.createdAt, session.lastSeenAt) };
  }

  // ---- an administrator's work on accounts ----

  listAccounts(): ConsoleAccount[] {
    return this.deps.accounts.listAccounts();
  }

  /** A new account with a one-time password, to be handed over once and changed at its first login. */
  async createAccount(by: ConsoleSession, input: { login: unknown; displayName: unknown; role: unknown }): Promise<Outcome<{ account: ConsoleAccount; oneTimePassword: string }>> {
    const login = normalizeLogin(input.login);
    if (login === undefined || !isConsoleRole(input.role) || typeof input.displayName !== 'string') return refuse('INVALID_INPUT');
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword, this.hashParameters);
    return this.storeCall(() => {
      requireLogin(login);
      const account = this.deps.accounts.createAccount(
        { login, displayName: input.displayName as string, role: input.role as ConsoleRole, passwordHash, mustChangePassword: true },
        this.deps.clock.now(),
        staffActor(by.account),
      );
      return { account, oneTimePassword };
    });
  }

  async resetPassword(by: ConsoleSession, accountId: number): Promise<Outcome<{ oneTimePassword: string }>> {
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword, this.hashParameters);
    return this.storeCall(() => {
      this.deps.accounts.resetPassword(accountId, passwordHash, this.deps.clock.now(), staffActor(by.account));
      return { oneTimePassword };
    });
  }

  unlock(by: ConsoleSession, accountId: number): Outcome<object> {
    return this.storeCall(() => {
      this.deps.accounts.unlock(accountId, this.deps.clock.now(), staffActor(by.account));
      return {};
    });
  }

  resetTotp(by: ConsoleSession, accountId: number): Outcome<object> {
    return this.storeCall(() => {
      this.deps.accounts.resetTotp(accountId, this.deps.clock.now(), staffActor(by.account));
      return {};
    });
  }

  updateAccount(by: ConsoleSession, accountId: number, changes: { displayName?: unknown; role?: unknown; disabled?: unknown }): Outcome<{ account: ConsoleAccount }> {
    if (changes.role !== undefined && !isConsoleRole(changes.role)) return refuse('INVALID_INPUT');
    if (changes.disabled !== undefined && typeof changes.disabled !== 'boolean') return refuse('INVALID_INPUT');
    if (changes.displayName !== undefined && typeof changes.displayName !== 'string') return refuse('INVALID_INPUT');
    return this.storeCall(() => ({
      account: this.deps.accounts.updateAccount(
        accountId,
        {
          ...(changes.displayName === undefined ? {} : { displayName: changes.displayName as string }),
          ...(changes.role === undefined ? {} : { role: changes.role as ConsoleRole }),
          ...(changes.disabled === undefined ? {} : { disabled: changes.disabled as boolean }),
        },
        this.deps.clock.now(),
        staffActor(by.account),
      ),
    }));
  }

  private sessionOf(sessionHash: string, account: ConsoleAccount, createdAt: Date, lastSeenAt: Date): ConsoleSession {
    const totpRequired = this.totpRequiredFor(account.role);
    const pending: PendingStep | undefined = account.mustChangePassword
      ? 'PASSWORD_CHANGE_REQUIRED'
      : totpRequired && !account.totpEnrolled
        ? 'TOTP_ENROLMENT_REQUIRED'
        : undefined;
    return { sessionHash, account, createdAt, lastSeenAt, totpRequired, pending };
  }

  /** Counts a failure; the account's lock, when this one set it, is the answer instead of `code`. */
  private failure(accountId: number, reason: 'BAD_PASSWORD' | 'BAD_TOTP', code: ConsoleAuthCode): Refusal {
    const now = this.deps.clock.now();
    const account = this.deps.accounts.recordLoginFailure(accountId, reason, now, this.deps.settings.lockout);
    return account.lockedUntil !== null && account.lockedUntil > now ? refuse('ACCOUNT_LOCKED', account.lockedUntil) : refuse(code);
  }

  private storeCall<T extends object>(work: () => T): Outcome<T> {
    try {
      return { ok: true, ...work() };
    } catch (error) {
      for (const code of ['INVALID_INPUT', 'ACCOUNT_EXISTS', 'ACCOUNT_NOT_FOUND', 'LAST_ADMINISTRATOR'] as const) {
        if (isStoreError(error, code)) return refuse(code);
      }
      throw error;
    }
  }
}
