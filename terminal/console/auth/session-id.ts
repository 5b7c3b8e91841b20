import { createHash, randomBytes } from 'node:crypto';

/**
 * A session id is 256 random bits (base64url, 43 characters), given to the browser in its cookie and
 * kept by the terminal only as its SHA-256: a copy of the database opens no session.
 */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

export function sessionHashOf(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}
