import type { CentralFailure, CentralFailureCode } from '../../flow/ports/central-system';
import { errorResponse } from '../messages/error-response';
import { parseJsonForm } from '../json/json-form';
import type { TransportAnswer, TransportFailure } from './central-transport';

/** Refusals of the facility's own credentials among the 403s (every 401 is one). */
const CREDENTIAL_REFUSALS_403 = new Set(['FACILITY_MISMATCH', 'FACILITY_CERTIFICATE_NOT_ALLOWED']);

export function centralFailure(code: CentralFailureCode, outage: boolean, detail: string, centralCode?: string): CentralFailure {
  return { ok: false, code, outage, detail, ...(centralCode === undefined ? {} : { centralCode }) };
}

/** No answer: the system is unreachable (refused, reset, TLS) or slow; the caller's own abort is no outage. */
export function failureOfTransport(failure: TransportFailure): CentralFailure {
  switch (failure.reason) {
    case 'connection':
      return centralFailure('CENTRAL_UNAVAILABLE', true, `connection failed: ${failure.detail}`);
    case 'timeout':
      return centralFailure('CENTRAL_TIMEOUT', true, failure.detail);
    case 'aborted':
      return centralFailure('CENTRAL_TIMEOUT', false, failure.detail);
    case 'too-large':
      return centralFailure('CENTRAL_MALFORMED_ANSWER', false, failure.detail);
  }
}

/** The failure a non-2xx answer stands for, read from its error envelope; undefined for a 2xx. */
export function failureOfAnswer(answer: TransportAnswer): CentralFailure | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  const envelope = errorEnvelopeOf(answer);
  const centralCode = envelope?.errorCode;
  const detail = `HTTP ${status}${centralCode === undefined ? '' : ` ${centralCode}`}`;
  if (status === 408) return centralFailure('CENTRAL_TIMEOUT', true, detail, centralCode);
  if (status >= 500) return centralFailure('CENTRAL_UNAVAILABLE', true, detail, centralCode);
  if (envelope === undefined) return centralFailure('CENTRAL_MALFORMED_ANSWER', false, `${detail} without the error envelope`);
  if (status === 401 || (status === 403 && CREDENTIAL_REFUSALS_403.has(envelope.errorCode))) {
    return centralFailure('CENTRAL_AUTH_FAILED', false, detail, centralCode);
  }
  if (status >= 400) return centralFailure('CENTRAL_REFUSED', false, detail, centralCode);
  return centralFailure('CENTRAL_MALFORMED_ANSWER', false, `unexpected ${detail}`);
}

/** A token refusal: the request was not looked at, so it may be sent again with a new token. */
export function isTokenRefusal(failure: CentralFailure): boolean {
  return failure.code === 'CENTRAL_AUTH_FAILED' && failure.centralCode !== undefined && failure.centralCode.startsWith('TOKEN_');
}

/** SegmentOfResult 9 with its ErrorCode, in the JSON form or as XML; undefined when the body is neither. */
function errorEnvelopeOf(answer: TransportAnswer): { errorCode: string } | undefined {
  try {
    const isXml = /^(application|text)\/xml\b/i.test(answer.contentType);
    const model = isXml ? errorResponse.parse(answer.body) : parseJsonForm(errorResponse, new TextDecoder('utf-8', { fatal: true }).decode(answer.body));
    const header = model.MessageHeader;
    if (header.SegmentOfResult !== '9' || header.ErrorCode === undefined) return undefined;
    return { errorCode: header.ErrorCode };
  } catch {
    return undefined;
  }
}
