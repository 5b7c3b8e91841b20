import { describe, expect, it } from 'vitest';
import { decoyHash, DEFAULT_SCRYPT, hashPassword, verifyPassword } from './password-hash';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('uses scrypt with the default cost, a salt per hash, and the parameters written beside it', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$N=32768,r=8,p=3\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct');
    expect(await verifyPassword('correct horse battery staple', first)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('correct horse battery stapler', first)).toEqual({ ok: false, needsRehash: false });
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 3 });
  });

  it('reads the parameters from the hash and asks for a rehash when they are not the current ones', async () => {
    const old = await hashPassword('ひらがなのあいことば', FAST);
    expect(await verifyPassword('ひらがなのあいことば', old, FAST)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('ひらがなのあいことば', old, { ...FAST, N: 2048 })).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('ひらがなのあいことばX', old, { ...FAST, N: 2048 })).toEqual({ ok: false, needsRehash: false });
  });

  it('takes full-width and half-width input as the same password (NFKC)', async () => {
    const hash = await hashPassword('Sakura2026Haru', FAST);
    expect((await verifyPassword('Ｓａｋｕｒａ２０２６Ｈａｒｕ', hash, FAST)).ok).toBe(true);
  });

  it('never matches a hash it cannot read, nor one with a cost outside the bounds, nor the decoy', async () => {
    const hash = await hashPassword('a long enough password', FAST);
    const [, , salt, key] = hash.split('$');
    for (const broken of [
      'plain text',
      `scrypt$N=1000,r=8,p=1$${salt}$${key}`,
      `scrypt$N=${2 ** 22},r=8,p=1$${salt}$${key}`,
      `scrypt$N=1024,r=8,p=1$${salt}$${key!.slice(4)}`,
      `scrypt$N=1024,r=99,p=1$${salt}$${key}`,
    ]) {
      expect((await verifyPassword('a long enough password', broken, FAST)).ok, broken).toBe(false);
    }
    expect((await verifyPassword('', decoyHash(FAST), FAST)).ok).toBe(false);
  });
});
