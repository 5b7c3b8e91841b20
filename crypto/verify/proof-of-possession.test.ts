import { beforeAll, describe, expect, it } from 'vitest';
import { readTestPki, signDigestInfo } from '../mock-ca';
import type { TestPki } from '../mock-ca';
import { PossessionChallenges, possessionDigestInfo, verifyProofOfPossession } from './proof-of-possession';
import type { VerificationCode } from './result-codes';

const NOW = new Date('2026-06-01T00:00:00+09:00');
const LATER = (ms: number) => new Date(NOW.getTime() + ms);
let pki: TestPki;

beforeAll(async () => {
  pki = await readTestPki('fixtures/pki');
});

/** What the card does for `80 2A 00 80 <DigestInfo>`: PKCS#1 v1.5 type-1 padding and RSA. */
function cardSigns(holderId: string, challenge: Uint8Array): Uint8Array {
  const key = pki.holders[holderId]?.userAuth.privateKeyPkcs8 ?? new Uint8Array();
  return signDigestInfo(key, possessionDigestInfo(challenge));
}

const spkiOf = (holderId: string) => pki.holders[holderId]?.userAuth.publicKeySpki ?? new Uint8Array();

describe('proof of possession', () => {
  type Row = { name: string; run: (challenges: PossessionChallenges) => ReturnType<typeof verifyProofOfPossession>; expected: VerificationCode | 'ok' };
  const rows: Row[] = [
    {
      name: 'fresh challenge signed by the card',
      run: (challenges) => {
        const challenge = challenges.issue(NOW);
        return verifyProofOfPossession({ challenges, challenge, signature: cardSigns('shiken-taro', challenge), publicKeySpki: spkiOf('shiken-taro'), now: LATER(1000) });
      },
      expected: 'ok',
    },
    {
      name: 'replay of an old signature',
      run: (challenges) => {
        const challenge = challenges.issue(NOW);
        const signature = cardSigns('shiken-taro', challenge);
        verifyProofOfPossession({ challenges, challenge, signature, publicKeySpki: spkiOf('shiken-taro'), now: NOW });
        return verifyProofOfPossession({ challenges, challenge, signature, publicKeySpki: spkiOf('shiken-taro'), now: NOW });
      },
      expected: 'CHALLENGE_UNKNOWN_OR_USED',
    },
    {
      name: 'challenge the terminal never issued',
      run: (challenges) => {
        const challenge = new Uint8Array(32).fill(7);
        return verifyProofOfPossession({ challenges, challenge, signature: cardSigns('shiken-taro', challenge), publicKeySpki: spkiOf('shiken-taro'), now: NOW });
      },
      expected: 'CHALLENGE_UNKNOWN_OR_USED',
    },
    {
      name: 'expired challenge',
      run: (challenges) => {
        const challenge = challenges.issue(NOW);
        return verifyProofOfPossession({ challenges, challenge, signature: cardSigns('shiken-taro', challenge), publicKeySpki: spkiOf('shiken-taro'), now: LATER(60_001) });
      },
      expected: 'CHALLENGE_UNKNOWN_OR_USED',
    },
    {
      name: 'signature by another card',
      run: (challenges) => {
        const challenge = challenges.issue(NOW);
        return verifyProofOfPossession({ challenges, challenge, signature: cardSigns('ito-yumi', challenge), publicKeySpki: spkiOf('shiken-taro'), now: NOW });
      },
      expected: 'POSSESSION_SIGNATURE_INVALID',
    },
    {
      name: 'signature over an older challenge presented for a new one',
      run: (challenges) => {
        const old = challenges.issue(NOW);
        const signature = cardSigns('shiken-taro', old);
        const fresh = challenges.issue(NOW);
        return verifyProofOfPossession({ challenges, challenge: fresh, signature, publicKeySpki: spkiOf('shiken-taro'), now: NOW });
      },
      expected: 'POSSESSION_SIGNATURE_INVALID',
    },
    {
      name: 'truncated signature',
      run: (challenges) => {
        const challenge = challenges.issue(NOW);
        return verifyProofOfPossession({ challenges, challenge, signature: cardSigns('shiken-taro', challenge).subarray(1), publicKeySpki: spkiOf('shiken-taro'), now: NOW });
      },
      expected: 'POSSESSION_SIGNATURE_INVALID',
    },
    {
      name: 'malformed public key',
      run: (challenges) => {
        const challenge = challenges.issue(NOW);
        return verifyProofOfPossession({ challenges, challenge, signature: new Uint8Array(256), publicKeySpki: new Uint8Array([0x30, 0x00]), now: NOW });
      },
      expected: 'KEY_MALFORMED',
    },
  ];

  it.each(rows)('$name', ({ run, expected }) => {
    const result = run(new PossessionChallenges({ ttlMs: 60_000 }));
    expect(result.ok ? 'ok' : result.code).toBe(expected);
  });

  it('draws a different challenge each time and forgets the oldest beyond the cap', () => {
    const challenges = new PossessionChallenges({ ttlMs: 60_000, maxOutstanding: 2 });
    const first = challenges.issue(NOW);
    const second = challenges.issue(NOW);
    challenges.issue(NOW);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(challenges.consume(first, NOW)).toBe(false);
    expect(challenges.consume(second, NOW)).toBe(true);
  });
});
