import { checkPrimeSync, constants, createPrivateKey, createPublicKey, sign, verify, webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bitLength, gcd } from './bigint';
import { drbg } from './drbg';
import { decodeRsaPrivateKeyPkcs8, decodeRsaPublicKeySpki } from './rsa-key-der';
import type { RsaKeyComponents } from './rsa-key-der';
import { generateRsaKeyComponents, generateRsaKeyPair } from './rsa-keygen';
import type { RsaKeyPair } from './rsa-keygen';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const base64UrlToBigInt = (value: string) => BigInt(`0x${Buffer.from(value, 'base64url').toString('hex')}`);
const RSASSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

describe('generateRsaKeyPair (RSA-2048, the production size)', () => {
  let keyPair: RsaKeyPair;
  let key: RsaKeyComponents;
  let millisecondsPerKey: number;

  beforeAll(() => {
    const started = performance.now();
    keyPair = generateRsaKeyPair(drbg('rsa-test-seed', 'key/one'));
    millisecondsPerKey = performance.now() - started;
    key = decodeRsaPrivateKeyPkcs8(keyPair.privateKeyPkcs8);
  }, 30_000);

  it('is fast enough to make ~40 keys in a build step', () => {
    // Measured 80–400 ms on the 2-core build machine; fail only when something is badly wrong.
    expect(millisecondsPerKey).toBeLessThan(5000);
  });

  it('has consistent RSA parameters (FIPS 186-5 §A.1.3 conditions, RFC 8017 §3.2 CRT values)', () => {
    const { n, e, d, p, q, dP, dQ, qInv } = key;
    expect(e).toBe(65537n);
    expect(bitLength(n)).toBe(2048);
    expect(p * q).toBe(n);
    expect(bitLength(p)).toBe(1024);
    expect(bitLength(q)).toBe(1024);
    expect(checkPrimeSync(p, { checks: 40 })).toBe(true);
    expect(checkPrimeSync(q, { checks: 40 })).toBe(true);
    expect(p > q && p - q > 2n ** 924n).toBe(true);
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    expect((e * d) % lambda).toBe(1n);
    expect(d < lambda && d > 2n ** 1024n).toBe(true);
    expect(dP).toBe(d % (p - 1n));
    expect(dQ).toBe(d % (q - 1n));
    expect((qInv * q) % p).toBe(1n);
    expect(decodeRsaPublicKeySpki(keyPair.publicKeySpki)).toEqual({ n, e });
  });

  it('is read by node:crypto as the same key (PKCS#8 and SPKI agree)', () => {
    const privateKey = createPrivateKey({ key: Buffer.from(keyPair.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({ key: Buffer.from(keyPair.publicKeySpki), format: 'der', type: 'spki' });
    expect(privateKey.asymmetricKeyDetails).toEqual({ modulusLength: 2048, publicExponent: 65537n });
    const jwk = privateKey.export({ format: 'jwk' });
    expect(base64UrlToBigInt(jwk.n ?? '')).toBe(key.n);
    expect(base64UrlToBigInt(jwk.d ?? '')).toBe(key.d);
    expect(base64UrlToBigInt(jwk.qi ?? '')).toBe(key.qInv);
    expect(hex(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }))).toBe(hex(keyPair.publicKeySpki));
    // PKCS#1 v1.5 and PSS both work with the key.
    const message = Buffer.from('受付端末');
    expect(verify('sha256', message, publicKey, sign('sha256', message, privateKey))).toBe(true);
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING };
    expect(verify('sha256', message, { key: publicKey, ...pss }, sign('sha256', message, { key: privateKey, ...pss }))).toBe(true);
  });

  it('is imported by WebCrypto; node:crypto signatures verify there and WebCrypto signatures verify in node:crypto', async () => {
    const privateKey = await webcrypto.subtle.importKey('pkcs8', keyPair.privateKeyPkcs8, RSASSA, false, ['sign']);
    const publicKey = await webcrypto.subtle.importKey('spki', keyPair.publicKeySpki, RSASSA, false, ['verify']);
    const message = Buffer.from('challenge');
    const nodeSignature = sign('sha256', message, createPrivateKey({ key: Buffer.from(keyPair.privateKeyPkcs8), format: 'der', type: 'pkcs8' }));
    expect(await webcrypto.subtle.verify(RSASSA, publicKey, nodeSignature, message)).toBe(true);
    const webSignature = new Uint8Array(await webcrypto.subtle.sign(RSASSA, privateKey, message));
    // PKCS#1 v1.5 is deterministic: both implementations give the same bytes.
    expect(hex(webSignature)).toBe(hex(nodeSignature));
    const nodePublicKey = createPublicKey({ key: Buffer.from(keyPair.publicKeySpki), format: 'der', type: 'spki' });
    expect(verify('sha256', message, nodePublicKey, webSignature)).toBe(true);
    expect(verify('sha256', Buffer.from('other'), nodePublicKey, webSignature)).toBe(false);
  });

  it('is the same key again from the same seed and label, and another key from another seed', () => {
    expect(hex(generateRsaKeyPair(drbg('rsa-test-seed', 'key/one')).privateKeyPkcs8)).toBe(hex(keyPair.privateKeyPkcs8));
    const other = generateRsaKeyComponents(drbg('another-seed', 'key/one'));
    expect(other.n).not.toBe(key.n);
    expect(gcd(other.n, key.n)).toBe(1n);
  }, 30_000);
});
