import { describe, expect, it } from 'vitest';
import { collationNumberBTriesLeft, parseCardFace, readCardFace } from './card-face';
import { concatBytes, toHex } from '../../kernel/bytes';
import { cardFaceFile, indexedRecord, sampleCardFaceFields, tlv, withFiller } from './testing/card-files';
import { EXTENDED_MAX_RESPONSE, ScriptedTransport } from './testing/scripted-transport';
import type { Script } from './testing/scripted-transport';
import { failureOf } from './testing/failure-of';

const SELECT_CARD_FACE_AP = '00A4040C0AD3921000310001010402';
const SELECT_KEY_B = '00A4020C020012';
const RETRIES_QUERY = '00200080';
// card.md §5: 昭和55年2月17日, valid to 2035, code 2285.
const COLLATION_NUMBER_B = '55021720352285';
const VERIFY_B = '002000800E3535303231373230333532323835';
const SELECT_CARD_FACE_EF = '00A4020C020002';
const OK = '9000';

const fields = sampleCardFaceFields(700);
const content = cardFaceFile(fields);
const file = withFiller(content, 1536);

const unlock = (triesSw = '63CA'): Script => [
  [SELECT_CARD_FACE_AP, OK],
  [SELECT_KEY_B, OK],
  [RETRIES_QUERY, triesSw],
  [VERIFY_B, OK],
  [SELECT_CARD_FACE_EF, OK],
];

function chunkedReads(bytes: Uint8Array, total: number): Script {
  const reads: Array<readonly [string, string]> = [];
  for (let offset = 0; offset < total; offset += 256) {
    const le = Math.min(256, offset === 0 ? 256 : total - offset);
    const p1p2 = offset.toString(16).toUpperCase().padStart(4, '0');
    reads.push([`00B0${p1p2}${(le & 0xff).toString(16).toUpperCase().padStart(2, '0')}`, `${toHex(bytes.subarray(offset, offset + le))}${OK}`]);
  }
  return reads;
}

describe('readCardFace', () => {
  it('runs the card.md §5 sequence and returns the fields, photo and signature', async () => {
    expect(toHex(content.subarray(0, 3))).toBe('FF2082');
    const card = new ScriptedTransport([...unlock(), ...chunkedReads(file, content.length)]);
    const face = await readCardFace(card, COLLATION_NUMBER_B);
    card.assertComplete();
    expect(face.birthDate).toBe('1980-02-17');
    expect(face.sexCode).toBe('1');
    expect(face.expiryDate).toBe('2035-02-17');
    expect(toHex(face.facePhoto)).toBe(toHex(fields.facePhoto));
    expect(toHex(face.facePhoto.subarray(0, 12))).toBe('0000000C6A5020200D0A870A');
    expect(toHex(face.signature)).toBe(toHex(fields.signature));
    expect(toHex(face.raw)).toBe(toHex(content));
    expect(face.offsets).toHaveLength(9);
  });

  it('reads the whole file in one extended READ BINARY when the transport allows', async () => {
    const card = new ScriptedTransport([...unlock(), ['00B00000000000', `${toHex(file)}${OK}`]], EXTENDED_MAX_RESPONSE);
    const face = await readCardFace(card, COLLATION_NUMBER_B);
    card.assertComplete();
    expect(card.sent.filter((command) => command.startsWith('00B0'))).toHaveLength(1);
    expect(toHex(face.raw)).toBe(toHex(content));
  });

  it('gives the TLV bytes DF28 covers: DF22‖DF23‖DF24, DF25‖DF26, DF27, each with tag and length', async () => {
    const face = parseCardFace(content);
    const ascii = (text: string) => new TextEncoder().encode(text);
    expect(toHex(face.signedParts.birthDateSexKey)).toBe(
      toHex(concatBytes(tlv(0xdf22, ascii('19800217')), tlv(0xdf23, ascii('1')), tlv(0xdf24, fields.publicKey))),
    );
    expect(toHex(face.signedParts.nameAddressImages)).toBe(toHex(concatBytes(tlv(0xdf25, fields.nameImage), tlv(0xdf26, fields.addressImage))));
    expect(toHex(face.signedParts.facePhoto)).toBe(toHex(tlv(0xdf27, fields.facePhoto)));
  });

  it.each(['5502172035228', '550217203522855', '5502172035228a', '５５０２１７２０３５２２８５'])(
    'refuses the 照合番号B %j with INVALID_INPUT before sending anything',
    async (value) => {
      const card = new ScriptedTransport([]);
      expect((await failureOf(readCardFace(card, value))).code).toBe('INVALID_INPUT');
      expect(card.sent).toEqual([]);
    },
  );

  it('63C9 after VERIFY is WRONG_PIN with 9 tries left, and the digits stay out of the error', async () => {
    const card = new ScriptedTransport([
      [SELECT_CARD_FACE_AP, OK],
      [SELECT_KEY_B, OK],
      [RETRIES_QUERY, '63CA'],
      [VERIFY_B, '63C9'],
    ]);
    const failure = await failureOf(readCardFace(card, COLLATION_NUMBER_B));
    expect(failure).toMatchObject({ code: 'WRONG_PIN', triesLeft: 9, statusWord: 0x63c9 });
    expect(`${failure.message} ${failure.stack}`).not.toContain(COLLATION_NUMBER_B);
  });

  it('one try left: LAST_TRY_RESERVED without VERIFY; allowed: VERIFY, and 63C0 is PIN_LOCKED', async () => {
    const refused = new ScriptedTransport([
      [SELECT_CARD_FACE_AP, OK],
      [SELECT_KEY_B, OK],
      [RETRIES_QUERY, '63C1'],
    ]);
    expect(await failureOf(readCardFace(refused, COLLATION_NUMBER_B))).toMatchObject({ code: 'LAST_TRY_RESERVED', triesLeft: 1 });
    refused.assertComplete();

    const allowed = new ScriptedTransport([
      [SELECT_CARD_FACE_AP, OK],
      [SELECT_KEY_B, OK],
      [RETRIES_QUERY, '63C1'],
      [VERIFY_B, '63C0'],
    ]);
    expect(await failureOf(readCardFace(allowed, COLLATION_NUMBER_B, { allowLastTry: true }))).toMatchObject({ code: 'PIN_LOCKED', triesLeft: 0 });
  });

  it('6984 on the counter is PIN_LOCKED; 6A82 on the AP is NOT_MY_NUMBER_CARD', async () => {
    const locked = new ScriptedTransport([
      [SELECT_CARD_FACE_AP, OK],
      [SELECT_KEY_B, OK],
      [RETRIES_QUERY, '6984'],
    ]);
    expect((await failureOf(readCardFace(locked, COLLATION_NUMBER_B))).code).toBe('PIN_LOCKED');
    const other = new ScriptedTransport([[SELECT_CARD_FACE_AP, '6A82']]);
    expect((await failureOf(readCardFace(other, COLLATION_NUMBER_B))).code).toBe('NOT_MY_NUMBER_CARD');
  });

  it('6982 on READ BINARY (VERIFY state lost) is SECURITY_STATUS_NOT_SATISFIED', async () => {
    const card = new ScriptedTransport([...unlock(), ['00B0000000', '6982']]);
    expect(await failureOf(readCardFace(card, COLLATION_NUMBER_B))).toMatchObject({ code: 'SECURITY_STATUS_NOT_SATISFIED', statusWord: 0x6982 });
  });

  it('collationNumberBTriesLeft reads the counter of key 0012 without VERIFY', async () => {
    const card = new ScriptedTransport([
      [SELECT_CARD_FACE_AP, OK],
      [SELECT_KEY_B, OK],
      [RETRIES_QUERY, '63CA'],
    ]);
    expect(await collationNumberBTriesLeft(card)).toBe(10);
    card.assertComplete();
  });
});

