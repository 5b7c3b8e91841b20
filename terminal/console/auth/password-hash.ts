import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes with scrypt (node:crypto): a 16-byte salt per hash, and the cost parameters stored
 * with it (`scrypt$N=32768,r=8,p=1$<salt>$<hash>`, base64), so the cost can rise later without
 * losing old hashes: a hash made with other parameters is re-made at the next good login.
 */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * One of the OWASP password storage cheat sheet's equivalent scrypt settings (N=2^15, r=8, p=3):
 * 32 MiB per hash, about a quarter of a second on a clinic PC, so a stolen file costs dearly to guess.
 */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 2 ** 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Stored parameters are read back from the database: bounded, so an edited row cannot make a login
// spend gigabytes or minutes.
const LIMITS = { minN: 2 ** 10, maxN: 2 ** 20, maxR: 32, maxP: 16 };

/**
 * What is hashed: the password in Unicode NFKC, so that the same password typed with a Japanese IME
 * in full-width (ＡＢＣ１２３) or half-width (ABC123) characters is the same password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(normalizePassword(password), salt, KEY_LENGTH, { ...parameters, maxmem: 256 * parameters.N * parameters.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, parameters);
  return `scrypt$N=${parameters.N},r=${parameters.r},p=${parameters.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  readonly parameters: ScryptParameters;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parseHash(encoded: string): ParsedHash | undefined {
  const match = /^scrypt\$N=(\d{1,8}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]{16,88})\$([A-Za-z0-9+/=]{16,88})$/.exec(encoded);
  if (match === null) return undefined;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = (N & (N - 1)) === 0;
  if (!powerOfTwo || N < LIMITS.minN || N > LIMITS.maxN || r < 1 || r > LIMITS.maxR || p < 1 || p > LIMITS.maxP) return undefined;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (salt.length < SALT_LENGTH || key.length !== KEY_LENGTH) return undefined;
  return { parameters: { N, r, p }, salt, key };
}

export interface PasswordVerdict {
  readonly ok: boolean;
  /** The hash was made with other parameters than `current`: store a new one after a good login. */
  readonly needsRehash: boolean;
}

/** Compares in constant time; a hash that cannot be read never matches. */
export async function verifyPassword(password: string, encoded: string, current: ScryptParameters = DEFAULT_SCRYPT): Promise<PasswordVerdict> {
  const parsed = parseHash(encoded);
  if (parsed === undefined) return { ok: false, needsRehash: false };
  const key = await derive(password, parsed.salt, parsed.parameters);
  const ok = timingSafeEqual(key, parsed.key);
  const { N, r, p } = parsed.parameters;
  return { ok, needsRehash: ok && (N !== current.N || r !== current.r || p !== current.p) };
}

/**
 * A hash of no one's password, checked when the name typed matches no account, so that an unknown
 * name takes as long to refuse as a wrong password (the time does not tell which names exist).
 */
export function decoyHash(parameters: ScryptParameters): string {
  return `scrypt$N=${parameters.N},r=${parameters.r},p=${parameters.p}$${Buffer.alloc(SALT_LENGTH, 0x5a).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
}
