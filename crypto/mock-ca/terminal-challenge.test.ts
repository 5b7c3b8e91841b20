import { createPublicKey, verify, webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { drbg } from './drbg';
import { isMockCaError } from './errors';
import { generateRsaKeyPair } from './rsa-keygen';
import type { RsaKeyPair } from './rsa-keygen';
import { signTerminalChallenge, verifyTerminalChallengeSignature } from './terminal-challenge';

describe('stand-in terminal challenge signature (card.md §8.5)', () => {
  let key: RsaKeyPair;
  const challenge = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  beforeAll(() => {
    key = generateRsaKeyPair(drbg('terminal-test', 'key'));
  }, 30_000);

  it('is plain RSASSA-PKCS1-v1_5 with SHA-256: node:crypto and WebCrypto verify it', async () => {
    const signature = signTerminalChallenge(key.privateKeyPkcs8, challenge);
    expect(signature).toHaveLength(256);
    const nodeKey = createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
    expect(verify('sha256', challenge, nodeKey, signature)).toBe(true);
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const webKey = await webcrypto.subtle.importKey('spki', key.publicKeySpki, algorithm, false, ['verify']);
    expect(await webcrypto.subtle.verify(algorithm, webKey, signature, challenge)).toBe(true);
    expect(verifyTerminalChallengeSignature(key.publicKeySpki, challenge, signature)).toBe(true);
  });

  it('does not verify for another challenge, and refuses to sign one that is not 8 bytes', () => {
    const signature = signTerminalChallenge(key.privateKeyPkcs8, challenge);
    expect(verifyTerminalChallengeSignature(key.publicKeySpki, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9), signature)).toBe(false);
    expect(verifyTerminalChallengeSignature(key.publicKeySpki, challenge.subarray(1), signature)).toBe(false);
    let thrown: unknown;
    try {
      signTerminalChallenge(key.privateKeyPkcs8, new Uint8Array(16));
    } catch (error) {
      thrown = error;
    }
    expect(isMockCaError(thrown, 'SIGNATURE_INPUT_INVALID')).toBe(true);
  });
});
