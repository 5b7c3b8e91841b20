import type { webcrypto } from 'node:crypto';
import type * as pkijs from 'pkijs';

/**
 * Certificate signature checks through the injected engine, with each issuer's public key imported
 * once and kept (per checker, per issuer object) instead of once per certificate as
 * pkijs `Certificate.verify` does. sha256WithRSAEncryption, the only JPKI algorithm, takes the fast
 * path; anything else goes through pkijs unchanged.
 */
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const RSA_PKCS1_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export class CertificateSignatureChecker {
  private readonly keys = new WeakMap<pkijs.Certificate, Promise<webcrypto.CryptoKey | undefined>>();

  constructor(private readonly engine: pkijs.CryptoEngine) {}

  async verify(subject: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
    if (subject.signatureAlgorithm.algorithmId !== SHA256_WITH_RSA) return subject.verify(issuer, this.engine);
    if (subject.signatureValue.valueBlock.unusedBits !== 0) return false;
    const key = await this.keyOf(issuer);
    if (!key) return false;
    try {
      return await this.engine.verify(RSA_PKCS1_SHA256, key, subject.signatureValue.valueBlock.valueHexView, subject.tbsView);
    } catch {
      return false;
    }
  }

  private keyOf(issuer: pkijs.Certificate): Promise<webcrypto.CryptoKey | undefined> {
    let key = this.keys.get(issuer);
    if (!key) {
      const spki = issuer.subjectPublicKeyInfo.toSchema().toBER(false);
      key = Promise.resolve(this.engine.importKey('spki', spki, RSA_PKCS1_SHA256, false, ['verify'])).catch(() => undefined);
      this.keys.set(issuer, key);
    }
    return key;
  }
}
