import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import type { CentralClient, CentralReply } from '../../harness/central-client';

const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';
const KEYS = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' };
const GOOD = { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: KEYS } } };
const MAX_BODY = 64 * 1024;

function errorOf(reply: CentralReply): { code: string; message: string } {
  if (reply.contentType.startsWith('application/json')) {
    expect(reply.json.XmlMsg.MessageHeader.SegmentOfResult).toBe('9');
    return { code: reply.json.XmlMsg.MessageHeader.ErrorCode, message: reply.json.XmlMsg.MessageHeader.ErrorMessage };
  }
  const text = reply.body.toString('utf8');
  expect(text).toContain('<SegmentOfResult>9</SegmentOfResult>');
  return { code: /<ErrorCode>([^<]+)<\/ErrorCode>/.exec(text)?.[1] ?? '', message: /<ErrorMessage>([^<]+)<\/ErrorMessage>/.exec(text)?.[1] ?? '' };
}

describe('central mock: bad input and injected faults', () => {
  let central: TestCentral;
  let clinic: CentralClient;
  const admin = (method: string, body?: unknown) =>
    central.anonymous().send(method, '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
    });

  beforeAll(async () => {
    central = await startTestCentral({ server: { maxBodyBytes: MAX_BODY, timeoutHoldMs: 300 } });
    clinic = central.facility(CLINIC);
    await clinic.login();
  }, 60_000);
  afterAll(() => central?.stop());

  describe('every bad input gets the coded envelope, never a crash or a stack trace', () => {
    const cases: Array<[string, { body: string | Uint8Array; contentType: string }, string, number]> = [
      ['malformed JSON', { body: '{"XmlMsg":', contentType: 'application/json' }, 'MALFORMED_JSON', 400],
      ['JSON of the wrong message type', { body: JSON.stringify({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { ReceptionNumber: 'R1' } } }), contentType: 'application/json' }, 'UNKNOWN_MESSAGE', 400],
      ['JSON that is not an XmlMsg', { body: JSON.stringify({ hello: 'world' }), contentType: 'application/json' }, 'UNKNOWN_MESSAGE', 400],
      ['a missing required element', { body: JSON.stringify({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: { InsurerNumber: '01130012', Birthdate: '19800217' } } } }), contentType: 'application/json' }, 'MISSING_ELEMENT', 400],
      ['an impossible date', { body: JSON.stringify({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: { ...KEYS, Birthdate: '19800230' } } } }), contentType: 'application/json' }, 'INVALID_VALUE', 400],
      ['JSON declared as Shift_JIS', { body: JSON.stringify(GOOD), contentType: 'application/json;charset=Shift_JIS' }, 'UNSUPPORTED_ENCODING', 400],
      ['JSON bytes that are not UTF-8', { body: Uint8Array.from([0x7b, 0x22, 0x82, 0xa0, 0x22, 0x7d]), contentType: 'application/json' }, 'UNSUPPORTED_ENCODING', 400],
      ['malformed XML', { body: '<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>', contentType: 'application/xml' }, 'MALFORMED_XML', 400],
      ['XML with a DOCTYPE', { body: '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY a "b">]><XmlMsg/>', contentType: 'application/xml' }, 'MALFORMED_XML', 400],
      ['XML in an unknown encoding', { body: '<?xml version="1.0" encoding="EBCDIC-JP"?><XmlMsg/>', contentType: 'application/xml' }, 'UNSUPPORTED_ENCODING', 400],
      ['XML with the wrong root', { body: '<?xml version="1.0" encoding="UTF-8"?><Message/>', contentType: 'application/xml' }, 'UNKNOWN_MESSAGE', 400],
      ['a form post', { body: 'a=b', contentType: 'application/x-www-form-urlencoded' }, 'UNSUPPORTED_MEDIA_TYPE', 415],
      ['a body over the limit', { body: JSON.stringify({ XmlMsg: { pad: 'x'.repeat(MAX_BODY) } }), contentType: 'application/json' }, 'BODY_TOO_LARGE', 413],
    ];

    it.each(cases)('%s', async (_label, request, code, status) => {
      const reply = await clinic.send('POST', SEARCH, request);
      expect(reply.status).toBe(status);
      const error = errorOf(reply);
      expect(error.code).toBe(code);
      expect(error.message).not.toMatch(/\n\s+at |Error:|node_modules/);
    });

    it('answers unknown paths and methods with the envelope too', async () => {
      const unknown = await clinic.send('POST', '/oqs-api-pro/nothing', { body: '{}', contentType: 'application/json' });
      expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'NOT_FOUND']);
      const wrongMethod = await clinic.send('GET', SEARCH);
      expect([wrongMethod.status, errorOf(wrongMethod).code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    });

    it('still answers good requests afterwards, and audited every refusal', async () => {
      const good = await clinic.postJson(SEARCH, GOOD);
      expect(good.status).toBe(200);
      const audit = await central.anonymous().send('GET', '/admin/refusals', { headers: { authorization: `Bearer ${central.stack.server.adminToken}` } });
      const codes = (audit.json.refusals as Array<{ code: string; medicalInstitutionCode?: string }>).map((entry) => entry.code);
      for (const [, , code] of cases) expect(codes).toContain(code);
      expect(codes).toContain('NOT_FOUND');
    });

    it('refuses the admin API without its token', async () => {
      const reply = await central.anonymous().send('GET', '/admin/faults', { headers: { authorization: 'Bearer wrong' } });
      expect([reply.status, errorOf(reply).code]).toEqual([401, 'ADMIN_TOKEN_INVALID']);
    });
  });

  describe('fault injection through the admin API', () => {
    it('refuses an invalid fault config with the field named', async () => {
      const reply = await admin('PUT', { seed: 's', errorRate: 2 });
      expect(reply.status).toBe(400);
      expect(errorOf(reply).message).toContain('errorRate');
    });

    it('answers every request with the injected error at errorRate 1, and none after the faults are cleared', async () => {
      expect((await admin('PUT', { seed: 'all-errors', errorRate: 1 })).status).toBe(200);
      const failed = await clinic.postJson(SEARCH, GOOD);
      expect([failed.status, errorOf(failed).code]).toEqual([500, 'INJECTED_ERROR']);
      expect((await admin('DELETE')).status).toBe(200);
      expect((await clinic.postJson(SEARCH, GOOD)).status).toBe(200);
    });

    it('gives the same sequence of outcomes for the same seed', async () => {
      const run = async () => {
        await admin('PUT', { seed: 'half', errorRate: 0.5, routes: ['qualification-by-insurance-keys'] });
        const outcomes: number[] = [];
        for (let index = 0; index < 24; index += 1) outcomes.push((await clinic.postJson(SEARCH, GOOD)).status);
        return outcomes;
      };
      const first = await run();
      expect(first).toContain(200);
      expect(first).toContain(500);
      expect(await run()).toEqual(first);
      const stats = await admin('GET');
      expect(stats.json.stats.decided).toBe(24);
      await admin('DELETE');
    });

    it('refuses requests inside an outage window (injected clock) and serves them after it', async () => {
      const from = central.now();
      const to = new Date(from.getTime() + 60_000);
      await admin('PUT', { seed: 'outage', outageWindows: [{ from: from.toISOString(), to: to.toISOString() }] });
      const during = await clinic.postJson(SEARCH, GOOD);
      expect([during.status, errorOf(during).code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      central.advance(60_000);
      await clinic.login();
      expect((await clinic.postJson(SEARCH, GOOD)).status).toBe(200);
      await admin('DELETE');
    });

    it('holds a timed-out request and then answers 408 (bounded), and adds latency on pass', async () => {
      await admin('PUT', { seed: 'timeouts', timeoutRate: 1 });
      const held = await clinic.postJson(SEARCH, GOOD);
      expect([held.status, errorOf(held).code]).toEqual([408, 'REQUEST_TIMEOUT']);
      await admin('PUT', { seed: 'slow', latencyMs: { min: 20, max: 40 } });
      expect((await clinic.postJson(SEARCH, GOOD)).status).toBe(200);
      const stats = await admin('GET');
      expect(stats.json.stats.byKind.pass).toBe(1);
      await admin('DELETE');
    });
  });
});
