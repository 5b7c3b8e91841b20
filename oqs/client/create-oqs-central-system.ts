import { timerWait, type Wait } from './abortable-wait';
import type { RandomSource } from './backoff';
import {
  clampedBulkPollPolicy,
  DEFAULT_BREAKER_POLICY,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TOKEN_POLICY,
  type CentralClientConfig,
} from './central-client-config';
import { CentralConnection } from './central-connection';
import type { CentralTransport } from './central-transport';
import { CircuitBreaker } from './circuit-breaker';
import { certificatePem, privateKeyPem, privateKeyPkcs8, readerKeyIdOf } from './credential-encoding';
import { createHttpsTransport } from './https-transport';
import { OqsCentralSystem } from './oqs-central-system';
import type { ReaderSigner } from './presence-proof';

/** What the client takes from its surroundings; tests inject time, randomness, waiting and the transport. */
export interface CentralClientRuntime {
  /** Token expiry and the circuit breaker's open time. Default: the system clock. */
  readonly now?: () => Date;
  /** Backoff and breaker jitter. Default Math.random. */
  readonly random?: RandomSource;
  /** The pause between retries and between 一括照会 result fetches. Default a timer. */
  readonly wait?: Wait;
  /** Default HTTPS with mutual TLS from the config. */
  readonly transport?: CentralTransport;
}

export type CreatedCentralSystem =
  | { readonly ok: true; readonly central: OqsCentralSystem }
  | { readonly ok: false; readonly code: 'CENTRAL_CONFIG_INVALID'; readonly detail: string };

/** The central-system client of the terminal from its configuration; a credential that cannot be read is a coded failure. */
export function createOqsCentralSystem(config: CentralClientConfig, runtime: CentralClientRuntime = {}): CreatedCentralSystem {
  if (!/^\d{10}$/.test(config.medicalInstitutionCode)) return invalid('medicalInstitutionCode must be 10 digits');
  if (!/^https:\/\//.test(config.baseUrl) || !URL.canParse(config.baseUrl)) return invalid('baseUrl must be an https URL');
  let transport: CentralTransport;
  let reader: ReaderSigner | undefined;
  try {
    reader = config.reader === undefined ? undefined : { privateKeyPkcs8: privateKeyPkcs8(config.reader.privateKey), readerKeyId: readerKeyIdOf(config.reader.certificate) };
    transport =
      runtime.transport ??
      createHttpsTransport({
        baseUrl: config.baseUrl,
        caPem: certificatePem(config.tls.ca),
        clientCertificatePem: certificatePem(config.tls.clientCertificate),
        clientKeyPem: privateKeyPem(config.tls.clientKey),
        maxResponseBytes: config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        maxSockets: config.maxSockets ?? 4,
      });
  } catch (error) {
    return invalid(`a certificate or key cannot be read (${error instanceof Error ? error.message : 'unknown'})`);
  }
  const now = runtime.now ?? (() => new Date());
  const random = runtime.random ?? Math.random;
  const wait = runtime.wait ?? timerWait;
  const connection = new CentralConnection({
    transport,
    breaker: new CircuitBreaker({ ...DEFAULT_BREAKER_POLICY, ...config.breaker }, () => now().getTime(), random),
    retry: { ...DEFAULT_RETRY_POLICY, ...config.retry },
    random,
    wait,
    now,
    requestTimeoutMs: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    tokenPolicy: { ...DEFAULT_TOKEN_POLICY, ...config.token },
  });
  return { ok: true, central: new OqsCentralSystem(connection, config.medicalInstitutionCode, reader, () => transport.close(), {
    wait,
    now,
    poll: clampedBulkPollPolicy(config.bulkPoll ?? {}),
  }) };
}

function invalid(detail: string): CreatedCentralSystem {
  return { ok: false, code: 'CENTRAL_CONFIG_INVALID', detail };
}
