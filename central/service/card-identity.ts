import { createHash } from 'node:crypto';
import type { CardCertificateVerifier } from '../../crypto/verify';
import type { LinkedCertificate, PersonLookup, PersonWithRecords } from '../store';

export type CardIdentity =
  | { ok: true; found: PersonWithRecords & { certificate: LinkedCertificate } }
  | { ok: false; code: 'CARD_CERTIFICATE_INVALID' | 'CARD_CERTIFICATE_NOT_LINKED'; verificationCode?: string };

export interface CardIdentityOptions {
  /** How long a good chain + revocation answer is reused; the J-LIS answer itself is valid far longer. */
  cacheMs: number;
  maxEntries: number;
}

export const DEFAULT_CARD_IDENTITY_OPTIONS: CardIdentityOptions = { cacheMs: 5 * 60 * 1000, maxEntries: 10_000 };

/**
 * Card certificate → the 被保険者 it was linked to at 初回登録. The certificate is verified first (chain,
 * validity, revocation through the J-LIS-like responder); only a certificate that verified is looked up.
 * Good verifications are cached by the DER's SHA-256 for `cacheMs`, because a reception desk reads the
 * same card again within minutes and a live OCSP round trip costs more than everything else together.
 * Failures are never cached: a card that failed on an outage must succeed as soon as J-LIS answers.
 */
export class CardIdentityResolver {
  private readonly verified = new Map<string, { until: number; issuerGeneration: string; serialNumberHex: string }>();

  constructor(
    private readonly verifier: CardCertificateVerifier,
    private readonly people: PersonLookup,
    private readonly options: CardIdentityOptions = DEFAULT_CARD_IDENTITY_OPTIONS,
  ) {}

  async resolve(certificateDer: Uint8Array, now: Date): Promise<CardIdentity> {
    const key = createHash('sha256').update(certificateDer).digest('hex');
    let verified = this.verified.get(key);
    if (verified === undefined || verified.until <= now.getTime()) {
      this.verified.delete(key);
      const verification = await this.verifier.verify(certificateDer, now);
      if (!verification.ok) return { ok: false, code: 'CARD_CERTIFICATE_INVALID', verificationCode: verification.code };
      verified = { until: now.getTime() + this.options.cacheMs, issuerGeneration: verification.issuerGeneration, serialNumberHex: verification.serialNumberHex };
      this.remember(key, verified);
    }
    const found = this.people.findByCertificate({ issuerGeneration: verified.issuerGeneration, serialNumberHex: verified.serialNumberHex });
    // A certificate that verified but was never linked (or whose link is to another certificate) is not this person's.
    if (found === undefined || found.certificate.certificateSha256 !== key) return { ok: false, code: 'CARD_CERTIFICATE_NOT_LINKED' };
    return { ok: true, found };
  }

  private remember(key: string, entry: { until: number; issuerGeneration: string; serialNumberHex: string }): void {
    if (this.verified.size >= this.options.maxEntries) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(key, entry);
  }
}
