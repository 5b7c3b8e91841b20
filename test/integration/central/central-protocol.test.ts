import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../../crypto/mock-ca';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import type { CentralClient } from '../../harness/central-client';

const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';
const KEYS = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' };
const MAX_BODY = 64 * 1024;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits the bytes of one connection into complete HTTP/1.1 responses (each has a Content-Length). */
function parseResponses(bytes: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf('\r\n\r\n', offset);
    if (end < 0) break;
    const [statusLine = '', ...lines] = bytes.subarray(offset, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    if (bytes.length < end + 4 + length) break;
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body: bytes.subarray(end + 4, end + 4 + length) });
    offset = end + 4 + length;
  }
  return responses;
}

describe('central mock: any request target, pipelining and over-limit bodies on the wire', () => {
  let central: TestCentral;
  let clinic: CentralClient;
  let caPem: string;

  beforeAll(async () => {
    central = await startTestCentral({ server: { maxBodyBytes: MAX_BODY } });
    clinic = central.facility(CLINIC);
    await clinic.login();
    caPem = toPem(central.stack.facilityPki.ca.certificate, 'CERTIFICATE');
  }, 60_000);
  afterAll(() => central?.stop());

  const open = (withCertificate: boolean) =>
    new Promise<TLSSocket>((resolve, reject) => {
      const facility = central.stack.facilityPki.facilities.find((entry) => entry.medicalInstitutionCode === CLINIC)!;
      const socket = connect({
        host: '127.0.0.1',
        port: central.stack.server.port,
        ca: caPem,
        ...(withCertificate ? { cert: toPem(facility.certificate, 'CERTIFICATE'), key: toPem(facility.privateKeyPkcs8, 'PRIVATE KEY') } : {}),
      });
      socket.once('secureConnect', () => resolve(socket));
      socket.once('error', reject);
    });

  /** Writes `bytes` at once and reads until `count` responses arrived or the server closed the connection. */
  const exchange = async (bytes: Buffer | string, count: number, withCertificate = true): Promise<{ responses: RawResponse[]; closed: boolean }> => {
    const socket = await open(withCertificate);
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let closed = false;
      const finish = () => {
        socket.destroy();
        resolve({ responses: parseResponses(Buffer.concat(chunks)), closed });
      };
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (parseResponses(Buffer.concat(chunks)).length >= count) finish();
      });
      socket.once('error', () => undefined);
      socket.once('close', () => {
        closed = true;
        finish();
      });
      socket.write(bytes);
    });
  };

  const errorCodeOf = (response: RawResponse) => JSON.parse(response.body.toString('utf8')).XmlMsg.MessageHeader.ErrorCode as string;
  const stillServes = async () => expect((await central.anonymous().send('GET', '/health')).status).toBe(200);

  // Targets Node's HTTP parser lets through that `new URL` rejects or reads as another host.
  const targets = ['/\u0000', '/\x7f', 'a b', '//', '///', '//[', '//%', '/%', '/%zz', '/%E0%A4%A', '/a/../..', '/\u00ff', `/${'a'.repeat(8000)}`, '*', 'http://x/health', 'https://[::1/', '//evil.example/health', '/health?%zz', '/?', '/#'];
  for (const withCertificate of [false, true]) {
    it(`answers every odd request target with the coded envelope and stays up (${withCertificate ? 'facility' : 'no'} certificate)`, async () => {
      for (const target of targets) {
        const { responses } = await exchange(`GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`, 1, withCertificate);
        expect(responses, target).toHaveLength(1);
        const [response] = responses;
        if (response!.status === 200) {
          // Only a target that names /health itself may be served.
          expect(target, target).toMatch(/health/);
          continue;
        }
        expect(response!.status, target).toBeGreaterThanOrEqual(400);
        expect(response!.headers['content-type'], target).toMatch(/^application\/json/);
        expect(errorCodeOf(response!), target).toMatch(/^(NOT_FOUND|MALFORMED_REQUEST_TARGET|MALFORMED_REQUEST|METHOD_NOT_ALLOWED)$/);
      }
      await stillServes();
    });
  }

  it('answers every pipelined request on one connection, in order, a bad one among them', async () => {
    const search = JSON.stringify({ XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC }, MessageBody: { QualificationConfirmSearchInfo: KEYS } } });
    const post = (body: string) =>
      `POST ${SEARCH} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${clinic.token}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const requests = [`GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`, post(search), `GET //%zz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`, post('{"XmlMsg":'), post(search), `GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`];
    const { responses } = await exchange(requests.join(''), requests.length);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 400, 400, 200, 200]);
    expect(errorCodeOf(responses[2]!)).toBe('MALFORMED_REQUEST_TARGET');
    expect(JSON.parse(responses[1]!.body.toString('utf8')).XmlMsg.MessageBody.QualificationValidity).toBe('1');
    expect(errorCodeOf(responses[3]!)).toBe('MALFORMED_JSON');
  });

  it('sends the 413 envelope for a declared over-limit body before it closes the connection', async () => {
    const head = `POST ${SEARCH} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${clinic.token}\r\ncontent-type: application/json\r\ncontent-length: ${MAX_BODY * 4}\r\n\r\n`;
    const { responses, closed } = await exchange(`${head}{"XmlMsg":"`, 1);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.status).toBe(413);
    expect(errorCodeOf(responses[0]!)).toBe('BODY_TOO_LARGE');
    expect(responses[0]!.headers['connection']).toBe('close');
    expect(closed || responses.length === 1).toBe(true);
    await stillServes();
  });

  it('keeps a flood of refusals from one source to one audit row a minute, and pages the listing', async () => {
    const stranger = central.anonymous();
    for (let sent = 0; sent < 500; sent += 1) expect((await stranger.send('GET', '/flood-target')).status).toBe(404);
    const admin = { authorization: `Bearer ${central.stack.server.adminToken}` };
    const rows: Array<{ refusalId: number; code: string; count: number; source?: string; medicalInstitutionCode?: string }> = [];
    let after: number | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const reply = await central.anonymous().send('GET', `/admin/refusals?limit=2${after === undefined ? '' : `&after=${after}`}`, { headers: admin });
      expect(reply.status).toBe(200);
      rows.push(...reply.json.refusals);
      if (reply.json.next === undefined) break;
      after = reply.json.next;
    }
    expect(new Set(rows.map((row) => row.refusalId)).size).toBe(rows.length);
    const flood = rows.filter((row) => row.code === 'NOT_FOUND' && row.source === '127.0.0.1' && row.medicalInstitutionCode === undefined);
    // The test clock stands still: one minute, one row, every refusal counted.
    expect(flood).toHaveLength(1);
    expect(flood[0]!.count).toBeGreaterThanOrEqual(500);
    for (const bad of ['limit=0', 'limit=1001', 'limit=x', 'after=-1', 'after=1.5']) {
      const reply = await central.anonymous().send('GET', `/admin/refusals?${bad}`, { headers: admin });
      expect(reply.status, bad).toBe(400);
      expect(errorCodeOf({ status: reply.status, headers: {}, body: reply.body }), bad).toBe('INVALID_VALUE');
    }
  });

  it('answers in Shift_JIS for every name a request may give Shift_JIS, with CharacterCodeIdentifier 1', async () => {
    for (const name of ['Shift_JIS', 'shift_jis', 'SJIS', 'sjis', 'Windows-31J', 'windows-31j', 'cp932', 'CP932', 'shift-jis', 'SHIFT-JIS', 'x-sjis', 'MS_Kanji', 'csShiftJIS']) {
      const xml = `<?xml version="1.0" encoding="${name}"?><XmlMsg><MessageHeader><MedicalInstitutionCode>${CLINIC}</MedicalInstitutionCode></MessageHeader><MessageBody><QualificationConfirmSearchInfo><InsurerNumber>01130012</InsurerNumber><InsuredCardSymbol>1234</InsuredCardSymbol><InsuredIdentificationNumber>5678</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19800217</Birthdate></QualificationConfirmSearchInfo></MessageBody></XmlMsg>`;
      const reply = await clinic.send('POST', SEARCH, { body: xml, contentType: `application/xml;charset=${name}` });
      expect(reply.status, name).toBe(200);
      expect(reply.contentType, name).toBe('application/xml;charset=Shift_JIS');
      const text = new TextDecoder('shift_jis').decode(reply.body);
      expect(text, name).toMatch(/^<\?xml version="1\.0" encoding="Shift_JIS"/);
      expect(text, name).toContain('<CharacterCodeIdentifier>1</CharacterCodeIdentifier>');
      expect(text, name).toContain('試験\u3000太郎');
    }
    // A UTF-8 request still gets UTF-8 and identifier 0.
    const utf8 = await clinic.send('POST', SEARCH, {
      body: `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><MedicalInstitutionCode>${CLINIC}</MedicalInstitutionCode></MessageHeader><MessageBody><QualificationConfirmSearchInfo><InsurerNumber>01130012</InsurerNumber><InsuredCardSymbol>1234</InsuredCardSymbol><InsuredIdentificationNumber>5678</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19800217</Birthdate></QualificationConfirmSearchInfo></MessageBody></XmlMsg>`,
      contentType: 'application/xml',
    });
    expect(utf8.contentType).toBe('application/xml;charset=UTF-8');
    expect(utf8.body.toString('utf8')).toContain('<CharacterCodeIdentifier>0</CharacterCodeIdentifier>');
  });
});
