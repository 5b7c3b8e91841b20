import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCardFace } from '../../device/card/card-face';
import { parseBasicFourInfo } from '../../device/card/input-assist';
import { cardFaceDigestInfo, encodeCardFaceFile } from '../../device/virtual-card/card-face-file';
import type { CardFaceFields } from '../../device/virtual-card/card-face-file';
import { decodeProfileBytes } from '../../device/virtual-card/card-profile-json';
import { encodeBasicFourInfoFile } from '../../device/virtual-card/input-assist-files';
import {
  applyByteMutations,
  assertSameBytes,
  byteMutation,
  calendarDate,
  concat,
  fuzzParameters,
  isCardErrorWithCode,
  isVirtualCardErrorWithCode,
  outcomeOf,
  pad,
  Tally,
  unicodeText,
} from './arbitraries';

/**
 * The 券面 file parsers of the driver (parseCardFace, parseBasicFourInfo) against the virtual card's
 * EF encoders, and on their own over arbitrary and mutated bytes: a parse, or CardError
 * MALFORMED_RESPONSE, nothing else.
 */

const isMalformed = isCardErrorWithCode('MALFORMED_RESPONSE');
const isEncodingInvalid = isVirtualCardErrorWithCode('ENCODING_INVALID', true);

const profile = JSON.parse(readFileSync(new URL('../../fixtures/cards/shiken-taro.json', import.meta.url), 'utf8')) as {
  applications: Record<string, { files: Record<string, { content: string }> }>;
};
const fixtureFile = (application: string, fid: string): Uint8Array => {
  const content = profile.applications[application]?.files[fid]?.content;
  if (content === undefined) throw new Error(`shiken-taro has no ${application}/${fid}`);
  return decodeProfileBytes(content, fid);
};
const REAL_BASIC_FOUR_INFO = fixtureFile('inputAssist', '0002');
const REAL_CARD_FACE = fixtureFile('cardFace', '0002');

