import type { CentralFailure } from '../../flow/ports/central-system';
import type { Wait } from './abortable-wait';
import { backoffDelayMs, type RandomSource } from './backoff';
import type { RetryPolicy } from './central-client-config';
import type { CentralTransport, TransportAnswer, TransportOutcome, TransportRequest } from './central-transport';
import type { CircuitBreaker } from './circuit-breaker';
import { centralFailure, failureOfAnswer, failureOfTransport } from './failure-mapping';

/**
 * When a failed request may be sent again:
 * - `repeatable`: the request changes nothing a repetition could duplicate (token, challenge, queries);
 *   every outage failure is retried.
 * - `only-if-unsent`: the card request registers consents and a provision record. It is sent again
 *   only when the transport proves no byte of it was written (refused connection, failed handshake of
 *   a fresh connection); after that the answer may have been committed, so it is never repeated.
 */
export type RepeatRule = 'repeatable' | 'only-if-unsent';

export interface ResilientSenderDeps {
  readonly transport: CentralTransport;
  readonly breaker: CircuitBreaker;
  readonly retry: RetryPolicy;
  readonly random: RandomSource;
  readonly wait: Wait;
}

export type SendOutcome = { readonly ok: true; readonly answer: TransportAnswer } | CentralFailure;

/** One request through the circuit breaker, with the retries its repeat rule allows; never throws. */
export async function sendResiliently(deps: ResilientSenderDeps, request: TransportRequest, rule: RepeatRule): Promise<SendOutcome> {
  for (let attempt = 0; ; attempt += 1) {
    if (!deps.breaker.tryAcquire()) return centralFailure('CENTRAL_UNAVAILABLE', true, 'circuit open: the central system failed repeatedly');
    const outcome = await sendRecorded(deps, request);
    if (outcome.ok) return outcome.result;
    const { failure, sent } = outcome;
    const mayRepeat = failure.outage && (rule === 'repeatable' || !sent.requestWritten);
    if (!mayRepeat || attempt + 1 >= deps.retry.maxAttempts) return failure;
    const waited = await deps.wait(backoffDelayMs(attempt, deps.retry, deps.random), request.signal);
    if (!waited) return centralFailure('CENTRAL_TIMEOUT', false, 'aborted by the caller while waiting to retry');
  }
}

type Recorded =
  | { readonly ok: true; readonly result: SendOutcome }
  | { readonly ok: false; readonly failure: CentralFailure; readonly sent: { readonly requestWritten: boolean } };

/** Sends once and tells the breaker what the attempt says about the system. */
async function sendRecorded(deps: ResilientSenderDeps, request: TransportRequest): Promise<Recorded> {
  let outcome: TransportOutcome;
  try {
    outcome = await deps.transport.send(request);
  } catch (error) {
    // A transport must not throw; should one, it is a failure to reach the system, not a crash of the caller.
    outcome = { kind: 'failed', reason: 'connection', requestWritten: true, detail: error instanceof Error ? error.message : 'transport threw' };
  }
  if (outcome.kind === 'failed' && outcome.reason === 'aborted') {
    deps.breaker.recordNothing();
    return { ok: true, result: failureOfTransport(outcome) };
  }
  const failure = outcome.kind === 'failed' ? failureOfTransport(outcome) : failureOfAnswer(outcome);
  if (failure?.outage === true) deps.breaker.recordOutage();
  else deps.breaker.recordSuccess();
  if (failure === undefined) return { ok: true, result: { ok: true, answer: outcome as TransportAnswer } };
  return { ok: false, failure, sent: { requestWritten: outcome.kind === 'failed' ? outcome.requestWritten : true } };
}
