import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drbg, nextIntBelow } from './drbg';
import { isMockCaError } from './errors';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('drbg', () => {
  it('is HMAC-SHA256(seed, domain ‖ 00 ‖ label ‖ 00 ‖ counter) block after block, as documented', () => {
    const block = (counter: number) =>
      createHmac('sha256', 'seed-1')
        .update(Buffer.concat([Buffer.from('jpki-emu/test-pki/v1\0user-auth-key/shiken-taro\0'), Buffer.of(0, 0, 0, counter)]))
        .digest('hex');
    expect(hex(drbg('seed-1', 'user-auth-key/shiken-taro').nextBytes(64))).toBe(block(0) + block(1));
  });

  it('gives the same stream for the same seed and label, however it is read', () => {
    const whole = drbg('seed-1', 'label').nextBytes(100);
    const pieces = drbg('seed-1', 'label');
    const parts = [pieces.nextBytes(1), pieces.nextBytes(31), pieces.nextBytes(0), pieces.nextBytes(33), pieces.nextBytes(35)];
    expect(hex(Buffer.concat(parts))).toBe(hex(whole));
  });

  it('gives independent streams for different labels and different seeds', () => {
    const base = hex(drbg('seed-1', 'label').nextBytes(32));
    expect(hex(drbg('seed-1', 'label2').nextBytes(32))).not.toBe(base);
    expect(hex(drbg('seed-2', 'label').nextBytes(32))).not.toBe(base);
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(hex(drbg('ab', 'c').nextBytes(32))).not.toBe(hex(drbg('a', 'bc').nextBytes(32)));
  });

  it('refuses an empty seed with a coded error', () => {
    let thrown: unknown;
    try {
      drbg('', 'label');
    } catch (error) {
      thrown = error;
    }
    expect(isMockCaError(thrown, 'INVALID_INPUT')).toBe(true);
  });
});

describe('nextIntBelow', () => {
  it('stays in range and reaches every value', () => {
    const random = drbg('seed', 'ints');
    const seen = new Set<number>();
    for (let draw = 0; draw < 2000; draw += 1) {
      const value = nextIntBelow(random, 36);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(36);
      seen.add(value);
    }
    expect(seen.size).toBe(36);
  });

  it('rejects bounds it cannot serve from one byte', () => {
    const random = drbg('seed', 'ints');
    expect(() => nextIntBelow(random, 0)).toThrow(RangeError);
    expect(() => nextIntBelow(random, 257)).toThrow(RangeError);
  });
});
