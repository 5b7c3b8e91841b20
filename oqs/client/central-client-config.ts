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
  /** 一括照会: how often the result is asked for while the central system says 処理中, and for how long. */
  readonly bulkPoll?: Partial<BulkPollPolicy>;
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

/**
 * 一括照会 polling. How long the central system takes is unpublished (oqs-interface.md §10), so both
 * numbers are settings; the interval is kept within BULK_POLL_INTERVAL_BOUNDS so a typo can neither
 * hammer the central system nor leave staff waiting for minutes between looks.
 */
export interface BulkPollPolicy {
  /** The pause before each fetch of the result. */
  readonly intervalMs: number;
  /** After the upload was accepted, no fetch is started later than this. */
  readonly maxWaitMs: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };
export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 5, openMs: 30_000, openJitter: 0.2 };
export const DEFAULT_TOKEN_POLICY: TokenPolicy = { renewBeforeMs: 60_000, maxLifetimeMs: 10 * 60_000 };
export const DEFAULT_BULK_POLL_POLICY: BulkPollPolicy = { intervalMs: 5_000, maxWaitMs: 30 * 60_000 };
export const BULK_POLL_INTERVAL_BOUNDS = { minMs: 500, maxMs: 60_000 } as const;
/** The overall bound is at least one interval and at most a day (the mock forgets a reception after that). */
export const BULK_MAX_WAIT_BOUNDS = { maxMs: 24 * 60 * 60_000 } as const;

/** A policy with its numbers inside the bounds (a number that is not finite takes the default). */
export function clampedBulkPollPolicy(policy: Partial<BulkPollPolicy>): BulkPollPolicy {
  const finite = (value: number | undefined, fallback: number) => (value !== undefined && Number.isFinite(value) ? value : fallback);
  const intervalMs = Math.min(Math.max(finite(policy.intervalMs, DEFAULT_BULK_POLL_POLICY.intervalMs), BULK_POLL_INTERVAL_BOUNDS.minMs), BULK_POLL_INTERVAL_BOUNDS.maxMs);
  const maxWaitMs = Math.min(Math.max(finite(policy.maxWaitMs, DEFAULT_BULK_POLL_POLICY.maxWaitMs), intervalMs), BULK_MAX_WAIT_BOUNDS.maxMs);
  return { intervalMs, maxWaitMs };
}
