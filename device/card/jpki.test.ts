import { createHash, generateKeyPairSync, privateEncrypt, verify as verifySignature, constants } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { readUserAuthCertificate, selectJpkiApplication, signWithUserAuthKey, userAuthPinTriesLeft, verifyUserAuthPin } from './jpki';
import { certificateLike, withFiller } from './testing/card-files';
import { EXTENDED_MAX_RESPONSE, ScriptedTransport } from './testing/scripted-transport';
import type { Script } from './testing/scripted-transport';
import type { CardTransport } from './transport';
import { decodeCommand } from './apdu';
import { SHA256_DIGEST_INFO_PREFIX } from '../../kernel/card/applications';

const SELECT_JPKI = '00A4040C0AD392F000260100000001';
const SELECT_CERTIFICATE = '00A4020C02000A';
const SELECT_PIN = '00A4020C020018';
const SELECT_PRIVATE_KEY = '00A4020C020017';
const RETRIES_QUERY = '00200080';
const VERIFY_1234 = '002000800431323334';
const OK = '9000';

interface Failure {
  code: string;
  statusWord?: number;
  triesLeft?: number;
  message: string;
}

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof CardError)) throw error;
    return {
      code: error.code,
      message: error.message,
      ...(error.statusWord === undefined ? {} : { statusWord: error.statusWord }),
      ...(error.triesLeft === undefined ? {} : { triesLeft: error.triesLeft }),
    };
  }
  throw new Error('expected a CardError, the operation succeeded');
}

/** The read APDUs of a file of `content` bytes on `card`, with answers cut from `file` as the card would. */
function fileReads(file: Uint8Array, reads: ReadonlyArray<readonly [offset: number, le: number, leHex: string]>): Script {
  return reads.map(([offset, le, leHex]) => {
    const p1p2 = offset.toString(16).toUpperCase().padStart(4, '0');
    return [`00B0${p1p2}${leHex}`, `${toHex(file.subarray(offset, offset + le))}${OK}`] as const;
  });
}

describe('selectJpkiApplication identifies the card by SELECT of the JPKI AID', () => {
  it('accepts 9000', async () => {
    const card = new ScriptedTransport([[SELECT_JPKI, OK]]);
    await selectJpkiApplication(card);
    card.assertComplete();
  });

  it.each(['6A82', '6A86', '6D00', '6E00', '6881'])('answers %s with NOT_MY_NUMBER_CARD', async (sw) => {
    const card = new ScriptedTransport([[SELECT_JPKI, sw]]);
    expect(await failureOf(selectJpkiApplication(card))).toMatchObject({ code: 'NOT_MY_NUMBER_CARD', statusWord: Number.parseInt(sw, 16) });
  });

  it('answers 6F00 (a card fault, not a missing application) with UNEXPECTED_STATUS', async () => {
    const card = new ScriptedTransport([[SELECT_JPKI, '6F00']]);
    expect(await failureOf(selectJpkiApplication(card))).toMatchObject({ code: 'UNEXPECTED_STATUS', statusWord: 0x6f00 });
  });
});

