import type * as pkijs from 'pkijs';
import { crlDistributionPointUrls, ocspResponderUrls } from './certificate-fields';
import { checkCrl } from './crl';
import type { CrlCache } from './crl';
import type { HttpFetch } from './http-fetch';
import { checkOcsp } from './ocsp';
import type { RandomBytes } from './random';
import { failure } from './result-codes';
import type { VerificationFailure } from './result-codes';
import type { ResponderUrls, RevocationMethod, RevocationPolicy } from './revocation-policy';
import type { RevocationSource } from './revocation-status';
import type { TrustAnchor } from './trust-store';

/** Runs the policy's methods in order (see revocation-policy.ts for the rules) and decides. */
export interface RevocationContext {
  policy: RevocationPolicy;
  responders: ResponderUrls;
  fetch: HttpFetch;
  engine: pkijs.CryptoEngine;
  random: RandomBytes;
  crlCache: CrlCache;
}

export type RevocationDecision = { ok: true; source: RevocationSource | 'unavailable'; detail?: string } | VerificationFailure;

/** Config first, then the certificate's own pointer. */
export function responderUrlFor(method: RevocationMethod, leaf: pkijs.Certificate, anchor: TrustAnchor, responders: ResponderUrls): string | undefined {
  if (method === 'ocsp') return responders.ocspUrl ?? ocspResponderUrls(leaf)[0];
  return responders.crlUrlByGeneration?.[anchor.generation] ?? crlDistributionPointUrls(leaf)[0];
}

export async function decideRevocation(
  leaf: pkijs.Certificate,
  anchor: TrustAnchor,
  serialNumberHex: string,
  checkTime: Date,
  context: RevocationContext,
): Promise<RevocationDecision> {
  const { policy } = context;
  const unavailable: string[] = [];
  for (const method of policy.methods) {
    const url = responderUrlFor(method, leaf, anchor, context.responders);
    if (url === undefined) {
      unavailable.push(`${method}: no URL configured or in the certificate`);
      continue;
    }
    const status =
      method === 'ocsp'
        ? await checkOcsp({
            url,
            leaf,
            anchor,
            checkTime,
            fetch: context.fetch,
            engine: context.engine,
            random: context.random,
            timeoutMs: policy.ocspTimeoutMs,
            freshnessSeconds: policy.ocspFreshnessSeconds,
            clockSkewSeconds: policy.clockSkewSeconds,
            requireNonce: policy.requireOcspNonce,
          })
        : await checkCrl({
            url,
            anchor,
            serialNumberHex,
            checkTime,
            fetch: context.fetch,
            engine: context.engine,
            cache: context.crlCache,
            timeoutMs: policy.crlTimeoutMs,
            clockSkewSeconds: policy.clockSkewSeconds,
          });
    switch (status.outcome) {
      case 'good':
        return { ok: true, source: status.source };
      case 'revoked':
        return failure('REVOKED', `revoked (${status.source}) at ${status.revokedAt.toISOString()}, reason ${status.reasonCode ?? 'unspecified'}`);
      case 'unknown':
        return failure('REVOCATION_UNKNOWN', 'OCSP responder does not know the certificate');
      case 'invalid':
        return status.failure;
      case 'unavailable':
        unavailable.push(`${method}: ${status.detail}`);
    }
  }
  const detail = unavailable.join('; ') || 'no revocation method configured';
  return policy.whenUnavailable === 'fail-open' ? { ok: true, source: 'unavailable', detail } : failure('REVOCATION_UNAVAILABLE', detail);
}
