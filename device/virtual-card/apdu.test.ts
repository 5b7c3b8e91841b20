import { describe, expect, it } from 'vitest';
import { claNamesOtherChannel, isExtendedLengthApdu, parseCommandApdu } from './apdu';
import { fromHex } from '../../kernel/bytes';

const parse = (hex: string) => parseCommandApdu(fromHex(hex));

describe('command APDU cases (ISO 7816-4)', () => {
  it('case 1: header only', () => {
    expect(parse('00A40000')).toMatchObject({ cla: 0x00, ins: 0xa4, p1: 0, p2: 0, data: undefined, le: undefined, extended: false });
  });

  it('case 2 short: Le 00 means 256', () => {
    expect(parse('00B0000004')).toMatchObject({ data: undefined, le: 4 });
    expect(parse('00B0000000')).toMatchObject({ le: 256 });
  });

  it('case 3 and 4 short', () => {
    expect(parse('00A4020C02000A')).toMatchObject({ data: fromHex('000A'), le: undefined });
    expect(parse('802A00800301020300')).toMatchObject({ data: fromHex('010203'), le: 256 });
  });

  it('case 2 extended: Le 0000 means 65536 (`00 B0 00 00 00 00 00` reads the whole EF)', () => {
    expect(parse('00B00000000000')).toMatchObject({ data: undefined, le: 65536, extended: true });
    expect(parse('00B00000000123')).toMatchObject({ le: 0x123 });
  });

  it('case 3 and 4 extended', () => {
    const data = 'AB'.repeat(256);
    expect(parse(`00820000000100${data}`)).toMatchObject({ le: undefined, extended: true });
    expect(parse(`00820000000100${data}0000`)?.le).toBe(65536);
    expect(parse(`00820000000100${data}`)?.data?.length).toBe(256);
  });

  it('returns undefined for lengths that fit no case', () => {
    expect(parse('00A404')).toBeUndefined();
    expect(parse('00A4040C05D392')).toBeUndefined();
    expect(parse('00A4040C02D392F000')).toBeUndefined();
    expect(parse('008200000000')).toBeUndefined();
    expect(parse('0082000000000001')).toBeUndefined();
  });

  it('knows extended from short', () => {
    expect(isExtendedLengthApdu(fromHex('00B00000000000'))).toBe(true);
    expect(isExtendedLengthApdu(fromHex('00B0000000'))).toBe(false);
  });
});

describe('logical channel bits of CLA', () => {
  it.each([
    [0x00, false],
    [0x80, false],
    [0x0c, false],
    [0x01, true],
    [0x03, true],
    [0x81, true],
    [0x40, true],
    [0x7f, true],
    [0xa0, false],
    [0xff, false],
  ])('CLA %i names another channel: %s', (cla, expected) => {
    expect(claNamesOtherChannel(cla)).toBe(expected);
  });
});
