import { describe, expect, it } from 'vitest';
import { CardFaceFile, InputAssistFile, JpkiFile } from '../../../kernel/card/applications';
import { fromHex } from '../../../kernel/bytes';
import { InMemoryCounterStore } from '../counter-store';
import { command } from '../testing/card-commands';
import { poweredCard, statusWords } from '../testing/powered-card';
import { buildFaceOnlyTestProfile, buildTestProfile, generateTestKeys } from '../testing/test-profile';
import { VirtualCard } from '../virtual-card';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const selectPin = [command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPin)];

describe('VERIFY 0018 (利用者証明用暗証番号, 3 tries)', () => {
  it('counts down 63C2 63C1 63C0, then answers 6984 to anything', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, command.verify('0000'), command.verify('0001'), command.verify('0002'))).toEqual(['63C2', '63C1', '63C0']);
    expect(await statusWords(card, command.verify('9999'), command.verify('1234'))).toEqual(['6984', '6984']);
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(0);
  });

  it('success restores the maximum', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, command.verify('0000'), command.verify('0000'), command.verify('1234'))).toEqual(['63C2', '63C1', '9000']);
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(3);
    card.powerCycle();
    expect(await statusWords(card, ...selectPin, command.retriesQuery())).toEqual(['9000', '9000', '63C3']);
  });

  it('a wrong value of any length uses a try (1 byte, 16 bytes)', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, command.verify('1'), command.verify('1234567890123456'))).toEqual(['63C2', '63C1']);
  });

  it('Lc > 16 → 6700 and uses no try', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, command.verify('12345678901234567'))).toEqual(['6700']);
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(3);
  });

  it('a wrong try after a success ends the verified state', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin, command.verify('1234'));
    expect(await statusWords(card, command.verify('0000'), command.retriesQuery())).toEqual(['63C2', '63C2']);
  });
});

describe('the retries query 00 20 00 80 (no Lc)', () => {
  it('answers 63Cx and uses no try', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, command.retriesQuery(), command.retriesQuery(), command.verify('0000'), command.retriesQuery())).toEqual([
      '63C3',
      '63C3',
      '63C2',
      '63C2',
    ]);
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(2);
  });

  it('answers 9000 when verified and 63C0 when blocked', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin, command.verify('1234'));
    expect(await statusWords(card, command.retriesQuery())).toEqual(['9000']);
    card.setTriesLeft('jpki', JpkiFile.userAuthPin, 0);
    card.powerCycle();
    expect(await statusWords(card, ...selectPin, command.retriesQuery())).toEqual(['9000', '9000', '63C0']);
  });

  it('with Le (case 2) is still the query', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, fromHex('0020008000'))).toEqual(['63C3']);
  });
});

describe('VERIFY addressing', () => {
  it('P2=80|SFI names the key without SELECT (98 → 0018) and leaves the current EF alone', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthCertificate));
    expect(await statusWords(card, fromHex('002000980431323334'), command.readBinary(0, 2))).toEqual(['9000', '9000']);
  });

  it('current EF not a key, no current EF, or an SFI naming no key → 6A88', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.verify('1234'))).toEqual(['6A88']);
    await card.transmit(command.selectApplication('jpki'));
    expect(await statusWords(card, command.verify('1234'))).toEqual(['6A88']);
    expect(await statusWords(card, command.selectFile(JpkiFile.userAuthCertificate), command.verify('1234'), command.verify('1234', 0x13))).toEqual([
      '9000',
      '6A88',
      '6A88',
    ]);
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(3);
  });

  it('P1 ≠ 00 or a P2 that is neither 80 nor 80|SFI → 6A86', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, fromHex('002001800431323334'), fromHex('002000000431323334'))).toEqual(['6A86', '6A86']);
  });
});

describe('VERIFY 001B (署名用パスワード, 5 tries)', () => {
  const selectPassword = [command.selectApplication('jpki'), command.selectFile(JpkiFile.signingPassword)];

  it('compares byte-wise with the upper-case stored value: lower case is a wrong try', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPassword);
    expect(await statusWords(card, command.verify('abc123'), command.verify('ABC123'))).toEqual(['63C4', '9000']);
  });

  it('folds lower case when the profile marks the key caseInsensitive', async () => {
    const jpki = profile.applications.jpki;
    if (!jpki) throw new Error('no JPKI AP');
    const lenient = {
      ...profile,
      applications: { ...profile.applications, jpki: { ...jpki, keys: jpki.keys.map((key) => ({ ...key, caseInsensitive: true })) } },
    };
    const card = poweredCard(lenient);
    expect(await statusWords(card, ...selectPassword, command.verify('abc123'))).toEqual(['9000', '9000', '9000']);
  });

  it('locks after five wrong tries', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPassword);
    const wrong = Array.from({ length: 5 }, () => command.verify('WRONG1'));
    expect(await statusWords(card, ...wrong, command.verify('ABC123'))).toEqual(['63C4', '63C3', '63C2', '63C1', '63C0', '6984']);
  });
});