describe('parseCardFace', () => {
  it('accepts the short and 81 outer length forms too', () => {
    const small = cardFaceFile({ ...sampleCardFaceFields(20), publicKey: new Uint8Array(4), signature: new Uint8Array(256) });
    expect(parseCardFace(small).birthDate).toBe('1980-02-17');
  });

  it('ignores the FF filler after the record', () => {
    expect(parseCardFace(file).expiryDate).toBe('2035-02-17');
  });

  const build = (overrides: Array<[number, Uint8Array | undefined]>) => {
    const base: Array<[number, Uint8Array]> = [
      [0xdf22, new TextEncoder().encode('19800217')],
      [0xdf23, new TextEncoder().encode('1')],
      [0xdf24, fields.publicKey],
      [0xdf25, fields.nameImage],
      [0xdf26, fields.addressImage],
      [0xdf27, fields.facePhoto],
      [0xdf28, fields.signature],
      [0xdf29, new TextEncoder().encode('20350217')],
      [0xdf2a, fields.securityCodeImage],
    ];
    const changed = base.flatMap(([tag, value]): Array<[number, Uint8Array]> => {
      const override = overrides.find(([overrideTag]) => overrideTag === tag);
      if (!override) return [[tag, value]];
      return override[1] ? [[tag, override[1]]] : [];
    });
    return changed;
  };

  it.each<[string, Uint8Array]>([
    ['a record tag other than FF20', tlv(0x30, tlv(0x04, Uint8Array.of(1)))],
    ['a bad birth date', indexedRecord(build([[0xdf22, new TextEncoder().encode('19800230')]]))],
    ['a sex code that is not a digit', indexedRecord(build([[0xdf23, new TextEncoder().encode('M')]]))],
    ['a 128-byte signature', indexedRecord(build([[0xdf28, new Uint8Array(128)]]))],
    ['an empty photo', indexedRecord(build([[0xdf27, new Uint8Array(0)]]))],
    ['a truncated file', content.subarray(0, content.length - 10)],
  ])('refuses %s with MALFORMED_RESPONSE', (_name, bytes) => {
    expect(() => parseCardFace(bytes)).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
  });

  it('refuses a file whose DF21 does not point at the tags (a reader that assumed a 3-byte header)', () => {
    const tampered = Uint8Array.from(content);
    // DF21's value starts after FF 20 82 LL LL DF 21 12; shift the DF27 offset (6th entry) by one.
    const entry = 5 + 3 + 5 * 2 + 1;
    tampered[entry] = (tampered[entry] ?? 0) + 1;
    expect(() => parseCardFace(tampered)).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
  });

  it('refuses a record missing DF27 or DF28', () => {
    const noPhoto = build([[0xdf27, undefined]]);
    const record = tlv(0xff20, concatBytes(...noPhoto.map(([tag, value]) => tlv(tag, value))));
    expect(() => parseCardFace(record)).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
  });
});
