import { describe, expect, it } from 'vitest';
import type { CentralTransport, TransportOutcome, TransportRequest } from './central-transport';
import { CircuitBreaker } from './circuit-breaker';
import { sendResiliently, type RepeatRule } from './resilient-sender';

const REQUEST: TransportRequest = { method: 'POST', path: '/x', headers: {}, body: new Uint8Array(), timeoutMs: 1_000 };
const answer = (status: number, code = 'SERVICE_UNAVAILABLE'): TransportOutcome => ({
  kind: 'answer',
  status,
  contentType: 'application/json',
  body: new TextEncoder().encode(JSON.stringify({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: status === 200 ? '1' : '9', ErrorCode: code }, MessageBody: {} } })),
});
const refused = (requestWritten: boolean): TransportOutcome => ({ kind: 'failed', reason: 'connection', requestWritten, detail: 'ECONNREFUSED' });

/** A transport that plays back outcomes in order and counts what it was asked to send. */
function scriptedTransport(outcomes: TransportOutcome[]): CentralTransport & { sent: number } {
  const transport = {
    sent: 0,
    async send() {
      const next = outcomes[transport.sent] ?? outcomes.at(-1)!;
      transport.sent += 1;
      return next;
    },
    close() {},
  };
  return transport;
}

function setup(outcomes: TransportOutcome[], options: { threshold?: number; waitResult?: boolean } = {}) {
  const transport = scriptedTransport(outcomes);
  const waits: number[] = [];
  const breaker = new CircuitBreaker({ failureThreshold: options.threshold ?? 10, openMs: 1_000, openJitter: 0 }, () => 0, () => 0);
  const deps = {
    transport,
    breaker,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    random: () => 0.5,
    wait: async (ms: number) => {
      waits.push(ms);
      return options.waitResult ?? true;
    },
  };
  return { deps, transport, waits, breaker, send: (rule: RepeatRule) => sendResiliently(deps, REQUEST, rule) };
}

describe('sendResiliently', () => {
  it('retries a repeatable request after outages, with backoff, until it is answered', async () => {
    const { send, transport, waits } = setup([answer(503), refused(true), answer(200)]);
    const outcome = await send('repeatable');
    expect(outcome.ok).toBe(true);
    expect(transport.sent).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after maxAttempts with the last outage', async () => {
    const { send, transport } = setup([answer(503)]);
    expect(await send('repeatable')).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', centralCode: 'SERVICE_UNAVAILABLE', outage: true });
    expect(transport.sent).toBe(3);
  });

  it('never retries a refusal', async () => {
    const { send, transport, waits } = setup([answer(403, 'NO_CONSENT'), answer(200)]);
    expect(await send('repeatable')).toMatchObject({ code: 'CENTRAL_REFUSED', centralCode: 'NO_CONSENT' });
    expect(transport.sent).toBe(1);
    expect(waits).toEqual([]);
  });

  it('sends an only-if-unsent request again only while no byte of it was written', async () => {
    const unsent = setup([refused(false), refused(false), answer(200)]);
    expect((await unsent.send('only-if-unsent')).ok).toBe(true);
    expect(unsent.transport.sent).toBe(3);

    const written = setup([refused(true), answer(200)]);
    expect(await written.send('only-if-unsent')).toMatchObject({ code: 'CENTRAL_UNAVAILABLE', outage: true });
    expect(written.transport.sent).toBe(1);

    const answered = setup([answer(503), answer(200)]);
    expect(await answered.send('only-if-unsent')).toMatchObject({ centralCode: 'SERVICE_UNAVAILABLE' });
    expect(answered.transport.sent).toBe(1);

    const timedOut = setup([{ kind: 'failed', reason: 'timeout', requestWritten: true, detail: 't' }, answer(200)]);
    expect(await timedOut.send('only-if-unsent')).toMatchObject({ code: 'CENTRAL_TIMEOUT', outage: true });
    expect(timedOut.transport.sent).toBe(1);
  });

  it('fails fast, without sending, once the breaker opened', async () => {
    const { send, transport } = setup([answer(503)], { threshold: 2 });
    await send('repeatable');
    expect(transport.sent).toBe(2);
    expect(await send('repeatable')).toMatchObject({ code: 'CENTRAL_UNAVAILABLE', outage: true, detail: expect.stringContaining('circuit open') });
    expect(transport.sent).toBe(2);
  });

  it('stops retrying when the caller aborts during the wait', async () => {
    const { send, transport } = setup([answer(503)], { waitResult: false });
    expect(await send('repeatable')).toMatchObject({ code: 'CENTRAL_TIMEOUT', outage: false });
    expect(transport.sent).toBe(1);
  });

  it('treats a transport that throws as a failure to reach the system, not a throw', async () => {
    const { deps } = setup([]);
    const throwing = { ...deps, transport: { send: () => Promise.reject(new Error('boom')), close() {} }, retry: { ...deps.retry, maxAttempts: 1 } };
    expect(await sendResiliently(throwing, REQUEST, 'repeatable')).toMatchObject({ code: 'CENTRAL_UNAVAILABLE', outage: true });
  });
});