describe('other keys (§8.2)', () => {
  it.each([
    ['inputAssist', InputAssistFile.pin, '63C2'],
    ['inputAssist', InputAssistFile.collationNumberA, '63C9'],
    ['inputAssist', InputAssistFile.collationNumberB, '63C9'],
    ['cardFace', CardFaceFile.collationNumberB, '63C9'],
    ['cardFace', CardFaceFile.collationNumberA, '63C9'],
    ['cardFace', CardFaceFile.birthDateKey, '63C9'],
  ] as const)('%s %i: a wrong try → %s', async (application, fid, expected) => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.selectApplication(application), command.selectFile(fid), command.verify('0'))).toEqual(['9000', '9000', expected]);
  });
});

describe('counters persist', () => {
  it('across power-off and a new VirtualCard on the same CounterStore', async () => {
    const counters = new InMemoryCounterStore();
    const first = poweredCard(profile, counters);
    await statusWords(first, ...selectPin, command.verify('0000'), command.verify('0000'), command.verify('0000'));
    first.powerOff();
    const again = new VirtualCard({ profile, counters });
    again.powerOn();
    expect(await statusWords(again, ...selectPin, command.retriesQuery(), command.verify('1234'))).toEqual(['9000', '9000', '63C0', '6984']);
  });

  it('per card: another profile id on the same store has its own counters', async () => {
    const counters = new InMemoryCounterStore();
    await statusWords(poweredCard(profile, counters), ...selectPin, command.verify('0000'));
    const other = poweredCard({ ...profile, id: 'another-card' }, counters);
    expect(await statusWords(other, ...selectPin, command.retriesQuery())).toEqual(['9000', '9000', '63C3']);
  });

  it('test controls set and read counters outside PC/SC', async () => {
    const card = poweredCard(profile);
    card.setTriesLeft('jpki', JpkiFile.userAuthPin, 1);
    expect(await statusWords(card, ...selectPin, command.retriesQuery(), command.verify('0000'), command.verify('1234'))).toEqual([
      '9000',
      '9000',
      '63C1',
      '63C0',
      '6984',
    ]);
    card.setTriesLeft('jpki', JpkiFile.userAuthPin, 3);
    expect(await statusWords(card, command.verify('1234'))).toEqual(['9000']);
    expect(() => card.setTriesLeft('jpki', JpkiFile.userAuthPin, 4)).toThrow(RangeError);
    expect(() => card.triesLeft('jpki', 0x0099)).toThrow(RangeError);
  });
});

describe('顔認証カード: 0018, 001B and 入力補助 0011 blocked (§8.2)', () => {
  const faceOnly = buildFaceOnlyTestProfile(keys);

  it.each([
    ['jpki', JpkiFile.userAuthPin],
    ['jpki', JpkiFile.signingPassword],
    ['inputAssist', InputAssistFile.pin],
  ] as const)('%s %i: query 63C0, any VERIFY 6984', async (application, fid) => {
    const card = poweredCard(faceOnly);
    expect(await statusWords(card, command.selectApplication(application), command.selectFile(fid), command.retriesQuery(), command.verify('1234'))).toEqual([
      '9000',
      '9000',
      '63C0',
      '6984',
    ]);
  });

  it('照合番号B still opens the card face', async () => {
    const card = poweredCard(faceOnly);
    expect(
      await statusWords(card, command.selectApplication('cardFace'), command.verify('55021720352285', 0x12), command.selectFile(CardFaceFile.cardFace), command.readBinary(0, 7)),
    ).toEqual(['9000', '9000', '9000', '9000']);
  });
});

describe('CHANGE REFERENCE DATA 00 24 01 80', () => {
  it('after VERIFY stores the new value; it survives power and a new card on the same store', async () => {
    const counters = new InMemoryCounterStore();
    const card = poweredCard(profile, counters);
    expect(await statusWords(card, ...selectPin, command.verify('1234'), command.changeReferenceData('5678'))).toEqual(['9000', '9000', '9000', '9000']);
    const again = poweredCard(profile, counters);
    expect(await statusWords(again, ...selectPin, command.verify('1234'), command.verify('5678'))).toEqual(['9000', '9000', '63C2', '9000']);
  });

  it('without VERIFY → 6982; a value of the wrong format → 6A80; P1 ≠ 01 → 6A86; current EF not a key → 6A88; no data → 6700', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...selectPin);
    expect(await statusWords(card, command.changeReferenceData('5678'))).toEqual(['6982']);
    await card.transmit(command.verify('1234'));
    expect(await statusWords(card, command.changeReferenceData('56789'), command.changeReferenceData('ABCD'), fromHex('002400800435363738'))).toEqual([
      '6A80',
      '6A80',
      '6A86',
    ]);
    expect(await statusWords(card, fromHex('00240180'))).toEqual(['6700']);
    expect(await statusWords(card, command.selectFile(JpkiFile.tokenInfo), command.changeReferenceData('5678'))).toEqual(['9000', '6A88']);
  });

  it('keeps the signing password rule (6–16 A–Z 0–9, a letter and a digit)', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.signingPassword), command.verify('ABC123'));
    expect(await statusWords(card, command.changeReferenceData('abcdef1'), command.changeReferenceData('XYZ789'))).toEqual(['6A80', '9000']);
  });
});
