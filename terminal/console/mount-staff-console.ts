import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ReceptionConfig } from '../config';
import type { ReceptionTerminal } from '../reception-terminal';
import { registerAuditRoutes } from './audit-routes';
import { consoleKeysFor, openConsoleAuth, registerConsoleAuth } from './auth';
import { ConsoleLive } from './console-live';
import { registerConsoleRoutes, type ConsoleStaff } from './console-routes';
import { loadExportFont, type ExportFont } from './export';
import { registerInquiryRoutes, storeInquiryAudit } from './inquiry';
import { registerMedicalRoutes } from './medical-routes';
import { registerSettingsRoutes } from './settings-routes';

export interface StaffConsole {
  /** The live list the consoles' streams are fed from; stop it before the terminal. */
  readonly live: ConsoleLive;
  stop(): void;
}

/**
 * The whole staff console on the terminal's app: sign-in with its roles, CSRF and sessions, then the
 * live list and kiosk actions (every counter role), 照会, the medical views (医療情報閲覧 only), the
 * audit viewer and the facility settings (管理者 only). Every route takes the acting account from the
 * session, never from the request, and every staff action is audited in the terminal's store.
 */
export async function mountStaffConsole(app: FastifyInstance, terminal: ReceptionTerminal, config: ReceptionConfig = terminal.config): Promise<StaffConsole> {
  const consoleAuth = openConsoleAuth(config, terminal.consoleAccounts);
  const guards = await registerConsoleAuth(app, consoleAuth);
  // The account a guarded console request was signed in as (never taken from the request body).
  const staffOf = (request: FastifyRequest): ConsoleStaff => {
    const account = request.consoleSession!.account;
    return { id: account.login, role: account.role };
  };
  const auditStaff = (entry: { staffId: string; action: string; kioskId?: string | undefined; receptionId?: string | undefined }): Promise<void> =>
    terminal.store.recordAccess({
      at: terminal.clock.now(),
      actor: { kind: 'staff', id: entry.staffId },
      action: entry.action,
      ...(entry.kioskId === undefined ? {} : { kioskId: entry.kioskId }),
      ...(entry.receptionId === undefined ? {} : { receptionId: entry.receptionId }),
    });

  const live = new ConsoleLive({
    kiosks: [...terminal.kiosks.values()].map((kiosk) => kiosk.runtime),
    alerts: terminal.alerts,
    receptions: terminal.store,
    clock: terminal.clock,
    onAlert: (listener) => terminal.onAlert(listener),
  });
  await registerConsoleRoutes(app, {
    kiosks: terminal.kiosks,
    alerts: terminal.alerts,
    live,
    cardPhotos: terminal.cardPhotos,
    clock: terminal.clock,
    guard: (...roles) => guards.requireRole(...roles),
    staffOf,
    sessionAlive: (request) => request.consoleSession !== null && consoleAuth.auth.isAlive(request.consoleSession.sessionHash),
    audit: auditStaff,
  });
  const fontOnce: { font?: ExportFont } = {};
  await registerMedicalRoutes(app, {
    answers: terminal.answers,
    receptions: terminal.store,
    central: terminal.central,
    clock: terminal.clock,
    counterGuard: guards.requireRole('reception', 'clinician', 'admin'),
    clinicianGuard: guards.requireRole('clinician'),
    staffOf,
    audit: auditStaff,
    facilityName: () => terminal.settings.facilityName(),
    font: () => (fontOnce.font ??= loadExportFont()),
  });
  // The audit viewer: administrators only; each viewing is itself audited.
  await registerAuditRoutes(app, { store: terminal.store, guard: guards.requireRole('admin'), staffOf, clock: terminal.clock });
  await registerInquiryRoutes(app, {
    central: terminal.central,
    guard: guards.requireRole('reception', 'clinician', 'admin'),
    staffOf: (request) => request.consoleSession?.account.login,
    audit: storeInquiryAudit(terminal.store, consoleKeysFor(config).inquiryPseudonym),
    clock: terminal.clock,
  });
  // The facility settings: administrators only; each save is audited and applied where it can be at once.
  await registerSettingsRoutes(app, {
    settings: terminal.settings,
    guard: guards.requireRole('admin'),
    staffOf: (request) => request.consoleSession!.account.login,
    onSaved: () => live.changed(),
  });
  return { live, stop: () => live.stop() };
}
