import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JpkiFile, SHA256_DIGEST_INFO_PREFIX } from '../../../kernel/card/applications';
import { concatBytes, fromHex } from '../../../kernel/bytes';
import { command, dataOf, sw } from '../testing/card-commands';
import { poweredCard, statusWords } from '../testing/powered-card';
import { buildFaceOnlyTestProfile, buildTestProfile, generateTestKeys } from '../testing/test-profile';
import type { VirtualCard } from '../virtual-card';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const digestInfo = concatBytes(SHA256_DIGEST_INFO_PREFIX, createHash('sha256').update('challenge').digest());

/** Runs the §8.5 stand-in: SELECT, GET CHALLENGE 8, 00 82 with the terminal's signature. */
async function standIn(card: VirtualCard, signer = keys.terminal.privateKey): Promise<string> {
  await card.transmit(command.selectApplication('standIn'));
  const challenge = dataOf(await card.transmit(command.getChallenge(8)));
  return sw(await card.transmit(command.standInAuthenticate(sign('sha256', challenge, signer))));
}

describe('GET CHALLENGE 00 84 00 00 Le', () => {
  it('returns Le random bytes (Le 00 = 256)', async () => {
    const card = poweredCard(profile);
    const first = await card.transmit(command.getChallenge(8));
    const second = await card.transmit(command.getChallenge(8));
    expect([sw(first), dataOf(first).length]).toEqual(['9000', 8]);
    expect(dataOf(first)).not.toEqual(dataOf(second));
    expect(dataOf(await card.transmit(command.getChallenge(0))).length).toBe(256);
  });

  it('P1/P2 ≠ 00 → 6A86; no Le, data, or more than 256 → 6700', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, fromHex('0084010008'), fromHex('00840000'), fromHex('008400000100'), fromHex('00840000000101'))).toEqual([
      '6A86',
      '6700',
      '6700',
      '6700',
    ]);
  });
});

describe('§8.5 stand-in for 特定機関認証', () => {
  it('a good signature grants 80 2A on 0017 without VERIFY', async () => {
    const card = poweredCard(profile);
    expect(await standIn(card)).toBe('9000');
    await card.transmit(command.selectApplication('jpki'));
    const response = await card.transmit(command.sign(digestInfo, 0x97));
    expect(sw(response)).toBe('9000');
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(3);
  });

  it('never opens 001A', async () => {
    const card = poweredCard(profile);
    await standIn(card);
    expect(await statusWords(card, command.selectApplication('jpki'), command.sign(digestInfo, 0x9a))).toEqual(['9000', '6982']);
  });

  it('works on a face-only card, whose 0018 is blocked', async () => {
    const card = poweredCard(buildFaceOnlyTestProfile(keys));
    expect(await standIn(card)).toBe('9000');
    expect(await statusWords(card, command.selectApplication('jpki'), command.sign(digestInfo, 0x97))).toEqual(['9000', '9000']);
  });

  it('the grant survives SELECT but not power-off or reset', async () => {
    const card = poweredCard(profile);
    await standIn(card);
    expect(await statusWords(card, command.selectApplication('cardFace'), command.selectApplication('jpki'), command.sign(digestInfo, 0x97))).toEqual([
      '9000',
      '9000',
      '9000',
    ]);
    card.reset();
    expect(await statusWords(card, command.selectApplication('jpki'), command.sign(digestInfo, 0x97))).toEqual(['9000', '6982']);
    await standIn(card);
    card.powerCycle();
    expect(await statusWords(card, command.selectApplication('jpki'), command.sign(digestInfo, 0x97))).toEqual(['9000', '6982']);
  });

  it('a signature by another key → 6982, and the challenge is used up (then 6985)', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('standIn'));
    const challenge = dataOf(await card.transmit(command.getChallenge(8)));
    const forged = command.standInAuthenticate(sign('sha256', challenge, keys.userAuth.privateKey));
    const genuine = command.standInAuthenticate(sign('sha256', challenge, keys.terminal.privateKey));
    expect(await statusWords(card, forged, genuine)).toEqual(['6982', '6985']);
    expect(await statusWords(card, command.selectApplication('jpki'), command.sign(digestInfo, 0x97))).toEqual(['9000', '6982']);
  });

  it('garbage of the wrong length is just a bad signature → 6982', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('standIn'));
    await card.transmit(command.getChallenge(8));
    expect(await statusWords(card, fromHex('0082000003010203'))).toEqual(['6982']);
  });

  it('without a pending challenge → 6985; P1/P2 ≠ 00 → 6A86; no data → 6700', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('standIn'));
    expect(await statusWords(card, command.standInAuthenticate(new Uint8Array(256)), fromHex('0082000103010203'), fromHex('00820000'))).toEqual([
      '6985',
      '6A86',
      '6700',
    ]);
  });

  it('00 82 outside the stand-in application → 6D00', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('jpki'));
    await card.transmit(command.getChallenge(8));
    expect(await statusWords(card, command.standInAuthenticate(new Uint8Array(256)))).toEqual(['6D00']);
  });
});