describe('readUserAuthCertificate', () => {
  // A 1 500-byte certificate in a 2 048-byte EF (FF filler after it).
  const certificate = certificateLike(1500, 7);
  const file = withFiller(certificate, 2048);

  it('short APDUs: header in the first 256-byte read, then 256-byte chunks, the last one asking only for the rest (6 reads)', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ...fileReads(file, [
        [0, 256, '00'],
        [256, 256, '00'],
        [512, 256, '00'],
        [768, 256, '00'],
        [1024, 256, '00'],
        [1280, 220, 'DC'],
      ]),
    ]);
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(certificate));
    card.assertComplete();
    expect(card.sent.filter((command) => command.startsWith('00B0'))).toHaveLength(6);
    expect(card.sent).toHaveLength(8);
  });

  it('extended length: one READ BINARY with Le 00 00 00 returns the whole EF (1 read)', async () => {
    const card = new ScriptedTransport(
      [
        [SELECT_JPKI, OK],
        [SELECT_CERTIFICATE, OK],
        ['00B00000000000', `${toHex(file)}${OK}`],
      ],
      EXTENDED_MAX_RESPONSE,
    );
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(certificate));
    card.assertComplete();
    expect(card.sent).toHaveLength(3);
  });

  it('extended length: when the card returns less than asked, reads the rest from where it stopped', async () => {
    const card = new ScriptedTransport(
      [
        [SELECT_JPKI, OK],
        [SELECT_CERTIFICATE, OK],
        ['00B00000000000', `${toHex(file.subarray(0, 1024))}${OK}`],
        ['00B004000001DC', `${toHex(file.subarray(1024, 1500))}${OK}`],
      ],
      EXTENDED_MAX_RESPONSE,
    );
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(certificate));
    card.assertComplete();
  });

  it.each([
    ['short form (30 7F)', 129],
    ['81 form (30 81 C8)', 203],
  ])('parses a DER length in the %s and needs one read', async (_form, total) => {
    const small = certificateLike(total, 3);
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `${toHex(withFiller(small, 256))}${OK}`],
    ]);
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(small));
  });

  it('reads a file shorter than 256 bytes whose first read crosses the end (the card returns the rest with 9000)', async () => {
    const small = certificateLike(100, 5);
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `${toHex(small)}${OK}`],
    ]);
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(small));
  });

  it('accepts the ISO end-of-file warning 6282 with data like 9000', async () => {
    const small = certificateLike(100, 6);
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `${toHex(small)}6282`],
    ]);
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(small));
  });

  it('6B00 before the declared length is reached is MALFORMED_RESPONSE with the status word', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `${toHex(file.subarray(0, 256))}${OK}`],
      ['00B0010000', '6B00'],
    ]);
    expect(await failureOf(readUserAuthCertificate(card))).toMatchObject({ code: 'MALFORMED_RESPONSE', statusWord: 0x6b00 });
  });

  it('an empty 9000 answer before the end is MALFORMED_RESPONSE (no endless loop)', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `${toHex(file.subarray(0, 256))}${OK}`],
      ['00B0010000', OK],
    ]);
    expect((await failureOf(readUserAuthCertificate(card))).code).toBe('MALFORMED_RESPONSE');
  });

  it('a file that is not a DER SEQUENCE is MALFORMED_RESPONSE', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `0403AABBCC${OK}`],
    ]);
    expect((await failureOf(readUserAuthCertificate(card))).code).toBe('MALFORMED_RESPONSE');
  });

  it('an indefinite DER length is MALFORMED_RESPONSE', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', `3080AABB0000${OK}`],
    ]);
    expect((await failureOf(readUserAuthCertificate(card))).code).toBe('MALFORMED_RESPONSE');
  });

  it.each([
    ['6A82 on SELECT of the EF', [[SELECT_JPKI, OK], [SELECT_CERTIFICATE, '6A82']], 'UNEXPECTED_STATUS', 0x6a82],
    ['6982 on READ BINARY', [[SELECT_JPKI, OK], [SELECT_CERTIFICATE, OK], ['00B0000000', '6982']], 'SECURITY_STATUS_NOT_SATISFIED', 0x6982],
    ['6F00 on READ BINARY', [[SELECT_JPKI, OK], [SELECT_CERTIFICATE, OK], ['00B0000000', '6F00']], 'UNEXPECTED_STATUS', 0x6f00],
    ['6A82 on SELECT of the AP', [[SELECT_JPKI, '6A82']], 'NOT_MY_NUMBER_CARD', 0x6a82],
  ] as const)('%s → %s', async (_name, script, code, statusWord) => {
    const card = new ScriptedTransport(script);
    expect(await failureOf(readUserAuthCertificate(card))).toMatchObject({ code, statusWord });
  });

  it('61xx and 6Cxx during the read are followed transparently', async () => {
    const small = certificateLike(200, 9);
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', '6CC8'],
      ['00B00000C8', `${toHex(small.subarray(0, 100))}6164`],
      ['00C0000064', `${toHex(small.subarray(100))}${OK}`],
    ]);
    expect(toHex(await readUserAuthCertificate(card))).toBe(toHex(small));
    card.assertComplete();
  });

  it('a card pulled mid-read surfaces the transport code (CARD_REMOVED) unchanged', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_CERTIFICATE, OK],
      ['00B0000000', new CardError('CARD_REMOVED', 'pulled')],
    ]);
    expect((await failureOf(readUserAuthCertificate(card))).code).toBe('CARD_REMOVED');
  });
});

