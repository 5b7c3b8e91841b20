import { createHash, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JpkiFile, SHA256_DIGEST_INFO_PREFIX } from '../../../kernel/card/applications';
import { concatBytes, fromHex } from '../../../kernel/bytes';
import { command, dataOf, sw } from '../testing/card-commands';
import { poweredCard, statusWords } from '../testing/powered-card';
import { buildFaceOnlyTestProfile, buildTestProfile, generateTestKeys } from '../testing/test-profile';

const keys = generateTestKeys();
const profile = buildTestProfile(keys);
const challenge = new TextEncoder().encode('server challenge 2026-04-01T09:00:00+09:00');
const digestInfo = concatBytes(SHA256_DIGEST_INFO_PREFIX, createHash('sha256').update(challenge).digest());

async function signedWithUserAuthKey(pin = '1234') {
  const card = poweredCard(profile);
  await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPin), command.verify(pin), command.selectFile(JpkiFile.userAuthPrivateKey));
  return card.transmit(command.sign(digestInfo));
}

describe('COMPUTE DIGITAL SIGNATURE 80 2A 00 80 with 0017', () => {
  it('after VERIFY 0018: 256 bytes + 9000, verifiable with the public key', async () => {
    const response = await signedWithUserAuthKey();
    expect(sw(response)).toBe('9000');
    const signature = dataOf(response);
    expect(signature.length).toBe(256);
    expect(verify('sha256', challenge, keys.userAuth.publicKey, signature)).toBe(true);
  });

  it("equals node:crypto's PKCS#1 v1.5 sign('sha256') of the same data (type 1 padding is deterministic)", async () => {
    const signature = dataOf(await signedWithUserAuthKey());
    expect(Buffer.from(signature)).toEqual(sign('sha256', challenge, keys.userAuth.privateKey));
  });

  it('without VERIFY → 6982', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.selectApplication('jpki'), command.selectFile(JpkiFile.userAuthPrivateKey), command.sign(digestInfo))).toEqual([
      '9000',
      '9000',
      '6982',
    ]);
  });

  it('after a SELECT of the AP → 6982 again (SELECT clears verification)', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.verify('1234', 0x18));
    expect(await statusWords(card, command.sign(digestInfo, 0x97), command.selectApplication('jpki'), command.sign(digestInfo, 0x97))).toEqual([
      '9000',
      '9000',
      '6982',
    ]);
  });

  it('P2=97 names 0017 without SELECT', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.verify('1234', 0x18));
    const response = await card.transmit(command.sign(digestInfo, 0x97));
    expect(verify('sha256', challenge, keys.userAuth.publicKey, dataOf(response))).toBe(true);
  });
});

describe('COMPUTE DIGITAL SIGNATURE with 001A (署名用)', () => {
  it('needs 001B: 0018 does not open it', async () => {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.verify('1234', 0x18));
    expect(await statusWords(card, command.sign(digestInfo, 0x9a))).toEqual(['6982']);
    await card.transmit(command.verify('ABC123', 0x1b));
    const response = await card.transmit(command.sign(digestInfo, 0x9a));
    expect(sw(response)).toBe('9000');
    expect(verify('sha256', challenge, keys.signing.publicKey, dataOf(response))).toBe(true);
  });

  it('does not exist on a face-only card → 6A88', async () => {
    const card = poweredCard(buildFaceOnlyTestProfile(keys));
    expect(await statusWords(card, command.selectApplication('jpki'), command.sign(digestInfo, 0x9a))).toEqual(['9000', '6A88']);
  });
});

describe('COMPUTE DIGITAL SIGNATURE errors', () => {
  async function verifiedAtKey() {
    const card = poweredCard(profile);
    await statusWords(card, command.selectApplication('jpki'), command.verify('1234', 0x18), command.selectFile(JpkiFile.userAuthPrivateKey));
    return card;
  }

  it('no data → 6700; more than 245 bytes → 6700; exactly 245 → 9000', async () => {
    const card = await verifiedAtKey();
    expect(await statusWords(card, fromHex('802A0080'), fromHex('802A008000'), command.sign(new Uint8Array(246).fill(1)), command.sign(new Uint8Array(245).fill(1)))).toEqual([
      '6700',
      '6700',
      '6700',
      '9000',
    ]);
  });

  it('P1 ≠ 00 (card-side hashing, PSS) → 6A86', async () => {
    const card = await verifiedAtKey();
    expect(await statusWords(card, concatBytes(fromHex('802A0180'), Uint8Array.of(digestInfo.length), digestInfo, Uint8Array.of(0)))).toEqual(['6A86']);
  });

  it('current EF not a private key → 6A88; P2=00 outside a 券面 AP → 6A86', async () => {
    const card = await verifiedAtKey();
    expect(await statusWords(card, command.selectFile(JpkiFile.userAuthPin), command.sign(digestInfo), command.sign(digestInfo, 0x00))).toEqual([
      '9000',
      '6A88',
      '6A86',
    ]);
  });

  it('an Le smaller than the signature → 6700; no Le → the signature anyway', async () => {
    const card = await verifiedAtKey();
    const withoutLe = concatBytes(fromHex('802A0080'), Uint8Array.of(digestInfo.length), digestInfo);
    const shortLe = concatBytes(withoutLe, Uint8Array.of(0x80));
    expect(await statusWords(card, shortLe, withoutLe)).toEqual(['6700', '9000']);
  });
});

describe('80 2A 00 00 in a 券面 AP signs with the AP key, no credential', () => {
  it('in 券面事項確認AP', async () => {
    const card = poweredCard(profile);
    await card.transmit(command.selectApplication('cardFace'));
    const response = await card.transmit(command.sign(digestInfo, 0x00));
    expect(sw(response)).toBe('9000');
    expect(verify('sha256', challenge, keys.cardFaceAp.publicKey, dataOf(response))).toBe(true);
  });

  it('in 入力補助AP without an AP key in the profile → 6A86', async () => {
    const card = poweredCard(profile);
    expect(await statusWords(card, command.selectApplication('inputAssist'), command.sign(digestInfo, 0x00))).toEqual(['9000', '6A86']);
  });
});
