import { createServer, request } from 'node:https';
import type { RequestOptions, Server, ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCryptoEngine, generateFacilityPki, medicalInstitutionCodeOf, toPem } from '../../../crypto/mock-ca';
import type { FacilityCertificate, FacilityPki } from '../../../crypto/mock-ca';

// The mock central system's mutual TLS over a real node:https server on 127.0.0.1 with the facility
// PKI. Node checks validity and the CRL against the real clock, so the PKI starts 30 days before
// today (JST) instead of on a fixed date; everything else in it is fixed by the seed.
const DAY_MS = 24 * 60 * 60 * 1000;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const startDate = new Date(Date.now() + JST_OFFSET_MS - 30 * DAY_MS).toISOString().slice(0, 10);
const GOOD_CODE = '1312345678';
const REVOKED_CODE = '2712345670';
const engine = createCryptoEngine();

interface Answer {
  authorized: boolean;
  /** Node's authorizationError: an OpenSSL verify code, null when authorized. */
  error: string | null;
  peerCode?: string;
}

let pki: FacilityPki;
/** Another facility PKI (other seed) whose one facility even claims GOOD_CODE; its server names 192.0.2.1 only. */
let foreign: FacilityPki;
let centralServer: Server;
let foreignServer: Server;

const certificatePem = (der: Uint8Array) => toPem(der, 'CERTIFICATE');
const keyPem = (der: Uint8Array) => toPem(der, 'PRIVATE KEY');
const facilityOf = (facilities: FacilityPki, code: string): FacilityCertificate => {
  const found = facilities.facilities.find((facility) => facility.medicalInstitutionCode === code);
  if (!found) throw new Error(`no facility ${code}`);
  return found;
};
const clientCredentials = (facility: FacilityCertificate) => ({ cert: certificatePem(facility.certificate), key: keyPem(facility.privateKeyPkcs8) });

async function listen(options: ServerOptions): Promise<Server> {
  const server = createServer(options, (req, res) => {
    const socket = req.socket as TLSSocket;
    // An empty object when the client sent no certificate.
    const peer: Partial<PeerCertificate> = socket.getPeerCertificate(true);
    const peerCode = peer.raw ? medicalInstitutionCodeOf(new Uint8Array(peer.raw)) : undefined;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ authorized: socket.authorized, error: socket.authorizationError, peerCode }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** One request to 127.0.0.1 without a servername (Node sends no SNI for an IP) and without connection reuse. */
function ask(server: Server, options: RequestOptions): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/', agent: false, ...options }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

beforeAll(async () => {
  pki = await generateFacilityPki(
    {
      seed: 'facility-tls',
      startDate,
      facilities: [
        { medicalInstitutionCode: GOOD_CODE, name: 'テスト内科クリニック' },
        { medicalInstitutionCode: REVOKED_CODE, name: '試験総合病院', revoked: true },
      ],
    },
    engine,
  );
  foreign = await generateFacilityPki(
    { seed: 'facility-tls-foreign', startDate, facilities: [{ medicalInstitutionCode: GOOD_CODE, name: '偽テスト内科クリニック' }], serverIpAddresses: ['192.0.2.1'] },
    engine,
  );
  centralServer = await listen({
    key: keyPem(pki.server.privateKeyPkcs8),
    cert: certificatePem(pki.server.certificate),
    ca: certificatePem(pki.ca.certificate),
    crl: toPem(pki.crl, 'X509 CRL'),
    requestCert: true,
    rejectUnauthorized: false,
  });
  foreignServer = await listen({ key: keyPem(foreign.server.privateKeyPkcs8), cert: certificatePem(foreign.server.certificate) });
});

afterAll(async () => {
  await close(centralServer);
  await close(foreignServer);
});

describe('facility mutual TLS against node:https', () => {
  const trustingFacilityCa = () => ({ ca: certificatePem(pki.ca.certificate) });

  it('authorizes a good facility and reads its 医療機関コード from the peer certificate', async () => {
    const answer = await ask(centralServer, { ...trustingFacilityCa(), ...clientCredentials(facilityOf(pki, GOOD_CODE)) });
    expect(answer).toEqual({ authorized: true, error: null, peerCode: GOOD_CODE });
  });

  it('refuses a revoked facility with CERT_REVOKED from the CRL', async () => {
    const answer = await ask(centralServer, { ...trustingFacilityCa(), ...clientCredentials(facilityOf(pki, REVOKED_CODE)) });
    expect(answer).toEqual({ authorized: false, error: 'CERT_REVOKED', peerCode: REVOKED_CODE });
  });

  it('refuses a certificate of another facility PKI, even with the same code and CA name', async () => {
    const answer = await ask(centralServer, { ...trustingFacilityCa(), ...clientCredentials(facilityOf(foreign, GOOD_CODE)) });
    // The code still reads from the unverified certificate: only `authorized` makes it an identity.
    expect(answer).toEqual({ authorized: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', peerCode: GOOD_CODE });
  });

  it('does not authorize a client without a certificate', async () => {
    const answer = await ask(centralServer, trustingFacilityCa());
    // Node reports a missing client certificate as UNABLE_TO_GET_ISSUER_CERT.
    expect(answer).toEqual({ authorized: false, error: 'UNABLE_TO_GET_ISSUER_CERT' });
  });

  it('lets the client verify the server by its iPAddress SAN 127.0.0.1', async () => {
    const checkedNames: string[] = [];
    const answer = await ask(centralServer, {
      ...trustingFacilityCa(),
      ...clientCredentials(facilityOf(pki, GOOD_CODE)),
      rejectUnauthorized: true,
      checkServerIdentity: (hostName, certificate) => {
        checkedNames.push(hostName);
        return checkServerIdentity(hostName, certificate);
      },
    });
    expect(answer.authorized).toBe(true);
    expect(checkedNames).toEqual(['127.0.0.1']);
  });

  it('has the client refuse a server whose certificate does not name 127.0.0.1', async () => {
    const refusal = await ask(foreignServer, { ca: certificatePem(foreign.ca.certificate), rejectUnauthorized: true }).catch((error: unknown) => error);
    expect((refusal as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});
