import { describe, expect, it } from 'vitest';
import { bytesEqual, concatBytes, fromHex, toHex } from './bytes';

describe('toHex / fromHex', () => {
  it('writes upper-case pairs, with an optional separator', () => {
    expect(toHex(Uint8Array.of(0x00, 0x3b, 0xff))).toBe('003BFF');
    expect(toHex(Uint8Array.of(0x3b, 0xc5), ' ')).toBe('3B C5');
    expect(toHex(new Uint8Array())).toBe('');
  });

  it('reads either case with spaces or colons, and round-trips every byte value', () => {
    expect(fromHex('3b:C5 ff')).toEqual(Uint8Array.of(0x3b, 0xc5, 0xff));
    const every = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(fromHex(toHex(every))).toEqual(every);
  });

  it('refuses odd lengths and non-hex characters with a RangeError', () => {
    expect(() => fromHex('ABC')).toThrow(RangeError);
    expect(() => fromHex('0G')).toThrow(RangeError);
    expect(() => fromHex('0x00')).toThrow(RangeError);
  });
});

describe('concatBytes / bytesEqual', () => {
  it('joins parts in order', () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    expect(concatBytes()).toEqual(new Uint8Array());
  });

  it('compares length and every byte', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
  });
});