describe('userAuthPinTriesLeft: retries query on key 0018, no try used', () => {
  it.each([
    ['63C3', 3],
    ['63C1', 1],
    ['63C0', 0],
    ['6984', 0],
    ['9000', 3],
  ])('%s → %i', async (sw, tries) => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_PIN, OK],
      [RETRIES_QUERY, sw],
    ]);
    expect(await userAuthPinTriesLeft(card)).toBe(tries);
    card.assertComplete();
  });

  it('another status word is UNEXPECTED_STATUS', async () => {
    const card = new ScriptedTransport([
      [SELECT_JPKI, OK],
      [SELECT_PIN, OK],
      [RETRIES_QUERY, '6A88'],
    ]);
    expect(await failureOf(userAuthPinTriesLeft(card))).toMatchObject({ code: 'UNEXPECTED_STATUS', statusWord: 0x6a88 });
  });
});

describe('verifyUserAuthPin', () => {
  const before = (triesSw: string): Script => [
    [SELECT_JPKI, OK],
    [SELECT_PIN, OK],
    [RETRIES_QUERY, triesSw],
  ];

  it('reads the counter, then sends VERIFY with the PIN in ASCII', async () => {
    const card = new ScriptedTransport([...before('63C3'), [VERIFY_1234, OK]]);
    await verifyUserAuthPin(card, '1234');
    card.assertComplete();
  });

  it.each(['123', '12345', '12a4', '１２３４', ' 1234', ''])('refuses the PIN %j with INVALID_INPUT before sending anything', async (pin) => {
    const card = new ScriptedTransport([]);
    expect((await failureOf(verifyUserAuthPin(card, pin))).code).toBe('INVALID_INPUT');
    expect(card.sent).toEqual([]);
  });

  it('63C2 after VERIFY is WRONG_PIN with 2 tries left', async () => {
    const card = new ScriptedTransport([...before('63C3'), [VERIFY_1234, '63C2']]);
    expect(await failureOf(verifyUserAuthPin(card, '1234'))).toMatchObject({ code: 'WRONG_PIN', triesLeft: 2, statusWord: 0x63c2 });
  });

  it('with one try left sends no VERIFY unless the caller allows the last try (LAST_TRY_RESERVED)', async () => {
    const card = new ScriptedTransport(before('63C1'));
    expect(await failureOf(verifyUserAuthPin(card, '1234'))).toMatchObject({ code: 'LAST_TRY_RESERVED', triesLeft: 1 });
    card.assertComplete();
    expect(card.sent).not.toContain(VERIFY_1234);
  });

  it('spends the last try when allowed; 63C0 then is PIN_LOCKED with 0 tries', async () => {
    const card = new ScriptedTransport([...before('63C1'), [VERIFY_1234, '63C0']]);
    expect(await failureOf(verifyUserAuthPin(card, '1234', { allowLastTry: true }))).toMatchObject({
      code: 'PIN_LOCKED',
      triesLeft: 0,
      statusWord: 0x63c0,
    });
  });

  it.each(['63C0', '6984'])('a blocked counter (%s) is PIN_LOCKED and no VERIFY is sent', async (sw) => {
    const card = new ScriptedTransport(before(sw));
    expect(await failureOf(verifyUserAuthPin(card, '1234', { allowLastTry: true }))).toMatchObject({ code: 'PIN_LOCKED', triesLeft: 0 });
    card.assertComplete();
  });

  it('6984 after VERIFY is PIN_LOCKED', async () => {
    const card = new ScriptedTransport([...before('63C3'), [VERIFY_1234, '6984']]);
    expect(await failureOf(verifyUserAuthPin(card, '1234'))).toMatchObject({ code: 'PIN_LOCKED', statusWord: 0x6984 });
  });

  it.each(['6F00', '6700', '6A88'])('%s after VERIFY is UNEXPECTED_STATUS', async (sw) => {
    const card = new ScriptedTransport([...before('63C3'), [VERIFY_1234, sw]]);
    expect(await failureOf(verifyUserAuthPin(card, '1234'))).toMatchObject({ code: 'UNEXPECTED_STATUS', statusWord: Number.parseInt(sw, 16) });
  });

  it('never puts the PIN into an error', async () => {
    const card = new ScriptedTransport([...before('63C3'), ['002000800439383736', '63C2']]);
    const failure = await failureOf(verifyUserAuthPin(card, '9876'));
    expect(JSON.stringify(failure)).not.toMatch(/9876|39383736/);
  });
});

