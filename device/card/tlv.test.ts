import { describe, expect, it } from 'vitest';
import { CardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { cardFaceFile, sampleCardFaceFields, tlv } from './testing/card-files';
import { parseTlv, parseTlvList, readTlvHeader, tagName, TlvError } from './tlv';
import type { TlvErrorReason } from './tlv';

function reasonOf(action: () => unknown): TlvErrorReason | 'OK' | 'OTHER' {
  try {
    action();
  } catch (error) {
    if (error instanceof TlvError) {
      expect(error).toBeInstanceOf(CardError);
      expect(error.code).toBe('MALFORMED_RESPONSE');
      return error.reason;
    }
    return 'OTHER';
  }
  return 'OK';
}

describe('readTlvHeader', () => {
  it.each([
    ['30 7F', 0x30, true, 2, 0x7f],
    ['30 81 80', 0x30, true, 3, 0x80],
    ['30 82 06 A0', 0x30, true, 4, 0x6a0],
    ['30 83 01 00 00', 0x30, true, 5, 0x10000],
    ['FF 20 82 12 34', 0xff20, true, 5, 0x1234],
    ['DF 21 12', 0xdf21, false, 3, 0x12],
    ['5F 81 01 00', 0x5f8101, false, 4, 0],
  ] as const)('%s → tag %i constructed %s, header %i, length %i', (bytes, tag, constructed, headerLength, length) => {
    expect(readTlvHeader(fromHex(bytes))).toEqual({ tag, constructed, headerLength, length });
  });

  it('reads a header whose value lies past the end of the bytes (the first chunk of a file)', () => {
    expect(readTlvHeader(fromHex('308206A0')).length).toBe(0x6a0);
  });
});

describe('parseTlv', () => {
  it('parses the card.md §4 基本4情報 example: FF 20 holding DF 21 … DF 25', () => {
    const record = parseTlv(
      fromHex(
        'FF205C DF2108000E00200050005B DF220F' +
          toHex(new TextEncoder().encode('試験　太郎')) +
          'DF232D' +
          toHex(new TextEncoder().encode('東京都千代田区霞が関１－２－３')) +
          'DF2408' +
          toHex(new TextEncoder().encode('19800217')) +
          'DF250131',
      ),
    );
    expect(record.tag).toBe(0xff20);
    expect(record.headerLength + record.length).toBe(95);
    expect(record.children.map((child) => tagName(child.tag))).toEqual(['DF21', 'DF22', 'DF23', 'DF24', 'DF25']);
    expect(record.children.map((child) => child.offset)).toEqual([3, 0x0e, 0x20, 0x50, 0x5b]);
  });

  it('keeps each element raw bytes exactly as encoded', () => {
    const bytes = fromHex('FF2008DF2102AABBDF2200');
    const record = parseTlv(bytes);
    expect(toHex(record.raw)).toBe(toHex(bytes));
    expect(record.children.map((child) => toHex(child.raw))).toEqual(['DF2102AABB', 'DF2200']);
  });

  it('ignores FF filler after the TLV', () => {
    const record = parseTlv(fromHex('3003020101FFFFFFFF'));
    expect(record.length).toBe(3);
    expect(record.children[0]?.tag).toBe(0x02);
  });

  it('parses the 2-byte length form of a card face with a large photo', () => {
    const file = cardFaceFile(sampleCardFaceFields(5000));
    const record = parseTlv(file);
    expect(toHex(file.subarray(0, 3))).toBe('FF2082');
    expect(record.children.map((child) => tagName(child.tag))).toEqual([
      'DF21', 'DF22', 'DF23', 'DF24', 'DF25', 'DF26', 'DF27', 'DF28', 'DF29', 'DF2A',
    ]);
  });

  it.each<[string, string, TlvErrorReason]>([
    ['empty input', '', 'EMPTY'],
    ['a multi-byte tag cut after its first byte', 'DF', 'TRUNCATED_TAG'],
    ['a multi-byte tag whose continuation never ends', '1F8181', 'TRUNCATED_TAG'],
    ['a tag longer than 4 bytes', '1F81818101 00', 'TAG_TOO_LONG'],
    ['no length byte', '30', 'TRUNCATED_LENGTH'],
    ['a long-form length cut short', '3082 01', 'TRUNCATED_LENGTH'],
    ['indefinite length', '3080 0000', 'INDEFINITE_LENGTH'],
    ['a 5-byte length', '3085 0000000001 00', 'LENGTH_TOO_LONG'],
    ['the reserved length byte FF', '30FF', 'LENGTH_TOO_LONG'],
    ['a length past the end', '3005 0101', 'LENGTH_PAST_END'],
    ['a 4-byte length past the end', '3084 FFFFFFFF 00', 'LENGTH_PAST_END'],
    ['a child running past its parent', 'FF2004 DF2105AABB CCDDEEFF', 'LENGTH_PAST_END'],
    ['a child with a truncated header inside its parent', 'FF2001 DF 2100', 'TRUNCATED_TAG'],
  ])('%s → %s', (_name, bytes, reason) => {
    expect(reasonOf(() => parseTlv(fromHex(bytes)))).toBe(reason);
  });

  it('refuses nesting deeper than the limit (default 8) with TOO_DEEP', () => {
    const nest = (depth: number): Uint8Array => (depth === 1 ? tlv(0x04, Uint8Array.of(1)) : tlv(0x30, nest(depth - 1)));
    expect(reasonOf(() => parseTlv(nest(8)))).toBe('OK');
    expect(reasonOf(() => parseTlv(nest(9)))).toBe('TOO_DEEP');
    expect(reasonOf(() => parseTlv(nest(3), { maxDepth: 2 }))).toBe('TOO_DEEP');
    // Very deep input stops at the limit, long before the JavaScript stack would, even when the
    // caller asks for an absurd limit.
    expect(reasonOf(() => parseTlv(nest(2_000)))).toBe('TOO_DEEP');
    expect(reasonOf(() => parseTlv(nest(2_000), { maxDepth: 1e9 }))).toBe('TOO_DEEP');
  });
});

describe('parseTlvList', () => {
  it('parses TLVs that fill the bytes exactly', () => {
    expect(parseTlvList(fromHex('DF2101AA DF2200 0401BB')).map((element) => element.tag)).toEqual([0xdf21, 0xdf22, 0x04]);
    expect(parseTlvList(new Uint8Array(0))).toEqual([]);
  });

  it('a stray byte at the end is a truncated TLV', () => {
    expect(reasonOf(() => parseTlvList(fromHex('DF2101AA 04')))).toBe('TRUNCATED_LENGTH');
  });
});

describe('the parser is total', () => {
  /** Deterministic pseudo-random bytes (a fixed LCG), so a failure reproduces. */
  function randomBytes(seed: number, length: number, alphabet: readonly number[]): Uint8Array {
    let state = seed >>> 0;
    return Uint8Array.from({ length }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return alphabet[(state >>> 16) % alphabet.length] ?? 0;
    });
  }
  const allBytes = Array.from({ length: 256 }, (_, byte) => byte);
  // Bytes that make tags, lengths and nesting interesting, weighted towards them.
  const structural = [0x00, 0x01, 0x02, 0x1f, 0x30, 0x3f, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xdf, 0xff, 0x20, 0x21];

  it('returns a TLV or throws a TlvError for 20 000 random inputs, never anything else', () => {
    for (let seed = 1; seed <= 20_000; seed += 1) {
      const input = randomBytes(seed, seed % 64, seed % 2 === 0 ? allBytes : structural);
      for (const parse of [() => parseTlv(input), () => parseTlvList(input), () => readTlvHeader(input)]) {
        const outcome = reasonOf(parse);
        if (outcome === 'OTHER') throw new Error(`non-TlvError for seed ${seed}: ${toHex(input)}`);
      }
    }
  });

  it('every proper prefix of a valid card face is refused with a TlvError', () => {
    const file = cardFaceFile(sampleCardFaceFields(300));
    const whole = file.length;
    for (let length = 0; length < whole; length += 1) {
      const outcome = reasonOf(() => parseTlv(file.subarray(0, length)));
      expect(outcome === 'OK' || outcome === 'OTHER').toBe(false);
    }
  });
});
