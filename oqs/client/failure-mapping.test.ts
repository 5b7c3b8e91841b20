import { describe, expect, it } from 'vitest';
import type { CentralFailureCode } from '../../flow/ports/central-system';
import type { TransportAnswer, TransportFailure } from './central-transport';
import { failureOfAnswer, failureOfTransport, isTokenRefusal } from './failure-mapping';

const envelope = (code: string) => JSON.stringify({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '9', ErrorCode: code, ErrorMessage: 'x' }, MessageBody: {} } });
const jsonAnswer = (status: number, body: string): TransportAnswer => ({ kind: 'answer', status, contentType: 'application/json;charset=UTF-8', body: new TextEncoder().encode(body) });
const transportFailure = (reason: TransportFailure['reason']): TransportFailure => ({ kind: 'failed', reason, requestWritten: false, detail: 'ECONNREFUSED' });

describe('failureOfTransport', () => {
  it.each<[TransportFailure['reason'], CentralFailureCode, boolean]>([
    ['connection', 'CENTRAL_UNAVAILABLE', true],
    ['timeout', 'CENTRAL_TIMEOUT', true],
    ['aborted', 'CENTRAL_TIMEOUT', false],
    ['too-large', 'CENTRAL_MALFORMED_ANSWER', false],
  ])('%s → %s (outage %s)', (reason, code, outage) => {
    expect(failureOfTransport(transportFailure(reason))).toMatchObject({ ok: false, code, outage });
  });
});

describe('failureOfAnswer', () => {
  it.each<[number, string, CentralFailureCode, boolean]>([
    [503, 'SERVICE_UNAVAILABLE', 'CENTRAL_UNAVAILABLE', true],
    [500, 'INJECTED_ERROR', 'CENTRAL_UNAVAILABLE', true],
    [408, 'REQUEST_TIMEOUT', 'CENTRAL_TIMEOUT', true],
    [401, 'CLIENT_CERTIFICATE_REVOKED', 'CENTRAL_AUTH_FAILED', false],
    [401, 'TOKEN_EXPIRED', 'CENTRAL_AUTH_FAILED', false],
    [403, 'FACILITY_MISMATCH', 'CENTRAL_AUTH_FAILED', false],
    [403, 'NO_CONSENT', 'CENTRAL_REFUSED', false],
    [403, 'VIEWING_BLOCKED', 'CENTRAL_REFUSED', false],
    [409, 'MULTIPLE_PERSONS', 'CENTRAL_REFUSED', false],
    [404, 'PERSON_NOT_FOUND', 'CENTRAL_REFUSED', false],
    [429, 'TOO_MANY_OPEN_RECEPTIONS', 'CENTRAL_REFUSED', false],
  ])('HTTP %i %s → %s (outage %s), with the central code', (status, centralCode, code, outage) => {
    expect(failureOfAnswer(jsonAnswer(status, envelope(centralCode)))).toEqual(expect.objectContaining({ ok: false, code, outage, centralCode }));
  });

  it('reads the envelope in XML too', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><MedicalInstitutionCode>1399999999</MedicalInstitutionCode><SegmentOfResult>9</SegmentOfResult><ErrorCode>NO_CONSENT</ErrorCode></MessageHeader><MessageBody/></XmlMsg>`;
    const answer: TransportAnswer = { kind: 'answer', status: 403, contentType: 'application/xml;charset=UTF-8', body: new TextEncoder().encode(xml) };
    expect(failureOfAnswer(answer)).toMatchObject({ code: 'CENTRAL_REFUSED', centralCode: 'NO_CONSENT' });
  });

  it('is undefined for a 2xx', () => {
    expect(failureOfAnswer(jsonAnswer(200, '{}'))).toBeUndefined();
  });

  it('a 4xx without the envelope is malformed; a 5xx without it is still an outage', () => {
    expect(failureOfAnswer(jsonAnswer(403, '<html>forbidden</html>'))).toMatchObject({ code: 'CENTRAL_MALFORMED_ANSWER', outage: false });
    expect(failureOfAnswer(jsonAnswer(502, 'bad gateway'))).toMatchObject({ code: 'CENTRAL_UNAVAILABLE', outage: true });
    expect(failureOfAnswer(jsonAnswer(400, envelope('X').replace('"9"', '"1"')))).toMatchObject({ code: 'CENTRAL_MALFORMED_ANSWER' });
  });

  it('tells a token refusal from a certificate refusal', () => {
    expect(isTokenRefusal(failureOfAnswer(jsonAnswer(401, envelope('TOKEN_EXPIRED')))!)).toBe(true);
    expect(isTokenRefusal(failureOfAnswer(jsonAnswer(401, envelope('CLIENT_CERTIFICATE_REVOKED')))!)).toBe(false);
  });
});
