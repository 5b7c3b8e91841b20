import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardFaceDigestInfo, signCardFace, verifyCardFaceSignature } from './card-face-signature';
import { drbg } from './drbg';
import { generateRsaKeyPair } from './rsa-keygen';
import type { RsaKeyPair } from './rsa-keygen';

const tlv = (tag: number, value: Uint8Array) => Uint8Array.from([0xdf, tag, value.length, ...value]);
const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// The card face of the default profile, abridged: DF22 birth date, DF23 sex, DF24 key, DF25/26 PNGs, DF27 JP2.
const df22To24 = Uint8Array.from([...tlv(0x22, ascii('19800217')), ...tlv(0x23, ascii('1')), ...tlv(0x24, Uint8Array.of(0x90, 0x03, 1, 0, 1))]);
const df25And26 = Uint8Array.from([...tlv(0x25, Uint8Array.of(0x89, 0x50, 0x4e, 0x47)), ...tlv(0x26, Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1))]);
const df27 = tlv(0x27, Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a, 1, 2, 3));

describe('card face signature (DF28)', () => {
  let key: RsaKeyPair;
  beforeAll(() => {
    key = generateRsaKeyPair(drbg('card-face-test', 'key'));
  }, 30_000);

  it('signs a DigestInfo whose OCTET STRING is the three SHA-256 values, 96 bytes', () => {
    const digestInfo = Buffer.from(cardFaceDigestInfo(df22To24, df25And26, df27)).toString('hex');
    expect(digestInfo).toBe(`3071300d06096086480165030402010500` + `0460${sha256(df22To24)}${sha256(df25And26)}${sha256(df27)}`);
  });

  it('gives a 256-byte signature that verifies, the same every time', () => {
    const signature = signCardFace(key.privateKeyPkcs8, df22To24, df25And26, df27);
    expect(signature).toHaveLength(256);
    expect(verifyCardFaceSignature(key.publicKeySpki, df22To24, df25And26, df27, signature)).toBe(true);
    expect(signCardFace(key.privateKeyPkcs8, df22To24, df25And26, df27)).toEqual(signature);
  });

  it('fails after one byte of DF27 (or of any covered part) changes', () => {
    const signature = signCardFace(key.privateKeyPkcs8, df22To24, df25And26, df27);
    const flipped = (bytes: Uint8Array, index: number) => {
      const copy = bytes.slice();
      copy[index] = (copy[index] ?? 0) ^ 0x01;
      return copy;
    };
    expect(verifyCardFaceSignature(key.publicKeySpki, df22To24, df25And26, flipped(df27, df27.length - 1), signature)).toBe(false);
    expect(verifyCardFaceSignature(key.publicKeySpki, flipped(df22To24, 5), df25And26, df27, signature)).toBe(false);
    expect(verifyCardFaceSignature(key.publicKeySpki, df22To24, flipped(df25And26, 3), df27, signature)).toBe(false);
    expect(verifyCardFaceSignature(key.publicKeySpki, df22To24, df25And26, df27, flipped(signature, 100))).toBe(false);
  });
});
