import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../kernel/bytes';
import { inputAssistPinTriesLeft, parseBasicFourInfo, readBasicFourInfo } from './input-assist';
import { basicFourInfoFile, indexedRecord, withFiller } from './testing/card-files';
import { ScriptedTransport } from './testing/scripted-transport';
import { failureOf } from './testing/failure-of';

const SELECT_INPUT_ASSIST_AP = '00A4040C0AD3921000310001010408';
const SELECT_PIN = '00A4020C020011';
const RETRIES_QUERY = '00200080';
const VERIFY_1234 = '002000800431323334';
const SELECT_BASIC_FOUR = '00A4020C020002';
const OK = '9000';

const utf8 = (text: string) => toHex(new TextEncoder().encode(text));
// card.md §4, byte for byte.
const CARD_MD_EXAMPLE = fromHex(
  `FF205C DF2108000E00200050005B DF220F${utf8('試験　太郎')} DF232D${utf8('東京都千代田区霞が関１－２－３')} DF2408${utf8('19800217')} DF250131`,
);

describe('parseBasicFourInfo', () => {
  it('parses the card.md §4 example (95-byte file, DF21 offsets 0E 20 50 5B)', () => {
    expect(CARD_MD_EXAMPLE.length).toBe(95);
    expect(parseBasicFourInfo(CARD_MD_EXAMPLE)).toEqual({
      name: '試験　太郎',
      address: '東京都千代田区霞が関１－２－３',
      birthDate: '1980-02-17',
      sexCode: '1',
      offsets: [0x0e, 0x20, 0x50, 0x5b],
    });
  });

  it('the test builder writes exactly the card.md example', () => {
    const built = basicFourInfoFile({ name: '試験　太郎', address: '東京都千代田区霞が関１－２－３', birthDate: '19800217', sexCode: '1' });
    expect(toHex(built)).toBe(toHex(CARD_MD_EXAMPLE));
  });

  it('parses a long address that makes the outer length 81 xx (offsets one byte later)', () => {
    const address = '北海道札幌市中央区北一条西二丁目１番地　札幌市役所本庁舎気付';
    const file = basicFourInfoFile({ name: '試験　花子', address, birthDate: '19900704', sexCode: '2' });
    expect(toHex(file.subarray(0, 3))).toBe('FF2081');
    const info = parseBasicFourInfo(withFiller(file, 512));
    expect(info.address).toBe(address);
    expect(info.offsets[0]).toBe(0x0f);
    expect(info.sexCode).toBe('2');
  });

  it('refuses text that is not UTF-8 with MALFORMED_RESPONSE', () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    const bad = indexedRecord([
      [0xdf22, Uint8Array.of(0xc3, 0x28)],
      [0xdf23, ascii('東京都')],
      [0xdf24, ascii('19800217')],
      [0xdf25, ascii('1')],
    ]);
    expect(() => parseBasicFourInfo(bad)).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE', message: expect.stringContaining('UTF-8') }));
  });

  it('refuses DF21 offsets that do not point at DF22…DF25', () => {
    const shifted = Uint8Array.from(CARD_MD_EXAMPLE);
    shifted[7] = 0x0f;
    expect(() => parseBasicFourInfo(shifted)).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
  });
});

describe('readBasicFourInfo', () => {
  it('SELECT 入力補助AP → counter → VERIFY 0011 → SELECT EF 0002 → one read of a 95-byte file', async () => {
    const card = new ScriptedTransport([
      [SELECT_INPUT_ASSIST_AP, OK],
      [SELECT_PIN, OK],
      [RETRIES_QUERY, '63C3'],
      [VERIFY_1234, OK],
      [SELECT_BASIC_FOUR, OK],
      ['00B0000000', `${toHex(CARD_MD_EXAMPLE)}${OK}`],
    ]);
    const info = await readBasicFourInfo(card, '1234');
    card.assertComplete();
    expect(info.name).toBe('試験　太郎');
    expect(info.birthDate).toBe('1980-02-17');
  });

  it('refuses a bad PIN before sending anything, and maps 63C1 after VERIFY to WRONG_PIN', async () => {
    const untouched = new ScriptedTransport([]);
    expect((await failureOf(readBasicFourInfo(untouched, '12345'))).code).toBe('INVALID_INPUT');
    expect(untouched.sent).toEqual([]);

    const wrong = new ScriptedTransport([
      [SELECT_INPUT_ASSIST_AP, OK],
      [SELECT_PIN, OK],
      [RETRIES_QUERY, '63C3'],
      [VERIFY_1234, '63C2'],
    ]);
    expect(await failureOf(readBasicFourInfo(wrong, '1234'))).toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
  });

  it('inputAssistPinTriesLeft reads the counter of key 0011', async () => {
    const card = new ScriptedTransport([
      [SELECT_INPUT_ASSIST_AP, OK],
      [SELECT_PIN, OK],
      [RETRIES_QUERY, '63C2'],
    ]);
    expect(await inputAssistPinTriesLeft(card)).toBe(2);
  });
});
