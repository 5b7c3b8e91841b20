import { describe, expect, it } from 'vitest';
import { JpkiFile } from '../../kernel/card/applications';
import { fromHex } from '../../kernel/bytes';
import { InMemoryCounterStore } from './counter-store';
import { command, sw } from './testing/card-commands';
import { poweredCard, statusWords } from './testing/powered-card';
import { buildTestProfile, generateTestKeys } from './testing/test-profile';
import { VirtualCard } from './virtual-card';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const send = async (card: VirtualCard, hex: string): Promise<string> => sw(await card.transmit(fromHex(hex)));

describe('§8.1 "any" row: checks before any instruction', () => {
  it.each([
    ['fewer than 4 bytes', '00A404'],
    ['Lc larger than the data', '00A4040C0AD392F0'],
    ['Lc smaller than the data', '00A4020C01000A'],
    ['an extended Lc of 0', '00B00000000000AA'],
  ])('%s → 6700', async (_case, hex) => {
    expect(await send(poweredCard(profile), hex)).toBe('6700');
  });

  it.each(['01A4040C', '03B00000', '81A40400', '40A40000', '7F200080'])('CLA %s names a logical channel → 6881', async (hex) => {
    expect(await send(poweredCard(profile), hex)).toBe('6881');
  });

  it.each(['0CB0000004', 'A0A40000', '84200080', 'FFCA000000', '10A40000'])('CLA of %s not 00/80 → 6E00', async (hex) => {
    expect(await send(poweredCard(profile), hex)).toBe('6E00');
  });

  it.each(['00CA000000', '00A6000000', '002A0080', '80A4040C', '80B0000004', '00AE0000'])('unknown instruction %s → 6D00', async (hex) => {
    expect(await send(poweredCard(profile), hex)).toBe('6D00');
  });
});

describe('§8.1 80 AE / 80 A2: not emulated', () => {
  it.each([
    ['cardFace', '66F1'],
    ['common', '66F1'],
    ['jpki', '6982'],
    ['inputAssist', '6982'],
    ['residentRegistry', '6982'],
  ] as const)('in %s → %s', async (application, expected) => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication(application));
    expect(await send(card, '80AE000000')).toBe(expected);
    expect(await send(card, '80A2000000')).toBe(expected);
  });

  it('at power-on ("MF") → 6982', async () => {
    expect(await send(poweredCard(profile), '80A2000000')).toBe('6982');
  });
});

describe('power, reset and volatile state (§8.1, §8.3)', () => {
  const verifiedThenSign = [command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPin), command.verify('1234'), command.selectFile(JpkiFile.userAuthPrivateKey)];
  const digestInfo = fromHex(`3031300D060960864801650304020105000420${'11'.repeat(32)}`);

  it('refuses a command before power-on (the reader must power the card)', async () => {
    const card = new VirtualCard({ profile, counters: new InMemoryCounterStore() });
    await expect(card.transmit(command.selectApplication('jpki'))).rejects.toMatchObject({ code: 'CARD_NOT_POWERED' });
  });

  it('power-off then power-on loses the current DF, EF and verification', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...verifiedThenSign);
    expect(sw(await card.transmit(command.sign(digestInfo)))).toBe('9000');
    card.powerOff();
    card.powerOn();
    expect(await statusWords(card, command.readBinary(0, 4), command.selectFile(JpkiFile.userAuthCertificate))).toEqual(['6986', '6A82']);
    expect(await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPrivateKey), command.sign(digestInfo))).toEqual(['9000', '9000', '6982']);
  });

  it('power-on alone also starts from "MF"', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('jpki'));
    card.powerOn();
    expect(await send(card, '00A40000')).toBe('6A86');
  });

  it('reset clears verification by default', async () => {
    const card = poweredCard(profile);
    await statusWords(card, ...verifiedThenSign);
    card.reset();
    expect(await statusWords(card, command.selectApplication('jpki'), command.retriesQuery(0x18))).toEqual(['9000', '63C3']);
  });

  it('reset keeps DF, EF and verification when the profile sets keepStateOnReset (the probed card)', async () => {
    const card = poweredCard({ ...profile, keepStateOnReset: true });
    await statusWords(card, ...verifiedThenSign);
    card.reset();
    expect(sw(await card.transmit(command.sign(digestInfo)))).toBe('9000');
    card.powerCycle();
    expect(await statusWords(card, command.selectApplication('jpki'), command.retriesQuery(0x18))).toEqual(['9000', '63C3']);
  });

  it('power never touches counters', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPin), command.verify('0000'));
    card.powerCycle();
    card.reset();
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(2);
  });

  it('lists every key with its counter', () => {
    const card = poweredCard(profile);
    card.setTriesLeft('cardFace', 0x0012, 4);
    expect(card.keyCounters()).toContainEqual({ application: 'cardFace', keyFid: '0012', triesLeft: 4, maxTries: 10 });
    expect(card.keyCounters()).toHaveLength(2 + 3 + 3);
  });
});
