// The public surface of the central-system client: the terminal composes it from here.
export { createOqsCentralSystem, type CentralClientRuntime, type CreatedCentralSystem } from './create-oqs-central-system';
export {
  CENTRAL_API_PATHS,
  OqsCentralSystem,
  type CallOptions,
  type MedicalDataKeys,
  type QualificationQueryOptions,
  type QueryOutcome,
} from './oqs-central-system';
export {
  BULK_API_PATHS,
  type BulkAcceptance,
  type BulkFetchOutcome,
  type BulkProgress,
  type BulkResultUnits,
  type BulkRunFailure,
  type BulkRunOptions,
  type BulkRunOutcome,
  type BulkSubmitOptions,
} from './bulk-qualification';
export { qualificationResponseOf, type QualificationResponseDocument } from './card-answer';
export {
  BULK_POLL_INTERVAL_BOUNDS,
  clampedBulkPollPolicy,
  DEFAULT_BULK_POLL_POLICY,
  DEFAULT_BREAKER_POLICY,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TOKEN_POLICY,
  type BreakerPolicy,
  type BulkPollPolicy,
  type CentralClientConfig,
  type CentralTlsCredentials,
  type ReaderCredentials,
  type RetryPolicy,
  type TokenPolicy,
} from './central-client-config';
export type { CentralTransport, TransportAnswer, TransportFailure, TransportOutcome, TransportRequest } from './central-transport';
export type { BreakerState } from './circuit-breaker';
export type { Wait } from './abortable-wait';
export type { RandomSource } from './backoff';
