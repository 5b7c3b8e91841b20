import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * The console's own key: 32 random bytes in a file of its own (owner-only), beside the database but
 * not in it. From it come the key that seals TOTP secrets in the database and the key of the CSRF
 * tokens. A copy of the database alone (a backup) then holds no usable second factor.
 */
export interface ConsoleKeys {
  /** Seals TOTP secrets (AES-256-GCM). */
  readonly totpSeal: Buffer;
  /** The HMAC key of CSRF tokens, so tokens survive a restart along with the sessions. */
  readonly csrfHmac: Buffer;
  /** The key of the 照会 audit's pseudonyms of the persons looked up. */
  readonly inquiryPseudonym: Buffer;
}

const KEY_LENGTH = 32;

export function consoleKeysOf(master: Uint8Array): ConsoleKeys {
  if (master.length !== KEY_LENGTH) throw Object.assign(new Error('the console key is not 32 bytes'), { code: 'CONSOLE_KEY_INVALID' });
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `oqs-console ${purpose}`, KEY_LENGTH));
  return { totpSeal: derive('totp-seal'), csrfHmac: derive('csrf-hmac'), inquiryPseudonym: derive('inquiry-pseudonym') };
}

/** Reads the key file, or makes it (mode 0600, never overwriting) when there is none. */
export function loadOrCreateConsoleKey(file: string): Buffer {
  try {
    const descriptor = openSync(file, 'wx', 0o600);
    try {
      const key = randomBytes(KEY_LENGTH);
      writeSync(descriptor, key);
      return key;
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(file);
  if (key.length !== KEY_LENGTH) throw Object.assign(new Error(`the console key file is not ${KEY_LENGTH} bytes`), { code: 'CONSOLE_KEY_INVALID' });
  return key;
}

/** `v1.<iv>.<ciphertext+tag>` (base64url); `context` (the account id) is bound in, so a sealed secret cannot be moved to another account. */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** The plaintext, or undefined for anything sealed under another key or context, or altered. */
export function unseal(key: Buffer, sealed: string, context: string): string | undefined {
  const match = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/.exec(sealed);
  if (match === null) return undefined;
  const iv = Buffer.from(match[1]!, 'base64url');
  const body = Buffer.from(match[2]!, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
