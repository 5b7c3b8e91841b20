import { z } from 'zod';
import { CONSOLE_ROLES, type ConsoleRole } from '../../../store/console-accounts-store';

/** How the staff console signs staff in; `consoleAuthSettingsOf` reads them from the configuration. */
export interface ConsoleAuthSettings {
  /** A session unused this long ends (MHLW 安全管理ガイドライン: a left terminal locks itself). */
  readonly idleTimeoutMs: number;
  /** A session ends this long after its login, used or not. */
  readonly absoluteTimeoutMs: number;
  readonly lockout: { readonly maxFailures: number; readonly lockForMs: number };
  /** Roles whose accounts must sign in with a TOTP code too (the guideline asks two factors from 2027). */
  readonly totpRequiredFor: readonly ConsoleRole[];
  /** Login attempts from one address per window. */
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  /** The issuer shown in authenticator apps. */
  readonly totpIssuer: string;
}

export const DEFAULT_CONSOLE_AUTH_SETTINGS: ConsoleAuthSettings = {
  idleTimeoutMs: 15 * 60_000,
  absoluteTimeoutMs: 12 * 3_600_000,
  lockout: { maxFailures: 5, lockForMs: 15 * 60_000 },
  totpRequiredFor: [],
  loginRateLimit: { max: 10, windowMs: 60_000 },
  totpIssuer: 'OQS受付端末',
};

/** The `console` section of the terminal's configuration; every key optional. */
export const consoleAuthConfigSchema = z.strictObject({
  idleTimeoutMinutes: z.number().int().min(1).max(240).optional(),
  absoluteTimeoutHours: z.number().int().min(1).max(24).optional(),
  lockout: z.strictObject({ maxFailures: z.number().int().min(3).max(20), minutes: z.number().int().min(1).max(1440) }).optional(),
  totpRequiredFor: z
    .array(z.enum(CONSOLE_ROLES))
    .refine((roles) => new Set(roles).size === roles.length, 'each role once')
    .optional(),
  loginAttemptsPerMinute: z.number().int().min(1).max(120).optional(),
  totpIssuer: z.string().min(1).max(64).optional(),
  /** The console key file (seals TOTP secrets, keys CSRF tokens); default console.key beside the store file. */
  keyFile: z.string().min(1).optional(),
});

export type ConsoleAuthConfig = z.infer<typeof consoleAuthConfigSchema>;

export function consoleAuthSettingsOf(config: ConsoleAuthConfig | undefined): ConsoleAuthSettings {
  const defaults = DEFAULT_CONSOLE_AUTH_SETTINGS;
  if (config === undefined) return defaults;
  return {
    idleTimeoutMs: config.idleTimeoutMinutes === undefined ? defaults.idleTimeoutMs : config.idleTimeoutMinutes * 60_000,
    absoluteTimeoutMs: config.absoluteTimeoutHours === undefined ? defaults.absoluteTimeoutMs : config.absoluteTimeoutHours * 3_600_000,
    lockout: config.lockout === undefined ? defaults.lockout : { maxFailures: config.lockout.maxFailures, lockForMs: config.lockout.minutes * 60_000 },
    totpRequiredFor: config.totpRequiredFor ?? defaults.totpRequiredFor,
    loginRateLimit: config.loginAttemptsPerMinute === undefined ? defaults.loginRateLimit : { max: config.loginAttemptsPerMinute, windowMs: 60_000 },
    totpIssuer: config.totpIssuer ?? defaults.totpIssuer,
  };
}
