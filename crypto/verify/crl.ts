import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { hex, nameKey } from './certificate-fields';
import { parseCrl } from './der';
import type { HttpFetch } from './http-fetch';
import { failure } from './result-codes';
import type { RevocationStatus } from './revocation-status';
import type { TrustAnchor } from './trust-store';

/**
 * CRL checking (RFC 5280 §5, §6.3): fetch, verify the CA's signature, require thisUpdate ≤ check time
 * ≤ nextUpdate, then look the serial up. A verified CRL is cached per URL until its nextUpdate, so a
 * warm check is a map lookup. The cache is an object the caller owns (no module state).
 */
const CRL_REASON_OID = '2.5.29.21';

interface CachedCrl {
  anchorKeyId: string;
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: Map<string, { revokedAt: Date; reasonCode: number | undefined }>;
}

export class CrlCache {
  private readonly entries = new Map<string, CachedCrl>();

  get(url: string): CachedCrl | undefined {
    return this.entries.get(url);
  }

  set(url: string, crl: CachedCrl): void {
    this.entries.set(url, crl);
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface CrlCheckInput {
  url: string;
  anchor: TrustAnchor;
  serialNumberHex: string;
  checkTime: Date;
  fetch: HttpFetch;
  engine: pkijs.CryptoEngine;
  cache: CrlCache;
  timeoutMs: number;
  clockSkewSeconds: number;
}

function reasonCodeOf(entry: pkijs.RevokedCertificate): number | undefined {
  const extension = entry.crlEntryExtensions?.extensions.find((candidate) => candidate.extnID === CRL_REASON_OID);
  if (!extension) return undefined;
  const value = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
  return value instanceof asn1js.Enumerated ? value.valueBlock.valueDec : undefined;
}

function lookUp(crl: CachedCrl, serialNumberHex: string, source: 'crl' | 'cache'): RevocationStatus {
  const entry = crl.revoked.get(serialNumberHex);
  return entry ? { outcome: 'revoked', source, ...entry } : { outcome: 'good', source };
}

function isCurrent(crl: { thisUpdate: Date; nextUpdate: Date }, checkTime: Date, skewMs: number): boolean {
  return crl.thisUpdate.getTime() - skewMs <= checkTime.getTime() && checkTime.getTime() <= crl.nextUpdate.getTime();
}

export async function checkCrl(input: CrlCheckInput): Promise<RevocationStatus> {
  const skewMs = input.clockSkewSeconds * 1000;
  const cached = input.cache.get(input.url);
  if (cached && cached.anchorKeyId === input.anchor.keyId && isCurrent(cached, input.checkTime, skewMs)) {
    return lookUp(cached, input.serialNumberHex, 'cache');
  }

  const response = await input.fetch({ url: input.url, method: 'GET', timeoutMs: input.timeoutMs });
  if (!response.ok) return { outcome: 'unavailable', detail: `CRL fetch failed: ${response.reason}` };
  if (response.status !== 200) return { outcome: 'unavailable', detail: `CRL server answered HTTP ${response.status}` };

  const parsed = parseCrl(response.body);
  if (!parsed.ok) return { outcome: 'invalid', failure: parsed };
  const crl = parsed.value;
  try {
    if (nameKey(crl.issuer) !== nameKey(input.anchor.certificate.subject)) {
      return { outcome: 'invalid', failure: failure('CRL_SIGNATURE_INVALID', 'CRL issuer is not the certificate issuer') };
    }
    if (!(await crl.verify({ issuerCertificate: input.anchor.certificate }, input.engine))) {
      return { outcome: 'invalid', failure: failure('CRL_SIGNATURE_INVALID', `CRL signature does not verify under CA ${input.anchor.generation}`) };
    }
    if (!crl.nextUpdate) return { outcome: 'invalid', failure: failure('CRL_MALFORMED', 'CRL has no nextUpdate') };
    const fetched: CachedCrl = {
      anchorKeyId: input.anchor.keyId,
      thisUpdate: crl.thisUpdate.value,
      nextUpdate: crl.nextUpdate.value,
      revoked: new Map(
        (crl.revokedCertificates ?? []).map((entry) => [
          hex(entry.userCertificate.valueBlock.valueHexView),
          { revokedAt: entry.revocationDate.value, reasonCode: reasonCodeOf(entry) },
        ]),
      ),
    };
    if (!isCurrent(fetched, input.checkTime, skewMs)) {
      return {
        outcome: 'invalid',
        failure: failure('CRL_EXPIRED', `CRL valid ${fetched.thisUpdate.toISOString()}…${fetched.nextUpdate.toISOString()}, not at the check time`),
      };
    }
    input.cache.set(input.url, fetched);
    return lookUp(fetched, input.serialNumberHex, 'crl');
  } catch (error) {
    return { outcome: 'invalid', failure: failure('CRL_MALFORMED', `CRL content: ${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'}`) };
  }
}
