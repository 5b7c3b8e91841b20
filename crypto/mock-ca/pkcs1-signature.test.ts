import { constants, createPublicKey, publicDecrypt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { drbg } from './drbg';
import { isMockCaError } from './errors';
import { emsaPkcs1V15Encode, encodeDigestInfo, SHA256_OID, signDigestInfo, verifyDigestInfoSignature } from './pkcs1-signature';
import { generateRsaKeyPair } from './rsa-keygen';
import type { RsaKeyPair } from './rsa-keygen';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('RSASSA-PKCS1-v1_5 over a DigestInfo', () => {
  let key: RsaKeyPair;
  beforeAll(() => {
    key = generateRsaKeyPair(drbg('pkcs1-test', 'key'));
  }, 30_000);

  it('encodes a SHA-256 DigestInfo with the RFC 8017 §9.2 prefix', () => {
    const digestInfo = encodeDigestInfo(SHA256_OID, new Uint8Array(32));
    expect(hex(digestInfo)).toBe('3031300d060960864801650304020105000420' + '00'.repeat(32));
  });

  it('pads as 00 01 FF…FF 00 T and refuses a T that leaves fewer than 8 FF', () => {
    const encoded = emsaPkcs1V15Encode(Uint8Array.of(0xaa, 0xbb), 16);
    expect(hex(encoded)).toBe('0001' + 'ff'.repeat(11) + '00aabb');
    let thrown: unknown;
    try {
      emsaPkcs1V15Encode(new Uint8Array(6), 16);
    } catch (error) {
      thrown = error;
    }
    expect(isMockCaError(thrown, 'SIGNATURE_INPUT_INVALID')).toBe(true);
  });

  it('signs so that OpenSSL PKCS#1 type-1 unpadding recovers the DigestInfo, and verifies', () => {
    const digestInfo = encodeDigestInfo(SHA256_OID, new Uint8Array(96).fill(7));
    const signature = signDigestInfo(key.privateKeyPkcs8, digestInfo);
    expect(signature).toHaveLength(256);
    const publicKey = createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' });
    expect(hex(publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature))).toBe(hex(digestInfo));
    expect(verifyDigestInfoSignature(key.publicKeySpki, digestInfo, signature)).toBe(true);
    expect(hex(signDigestInfo(key.privateKeyPkcs8, digestInfo))).toBe(hex(signature));
  });

  it('rejects a wrong length, a value above the modulus and a changed DigestInfo without throwing', () => {
    const digestInfo = encodeDigestInfo(SHA256_OID, new Uint8Array(32).fill(1));
    const signature = signDigestInfo(key.privateKeyPkcs8, digestInfo);
    expect(verifyDigestInfoSignature(key.publicKeySpki, digestInfo, signature.subarray(1))).toBe(false);
    expect(verifyDigestInfoSignature(key.publicKeySpki, digestInfo, new Uint8Array(256).fill(0xff))).toBe(false);
    expect(verifyDigestInfoSignature(key.publicKeySpki, encodeDigestInfo(SHA256_OID, new Uint8Array(32).fill(2)), signature)).toBe(false);
  });
});
