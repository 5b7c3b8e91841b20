/**
 * What the verifier does about revocation, as configuration. Default: OCSP first, CRL when OCSP cannot
 * be reached, and fail closed when neither answers.
 *
 * - A server that cannot be reached (network error, timeout, HTTP error, OCSP tryLater/internalError)
 *   makes the next method in `methods` run.
 * - An answer that arrives but does not check out (bad signature, stale, nonce mismatch, malformed,
 *   CRL past nextUpdate) is reported with its own code and does NOT fall through: it is evidence of a
 *   fault or an attack, not an outage.
 * - When no method answered: `fail-closed` gives REVOCATION_UNAVAILABLE; `fail-open` accepts the
 *   certificate and says so in the ok result (`revocation.source: 'unavailable'`).
 *
 * Responder URLs: the configured ones win over the certificate's AIA / CRL DP; the certificate's are
 * used only when config names none. A registered verifier talks to the service it is registered with
 * (card.md §6: J-LIS serves registered verifiers only), and the real URLs are not in our certificates.
 */
export type RevocationMethod = 'ocsp' | 'crl';

export interface RevocationPolicy {
  methods: ReadonlyArray<RevocationMethod>;
  whenUnavailable: 'fail-closed' | 'fail-open';
  ocspTimeoutMs: number;
  crlTimeoutMs: number;
  /** An OCSP answer without nextUpdate is fresh for this long after its thisUpdate. */
  ocspFreshnessSeconds: number;
  /** Tolerated clock difference between responder and verifier. */
  clockSkewSeconds: number;
  /** Refuse a response that does not echo our nonce (RFC 8954). */
  requireOcspNonce: boolean;
}

export const DEFAULT_REVOCATION_POLICY: RevocationPolicy = {
  methods: ['ocsp', 'crl'],
  whenUnavailable: 'fail-closed',
  ocspTimeoutMs: 3000,
  crlTimeoutMs: 5000,
  ocspFreshnessSeconds: 24 * 60 * 60,
  clockSkewSeconds: 300,
  requireOcspNonce: true,
};

export interface ResponderUrls {
  /** One OCSP URL for every CA generation. */
  ocspUrl?: string;
  /** CRL URL per CA generation (YYYY-MM-DD) of the user-auth CA. */
  crlUrlByGeneration?: Readonly<Record<string, string>>;
}