const yyyymmdd = calendarDate(1900, 2099).map(([year, month, day]) => `${pad(year, 4)}${pad(month, 2)}${pad(day, 2)}`);
const isoOf = (text: string): string => `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
const sexDigit = fc.constantFrom('0', '1', '2', '9', '5');

/** Short most of the time; sometimes long enough for `81 xx` and `82 xx xx` lengths (CJK is 3 bytes a character). */
const nameOrAddress = fc.oneof({ weight: 3, arbitrary: unicodeText(1, 40) }, { weight: 2, arbitrary: unicodeText(40, 120) }, { weight: 1, arbitrary: unicodeText(120, 3000) });

describe('基本4情報 EF: encodeBasicFourInfoFile → parseBasicFourInfo', () => {
  it('gives back name, address, birth date and sex for any well-formed UTF-8, with every outer length form', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(nameOrAddress, nameOrAddress, yyyymmdd, sexDigit, (name, address, birthDate, sex) => {
        const file = outcomeOf('encodeBasicFourInfoFile', () => encodeBasicFourInfoFile({ name, address, birthDate, sex }), isEncodingInvalid);
        if (!file.ok) {
          tally.add('too-big');
          return;
        }
        // The card pads its EF with FF after the TLV.
        const parsed = parseBasicFourInfo(concat(file.value, new Uint8Array(16).fill(0xff)));
        expect(parsed.name).toBe(name);
        expect(parsed.address).toBe(address);
        expect(parsed.birthDate).toBe(isoOf(birthDate));
        expect(parsed.sexCode).toBe(sex);
        expect(parsed.offsets.length).toBe(4);
        const lengthByte = file.value[2] ?? 0;
        tally.add(lengthByte < 0x80 ? 'short' : lengthByte === 0x81 ? '81' : lengthByte === 0x82 ? '82' : 'other');
      }),
      fuzzParameters(0xf1_0001, 1500),
    );
    expect(tally.get('short'), tally.toString()).toBeGreaterThan(100);
    expect(tally.get('81'), tally.toString()).toBeGreaterThan(100);
    expect(tally.get('82'), tally.toString()).toBeGreaterThan(100);
    expect(tally.get('other')).toBe(0);
  });

  it('arbitrary and mutated bytes (from a real 基本4情報 EF and from encoded ones): a parse or MALFORMED_RESPONSE', () => {
    const tally = new Tally();
    const source = fc.oneof(
      fc.constant(REAL_BASIC_FOUR_INFO),
      fc.tuple(unicodeText(1, 60), unicodeText(1, 200), yyyymmdd, sexDigit).map(([name, address, birthDate, sex]) => encodeBasicFourInfoFile({ name, address, birthDate, sex })),
      fc.uint8Array({ maxLength: 64 }),
    );
    fc.assert(
      fc.property(source, fc.array(byteMutation, { maxLength: 3 }), (original, mutations) => {
        const input = applyByteMutations(original, mutations);
        const result = outcomeOf('parseBasicFourInfo', () => parseBasicFourInfo(input), isMalformed);
        if (!result.ok) {
          tally.add('refused');
          return;
        }
        tally.add(mutations.length === 0 ? 'ok-unmutated' : 'ok-mutated');
        expect(result.value.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(result.value.sexCode).toMatch(/^[0-9]$/);
      }),
      fuzzParameters(0xf1_0002, 6000),
    );
    expect(tally.get('ok-mutated'), tally.toString()).toBeGreaterThan(200);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(1500);
  });

  it('the real shiken-taro EF parses', () => {
    const parsed = parseBasicFourInfo(REAL_BASIC_FOUR_INFO);
    expect(parsed.birthDate).toBe('1980-02-17');
  });
});

// ---------------------------------------------------------------------------------------------

const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);

const image = fc.oneof({ weight: 4, arbitrary: fc.uint8Array({ maxLength: 100 }) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 100, maxLength: 3000 }) });

const cardFaceFields: fc.Arbitrary<CardFaceFields> = fc.record({
  birthDate: yyyymmdd,
  sex: sexDigit,
  publicKey: fc.uint8Array({ maxLength: 280 }),
  namePng: image,
  addressPng: image,
  photoJp2: fc.uint8Array({ maxLength: 4000 }).map((body) => concat(JP2_SIGNATURE, body)),
  signature: fc.uint8Array({ minLength: 256, maxLength: 256 }),
  expiryDate: yyyymmdd,
  securityCodePng: image,
});

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

describe('券面 EF: encodeCardFaceFile → parseCardFace', () => {
  it('gives back every field, the DF21 offsets, and signed parts that hash to the DigestInfo the card signs', () => {
    fc.assert(
      fc.property(cardFaceFields, (fields) => {
        const file = encodeCardFaceFile(fields);
        const face = parseCardFace(concat(file, new Uint8Array(8).fill(0xff)));
        expect(face.birthDate).toBe(isoOf(fields.birthDate));
        expect(face.sexCode).toBe(fields.sex);
        expect(face.expiryDate).toBe(isoOf(fields.expiryDate));
        assertSameBytes(face.facePhoto, fields.photoJp2, 'photo');
        assertSameBytes(face.signature, fields.signature, 'signature');
        assertSameBytes(face.publicKey ?? new Uint8Array(1), fields.publicKey, 'publicKey');
        assertSameBytes(face.nameImage ?? new Uint8Array(1), fields.namePng, 'name image');
        assertSameBytes(face.addressImage ?? new Uint8Array(1), fields.addressPng, 'address image');
        assertSameBytes(face.securityCodeImage ?? new Uint8Array(1), fields.securityCodePng, 'security code image');
        assertSameBytes(face.raw, file, 'raw');
        expect(face.offsets.length).toBe(9);
        // The driver's signedParts are exactly what the emulator's DF28 covers.
        const digestInfo = cardFaceDigestInfo(fields);
        assertSameBytes(
          digestInfo.subarray(digestInfo.length - 96),
          concat(sha256(face.signedParts.birthDateSexKey), sha256(face.signedParts.nameAddressImages), sha256(face.signedParts.facePhoto)),
          'signed parts',
        );
      }),
      fuzzParameters(0xf1_0010, 600),
    );
  });

  it('arbitrary and mutated bytes (from the real card face EF and from encoded ones): a parse or MALFORMED_RESPONSE', () => {
    const tally = new Tally();
    const source = fc.oneof(fc.constant(REAL_CARD_FACE), cardFaceFields.map((fields) => encodeCardFaceFile(fields)), fc.uint8Array({ maxLength: 64 }));
    fc.assert(
      fc.property(source, fc.array(byteMutation, { maxLength: 3 }), (original, mutations) => {
        const input = applyByteMutations(original, mutations);
        const result = outcomeOf('parseCardFace', () => parseCardFace(input), isMalformed);
        if (!result.ok) {
          tally.add('refused');
          return;
        }
        tally.add(mutations.length === 0 ? 'ok-unmutated' : 'ok-mutated');
        expect(result.value.signature.length).toBe(256);
        expect(result.value.facePhoto.length).toBeGreaterThan(0);
      }),
      fuzzParameters(0xf1_0011, 2500),
    );
    expect(tally.get('ok-mutated'), tally.toString()).toBeGreaterThan(150);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(500);
  });

  it('the real shiken-taro EF parses', () => {
    expect(parseCardFace(REAL_CARD_FACE).birthDate).toBe('1980-02-17');
  });
});
