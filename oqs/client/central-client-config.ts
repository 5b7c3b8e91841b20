/**
 * What the terminal's client of the central system is configured with. Certificates and keys may be
 * PEM text or DER bytes; the client turns them into what TLS and signing need.
 */
export interface CentralClientConfig {
  /** e.g. `https://central.example:443`; paths of the API are appended to it. */
  readonly baseUrl: string;
  /** 医療機関コード of this facility: the subject serialNumber of its client certificate. */
  readonly medicalInstitutionCode: string;
  readonly tls: CentralTlsCredentials;
  /** The facility's reader key for 顔認証 and 目視 attestations; without it those card requests fail. */
  readonly reader?: ReaderCredentials;
  /** Per request, from the first byte to the last byte of the answer. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Answers larger than this are cut off and treated as malformed. Default 4 MiB. */
  readonly maxResponseBytes?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly breaker?: Partial<BreakerPolicy>;
  readonly token?: Partial<TokenPolicy>;
  /** Keep-alive connections kept to the central system. Default 4. */
  readonly maxSockets?: number;
}

export interface CentralTlsCredentials {
  /** The CA that signs the central system's server certificate (PEM or DER). */
  readonly ca: string | Uint8Array;
  /** The facility's client certificate (PEM or DER). */
  readonly clientCertificate: string | Uint8Array;
  /** Its private key (PEM, or PKCS#8 DER). */
  readonly clientKey: string | Uint8Array;
}

export interface ReaderCredentials {
  /** The reader key (PEM, or PKCS#8 DER). */
  readonly privateKey: string | Uint8Array;
  /** The reader's certificate (PEM or DER): its public key names the key (ReaderKeyId). */
  readonly certificate: string | Uint8Array;
}

/** Retries of requests a repetition cannot duplicate; the delay before retry n is full-jitter exponential. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface BreakerPolicy {
  /** Consecutive outage failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial request is let through. */
  readonly openMs: number;
  /** Up to this share of openMs is added at random, so terminals do not all probe at once. */
  readonly openJitter: number;
}

export interface TokenPolicy {
  /** A token is renewed this long before it expires. */
  readonly renewBeforeMs: number;
  /** Trusted as a token's lifetime at most (and when the answer's expiry is not usable, e.g. clock skew). */
  readonly maxLifetimeMs: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };
export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 5, openMs: 30_000, openJitter: 0.2 };
export const DEFAULT_TOKEN_POLICY: TokenPolicy = { renewBeforeMs: 60_000, maxLifetimeMs: 10 * 60_000 };