describe('signWithUserAuthKey', () => {
  const digest = createHash('sha256').update('challenge').digest();
  const signCommand = `802A008033${toHex(SHA256_DIGEST_INFO_PREFIX)}${toHex(digest)}00`;

  it('selects EF 0017 and sends 80 2A 00 80 with the SHA-256 DigestInfo; returns 256 bytes', async () => {
    const signature = 'A5'.repeat(256);
    const card = new ScriptedTransport([
      [SELECT_PRIVATE_KEY, OK],
      [signCommand, `${signature}${OK}`],
    ]);
    expect(toHex(await signWithUserAuthKey(card, digest))).toBe(signature);
    card.assertComplete();
  });

  it('does not select the JPKI AP, which would log the PIN out', async () => {
    const card = new ScriptedTransport([
      [SELECT_PRIVATE_KEY, OK],
      [signCommand, `${'00'.repeat(256)}${OK}`],
    ]);
    await signWithUserAuthKey(card, digest);
    expect(card.sent).not.toContain(SELECT_JPKI);
  });

  it('6982 (PIN not verified) is SECURITY_STATUS_NOT_SATISFIED', async () => {
    const card = new ScriptedTransport([
      [SELECT_PRIVATE_KEY, OK],
      [signCommand, '6982'],
    ]);
    expect(await failureOf(signWithUserAuthKey(card, digest))).toMatchObject({ code: 'SECURITY_STATUS_NOT_SATISFIED', statusWord: 0x6982 });
  });

  it('a signature that is not 256 bytes is MALFORMED_RESPONSE', async () => {
    const card = new ScriptedTransport([
      [SELECT_PRIVATE_KEY, OK],
      [signCommand, `${'00'.repeat(128)}${OK}`],
    ]);
    expect((await failureOf(signWithUserAuthKey(card, digest))).code).toBe('MALFORMED_RESPONSE');
  });

  it.each([0, 20, 31, 33, 64])('refuses a %i-byte digest with INVALID_INPUT before sending anything', async (length) => {
    const card = new ScriptedTransport([]);
    expect((await failureOf(signWithUserAuthKey(card, new Uint8Array(length)))).code).toBe('INVALID_INPUT');
    expect(card.sent).toEqual([]);
  });

  it('the signature verifies as RSASSA-PKCS1-v1_5 SHA-256 over the original message (card pads type 1)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // A card's sign: PKCS#1 v1.5 type-1 padding of the bytes it is given, then the private-key operation.
    const card: CardTransport = {
      maxResponseLength: 258,
      exchange: async (apdu) => {
        const command = decodeCommand(apdu);
        if (command.ins === 0xa4) return fromHex(OK);
        const signature = privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, command.data ?? new Uint8Array(0));
        return new Uint8Array([...signature, 0x90, 0x00]);
      },
      close: async () => {},
    };
    const message = new TextEncoder().encode('server challenge 0123456789');
    const signature = await signWithUserAuthKey(card, createHash('sha256').update(message).digest());
    expect(verifySignature('sha256', message, publicKey, signature)).toBe(true);
  });
});
