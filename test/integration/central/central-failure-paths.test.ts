import { afterEach, describe, expect, it } from 'vitest';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import type { CentralReply } from '../../harness/central-client';

const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';
const KEYS = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' };
const GOOD = { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: KEYS } } };

function headerOf(reply: CentralReply): { SegmentOfResult: string; ErrorCode: string; ErrorMessage: string } {
  expect(reply.contentType).toMatch(/^application\/json/);
  return reply.json.XmlMsg.MessageHeader;
}

describe('central mock: failures of its own, stop with a held request, fault routes by name', () => {
  let central: TestCentral | undefined;
  afterEach(async () => {
    await central?.stop();
    central = undefined;
  });

  it('answers a handler that throws a TypeError with the INTERNAL envelope, audits it, leaks nothing and keeps serving', async () => {
    // The onReceived hook runs inside the route's handler: throwing there is a bug in the handler.
    central = await startTestCentral({
      server: {
        onReceived: ({ path }) => {
          if (path === SEARCH) throw new TypeError('secret detail: cannot read properties of undefined');
        },
      },
    });
    const clinic = central.facility(CLINIC);
    await clinic.login();
    const reply = await clinic.postJson(SEARCH, GOOD);
    expect(reply.status).toBe(500);
    const header = headerOf(reply);
    expect([header.SegmentOfResult, header.ErrorCode]).toEqual(['9', 'INTERNAL']);
    expect(reply.body.toString('utf8')).not.toMatch(/secret detail|TypeError|\n\s+at /);

    expect((await central.anonymous().send('GET', '/health')).status).toBe(200);
    const audit = await central.anonymous().send('GET', '/admin/refusals', { headers: { authorization: `Bearer ${central.stack.server.adminToken}` } });
    const internal = (audit.json.refusals as Array<{ code: string; operation: string; medicalInstitutionCode?: string }>).filter((row) => row.code === 'INTERNAL');
    expect(internal).toEqual([expect.objectContaining({ operation: 'qualification-by-insurance-keys', medicalInstitutionCode: CLINIC })]);
  }, 60_000);

  it('stop() ends a request held by an injected timeout and closes its connection at once', async () => {
    let heldRequestArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (heldRequestArrived = resolve));
    // A hold far longer than the test may take: only stop() can end it.
    central = await startTestCentral({ server: { timeoutHoldMs: 10 * 60_000, onReceived: ({ path }) => path === SEARCH && heldRequestArrived() } });
    const adminHeaders = { authorization: `Bearer ${central.stack.server.adminToken}` };
    const configured = await central.anonymous().send('PUT', '/admin/faults', { headers: adminHeaders, body: JSON.stringify({ seed: 'hold', timeoutRate: 1, routes: ['qualification-by-insurance-keys'] }), contentType: 'application/json' });
    expect(configured.status).toBe(200);
    const clinic = central.facility(CLINIC);
    await clinic.login();

    const held = clinic.postJson(SEARCH, GOOD).then(
      (reply) => ({ status: reply.status }),
      (error: unknown) => ({ error }),
    );
    await arrived;
    const stopping = Date.now();
    await central.stack.server.stop();
    const outcome = await held;
    expect(Date.now() - stopping).toBeLessThan(5_000);
    // The held request is not answered late: its connection is cut.
    expect(outcome).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/socket hang up|ECONNRESET/) }) });
  }, 30_000);

  it('refuses a fault configuration naming an unknown operation, and lists the known ones', async () => {
    central = await startTestCentral();
    const reply = await central.anonymous().send('PUT', '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      body: JSON.stringify({ seed: 's', errorRate: 1, routes: ['search'] }),
      contentType: 'application/json',
    });
    expect(reply.status).toBe(400);
    const header = headerOf(reply);
    expect(header.ErrorCode).toBe('INVALID_VALUE');
    expect(header.ErrorMessage).toContain('routes[0]');
    expect(header.ErrorMessage).toContain('qualification-by-insurance-keys');
  }, 60_000);
});
