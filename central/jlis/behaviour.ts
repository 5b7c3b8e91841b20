/**
 * The switches of the J-LIS-like responder, per instance (options) and at run time (`setBehaviour`).
 * Every failure mode applies to both CRL and OCSP answers unless it names one.
 */
export type JlisFailureMode =
  | 'none'
  /** HTTP 503. */
  | 'unavailable'
  /** The TCP connection is destroyed without an answer. */
  | 'reset'
  /** HTTP 200 with bytes that are not DER. */
  | 'malformed'
  /** OCSP: signed with a key that is not the responder's. CRL: the same. */
  | 'bad-signature'
  /** Answers whose validity ended a day before the responder's clock. */
  | 'stale'
  /** OCSP: a nonce that is not the request's. */
  | 'wrong-nonce'
  /** OCSP: no nonce in the answer. */
  | 'no-nonce';

export interface JlisBehaviour {
  /** Added before every answer; cleared when the responder stops. */
  latencyMs: number;
  failure: JlisFailureMode;
}

export const DEFAULT_JLIS_BEHAVIOUR: JlisBehaviour = { latencyMs: 0, failure: 'none' };
