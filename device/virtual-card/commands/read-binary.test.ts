import { describe, expect, it } from 'vitest';
import { CardFaceFile, InputAssistFile, JpkiFile } from '../../../kernel/card/applications';
import { fromHex, toHex } from '../../../kernel/bytes';
import { command, dataOf, sw } from '../testing/card-commands';
import { poweredCard, statusWords } from '../testing/powered-card';
import { buildTestProfile, generateTestKeys, testProfileParts } from '../testing/test-profile';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const authCertificate = testProfileParts(keys).jpki.userAuthCertificate; // 1300 bytes in a 1536-byte EF

async function jpkiCardAt(fid: number) {
  const card = poweredCard(profile);
  await statusWords(card, command.selectApplication('jpki'), command.selectFile(fid));
  return card;
}

describe('READ BINARY (00 B0)', () => {
  it('reads the certificate header 30 82 HH LL, then the rest in 256-byte chunks (card.md §3)', async () => {
    const card = await jpkiCardAt(JpkiFile.userAuthCertificate);
    const header = await card.transmit(command.readBinary(0, 4));
    expect(sw(header)).toBe('9000');
    expect(toHex(dataOf(header))).toBe('3082' + toHex(authCertificate.subarray(2, 4)));
    const total = (((header[2] ?? 0) << 8) | (header[3] ?? 0)) + 4;
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < total; offset += 256) {
      const response = await card.transmit(command.readBinary(offset, Math.min(256, total - offset)));
      expect(sw(response)).toBe('9000');
      chunks.push(dataOf(response));
    }
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(authCertificate));
  });

  it('Le 00 reads 256 bytes; a 15-bit offset reaches past 255', async () => {
    const card = await jpkiCardAt(JpkiFile.userAuthCertificate);
    const response = await card.transmit(fromHex('00B0010000'));
    expect(dataOf(response)).toEqual(authCertificate.subarray(256, 512));
  });

  it('extended Le 0000 (`00 B0 00 00 00 00 00`) returns the whole EF with its FF filler', async () => {
    const card = await jpkiCardAt(JpkiFile.userAuthCertificate);
    const response = await card.transmit(fromHex('00B00000000000'));
    expect(sw(response)).toBe('9000');
    const data = dataOf(response);
    expect(data.length).toBe(1536);
    expect(data.subarray(0, 1300)).toEqual(authCertificate);
    expect(data.subarray(1300).every((byte) => byte === 0xff)).toBe(true);
  });

  it('a read crossing the end returns what is left with 9000; at or past the allocated size → 6B00', async () => {
    const card = await jpkiCardAt(JpkiFile.userAuthCertificate);
    const rest = await card.transmit(command.readBinary(1536 - 10, 0));
    expect([sw(rest), dataOf(rest).length]).toEqual(['9000', 10]);
    expect(await statusWords(card, command.readBinary(1536, 1), command.readBinary(0x7fff, 1))).toEqual(['6B00', '6B00']);
  });

  it('P1=80|SFI reads by short EF id with an 8-bit offset, and makes that EF current', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('jpki'));
    const response = await card.transmit(fromHex('00B08A0004'));
    expect(dataOf(response)).toEqual(authCertificate.subarray(0, 4));
    expect(dataOf(await card.transmit(fromHex('00B08A0204')))).toEqual(authCertificate.subarray(2, 6));
    expect(dataOf(await card.transmit(command.readBinary(4, 2)))).toEqual(authCertificate.subarray(4, 6));
  });

  it('SFI: unknown in the DF or at "MF" → 6A82, reserved P1 bits or SFI 0 → 6A86', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, fromHex('00B08A0004'))).toEqual(['6A82']);
    await card.transmit(command.selectApplication('jpki'));
    expect(await statusWords(card, fromHex('00B0930004'), fromHex('00B0AA0004'), fromHex('00B0800004'))).toEqual(['6A82', '6A86', '6A86']);
  });

  it('no current EF → 6986; a key or private-key EF → 6981', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.readBinary(0, 4))).toEqual(['6986']);
    await card.transmit(command.selectApplication('jpki'));
    expect(await statusWords(card, command.readBinary(0, 4))).toEqual(['6986']);
    expect(await statusWords(card, command.selectFile(JpkiFile.userAuthPin), command.readBinary(0, 4))).toEqual(['9000', '6981']);
    expect(await statusWords(card, command.selectFile(JpkiFile.userAuthPrivateKey), command.readBinary(0, 4))).toEqual(['9000', '6981']);
    expect(await statusWords(card, fromHex('00B0980004'))).toEqual(['6981']);
  });

  it('no Le, or a data field → 6700', async () => {
    const card = await jpkiCardAt(JpkiFile.userAuthCertificate);
    expect(await statusWords(card, fromHex('00B00000'), fromHex('00B000000100'))).toEqual(['6700', '6700']);
  });
});

