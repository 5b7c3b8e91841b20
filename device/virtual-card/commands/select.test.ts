import { describe, expect, it } from 'vitest';
import { CardFaceFile, JpkiFile } from '../../../kernel/card/applications';
import { fromHex } from '../../../kernel/bytes';
import { command } from '../testing/card-commands';
import { poweredCard, statusWords } from '../testing/powered-card';
import { buildTestProfile, generateTestKeys } from '../testing/test-profile';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);

describe('SELECT by AID (00 A4 04 0C)', () => {
  it.each(['jpki', 'inputAssist', 'cardFace', 'residentRegistry', 'common'] as const)('selects %s → 9000', async (application) => {
    expect(await statusWords(poweredCard(profile), command.selectApplication(application))).toEqual(['9000']);
  });

  it('the exact APDU of card.md §2 selects the JPKI AP', async () => {
    expect(await statusWords(poweredCard(profile), fromHex('00A4040C0AD392F000260100000001'))).toEqual(['9000']);
  });

  it('an unknown AID → 6A82, P2 ≠ 0C → 6A86, P1 unknown → 6A86', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, fromHex('00A4040C05A000000099'), fromHex('00A404000AD392F000260100000001'), fromHex('00A4080C02000A'))).toEqual([
      '6A82',
      '6A86',
      '6A86',
    ]);
  });

  it('clears the current EF and every verified key, even re-selecting the same AP', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPin), command.verify('1234'));
    expect(await statusWords(card, command.retriesQuery())).toEqual(['9000']);
    expect(await statusWords(card, command.selectApplication('jpki'), command.readBinary(0, 4), command.retriesQuery(0x18))).toEqual([
      '9000',
      '6986',
      '63C3',
    ]);
  });

  it('clears verification of other applications too', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('cardFace'), command.selectFile(CardFaceFile.collationNumberB), command.verify('55021720352285'));
    await statusWords(card, command.selectApplication('jpki'), command.selectApplication('cardFace'));
    expect(await statusWords(card, command.selectFile(CardFaceFile.cardFace), command.readBinary(0, 5))).toEqual(['9000', '6982']);
  });

  it('the GP issuer security domain returns the card to its power-on "MF" state', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthCertificate));
    expect(await statusWords(card, command.selectApplication('issuerSecurityDomain'))).toEqual(['9000']);
    expect(await statusWords(card, command.readBinary(0, 4), command.selectFile(JpkiFile.userAuthCertificate), fromHex('00A40000'))).toEqual([
      '6986',
      '6A82',
      '6A86',
    ]);
  });

  it('the stand-in AID exists only when the profile has a terminal key', async () => {
    const { standIn: _standIn, ...withoutStandIn } = profile;
    expect(await statusWords(poweredCard(withoutStandIn), command.selectApplication('standIn'))).toEqual(['6A82']);
    expect(await statusWords(poweredCard(profile), command.selectApplication('standIn'))).toEqual(['9000']);
  });

  it('an AID longer than 16 bytes → 6700', async () => {
    expect(await statusWords(poweredCard(profile), fromHex(`00A4040C11${'A0'.repeat(17)}`))).toEqual(['6700']);
  });
});

describe('SELECT by file id (00 A4 02 0C 02)', () => {
  it('finds an EF of the current DF → 9000', async () => {
    expect(await statusWords(poweredCard(profile), command.selectApplication('jpki'), fromHex('00A4020C02000A'))).toEqual(['9000', '9000']);
  });

  it('an EF of another DF, or any EF at "MF", → 6A82', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.selectFile(JpkiFile.userAuthCertificate))).toEqual(['6A82']);
    expect(await statusWords(card, command.selectApplication('cardFace'), command.selectFile(JpkiFile.userAuthCertificate))).toEqual(['9000', '6A82']);
  });

  it('3F00 → 6A82 (no usable MF), by file id or by path', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.selectApplication('jpki'), command.selectFile(0x3f00), fromHex('00A4000C023F00'))).toEqual(['9000', '6A82', '6A82']);
  });

  it('Lc ≠ 2 → 6700, P2 ≠ 0C → 6A86', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.selectApplication('jpki'), fromHex('00A4020C03000A00'), fromHex('00A4020002000A'))).toEqual(['9000', '6700', '6A86']);
  });
});

describe('SELECT MF (00 A4 00 00)', () => {
  it('→ 6A86 at power-on', async () => {
    expect(await statusWords(poweredCard(profile), fromHex('00A40000'))).toEqual(['6A86']);
  });

  it('→ 9000 with an AP selected, changing nothing', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.tokenInfo));
    expect(await statusWords(card, fromHex('00A40000'), command.readBinary(0, 15))).toEqual(['9000', '9000']);
  });
});
