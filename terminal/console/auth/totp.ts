import { Secret, TOTP } from 'otpauth';

/**
 * The second factor: RFC 6238 TOTP (SHA-1, 6 digits, 30 s), what every authenticator app reads from
 * an otpauth:// URI or its secret typed in. A code is accepted one step either side of the terminal's
 * clock (a phone a little off); the step it matched is returned so the caller can refuse it a
 * second time.
 */
export const TOTP_PERIOD_SECONDS = 30;

export interface TotpEnrolment {
  /** Base32, as an authenticator app takes it typed in. */
  readonly secret: string;
  /** otpauth://totp/… for a QR code. */
  readonly uri: string;
}

function totpOf(secret: string, issuer: string, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(issuer: string, label: string): TotpEnrolment {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpOf(secret, issuer, label).toString() };
}

/** The time step of `code` at `now` (±1 step), or undefined. */
export function totpStepOf(secret: string, code: unknown, now: Date): number | undefined {
  if (typeof code !== 'string') return undefined;
  const token = code.normalize('NFKC').replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const totp = totpOf(secret, 'x', 'x');
  const delta = totp.validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The code for `at` (tests, and nothing in the product). */
export function totpCodeAt(secret: string, at: Date): string {
  return totpOf(secret, 'x', 'x').generate({ timestamp: at.getTime() });
}