describe('READ BINARY access conditions', () => {
  it('the signing certificate needs 001B: 6982 before, 9000 after', async () => {
    const card = await jpkiCardAt(JpkiFile.signingCertificate);
    expect(await statusWords(card, command.readBinary(0, 4))).toEqual(['6982']);
    expect(await statusWords(card, command.verify('ABC123', 0x1b), command.readBinary(0, 4))).toEqual(['9000', '9000']);
  });

  it('the 0018 PIN does not open the signing certificate', async () => {
    const card = await jpkiCardAt(JpkiFile.signingCertificate);
    expect(await statusWords(card, command.verify('1234', 0x18), command.readBinary(0, 4))).toEqual(['9000', '6982']);
  });

  it('入力補助 EF 0001 opens with the PIN or 照合番号A, not with 照合番号B', async () => {
    const readNumber = [command.selectFile(InputAssistFile.individualNumber), command.readBinary(0, 0x11)];
    const withB = poweredCard(profile);
    await statusWords(withB, command.selectApplication('inputAssist'), command.verify('55021720352285', 0x15));
    expect(await statusWords(withB, ...readNumber)).toEqual(['9000', '6982']);
    const withA = poweredCard(profile);
    await statusWords(withA, command.selectApplication('inputAssist'), command.verify('123456789018', 0x14));
    expect(await statusWords(withA, ...readNumber)).toEqual(['9000', '9000']);
    const withPin = poweredCard(profile);
    await statusWords(withPin, command.selectApplication('inputAssist'), command.verify('1234', 0x11), command.selectFile(InputAssistFile.individualNumber));
    expect(toHex(dataOf(await withPin.transmit(command.readBinary(0, 0x11))))).toBe('FF100C313233343536373839303138FFFF');
  });

  it('入力補助 EF 0002 opens with 照合番号B, not with 照合番号A', async () => {
    const withA = poweredCard(profile);
    await statusWords(withA, command.selectApplication('inputAssist'), command.verify('123456789018', 0x14));
    expect(await statusWords(withA, command.selectFile(InputAssistFile.basicFourInfo), command.readBinary(0, 3))).toEqual(['9000', '6982']);
    const withB = poweredCard(profile);
    await statusWords(withB, command.selectApplication('inputAssist'), command.verify('55021720352285', 0x15), command.selectFile(InputAssistFile.basicFourInfo));
    expect(toHex(dataOf(await withB.transmit(command.readBinary(0, 3))))).toBe('FF205C');
  });

  it('the card face follows the card.md §5 read sequence with 照合番号B', async () => {
    const card = poweredCard(profile);
    expect(
      await statusWords(
        card,
        command.selectApplication('cardFace'),
        command.selectFile(CardFaceFile.collationNumberB),
        fromHex('00200080 0E 3535303231373230333532323835'),
        command.selectFile(CardFaceFile.cardFace),
      ),
    ).toEqual(['9000', '9000', '9000', '9000']);
    const header = await card.transmit(command.readBinary(0, 7));
    expect(toHex(dataOf(header).subarray(0, 3))).toBe('FF2082');
  });
});
