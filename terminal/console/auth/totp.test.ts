import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleKeysOf, seal, unseal } from './console-key';
import { newTotpSecret, totpCodeAt, totpStepOf } from './totp';

const NOW = new Date('2026-11-21T00:00:10.000Z');
const STEP = Math.floor(NOW.getTime() / 30_000);

describe('TOTP', () => {
  it('makes a 160-bit base32 secret and an otpauth URI with the issuer and the login', () => {
    const enrolment = newTotpSecret('OQS受付端末', 'uketsuke-01');
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(enrolment.secret);
    expect(uri.searchParams.get('issuer')).toBe('OQS受付端末');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(decodeURIComponent(uri.pathname)).toContain('uketsuke-01');
  });

  it('accepts the code of this step and one step either side, with the step it matched; nothing else', () => {
    const { secret } = newTotpSecret('x', 'y');
    expect(totpStepOf(secret, totpCodeAt(secret, NOW), NOW)).toBe(STEP);
    expect(totpStepOf(secret, totpCodeAt(secret, new Date(NOW.getTime() - 30_000)), NOW)).toBe(STEP - 1);
    expect(totpStepOf(secret, totpCodeAt(secret, new Date(NOW.getTime() + 30_000)), NOW)).toBe(STEP + 1);
    expect(totpStepOf(secret, totpCodeAt(secret, new Date(NOW.getTime() + 90_000)), NOW)).toBeUndefined();
    const code = totpCodeAt(secret, NOW);
    // Typed with a space or in full width, as people do.
    expect(totpStepOf(secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(STEP);
    expect(totpStepOf(secret, code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), NOW)).toBe(STEP);
    expect(totpStepOf(secret, String((Number(code) + 1) % 1_000_000).padStart(6, '0'), NOW)).toBeUndefined();
    for (const junk of [undefined, 123456, '12345', '1234567', 'abcdef']) expect(totpStepOf(secret, junk, NOW)).toBeUndefined();
    expect(totpStepOf(newTotpSecret('x', 'y').secret, code, NOW)).toBeUndefined();
  });

  it('seals a secret so that only the same key and account open it', () => {
    const keys = consoleKeysOf(randomBytes(32));
    const sealed = seal(keys.totpSeal, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', '7');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DP');
    expect(unseal(keys.totpSeal, sealed, '7')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(unseal(keys.totpSeal, sealed, '8')).toBeUndefined();
    expect(unseal(consoleKeysOf(randomBytes(32)).totpSeal, sealed, '7')).toBeUndefined();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(unseal(keys.totpSeal, tampered, '7')).toBeUndefined();
    expect(keys.totpSeal.equals(keys.csrfHmac)).toBe(false);
  });
});
