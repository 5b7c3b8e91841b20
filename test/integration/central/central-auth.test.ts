import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCryptoEngine, generateFacilityPki } from '../../../crypto/mock-ca';
import { CentralClient } from '../../harness/central-client';
import { CLINIC, PHARMACY, REVOKED_CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';

const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';

function searchBody(facility: string) {
  return {
    XmlMsg: {
      MessageHeader: { MedicalInstitutionCode: facility, QualificationConfirmationDate: '20261121' },
      MessageBody: {
        QualificationConfirmSearchInfo: { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' },
      },
    },
  };
}

describe('central mock: mutual TLS and tokens', () => {
  let central: TestCentral;
  beforeAll(async () => {
    central = await startTestCentral();
  }, 60_000);
  afterAll(() => central?.stop());

  const refusalCodes = async () => {
    const admin = central.anonymous();
    const reply = await admin.send('GET', '/admin/refusals', { headers: { authorization: `Bearer ${central.stack.server.adminToken}` } });
    expect(reply.status).toBe(200);
    return (reply.json.refusals as Array<{ code: string; operation: string; medicalInstitutionCode?: string }>);
  };

  it('issues a token to a registered facility and answers a search with it', async () => {
    const clinic = central.facility(CLINIC);
    const login = await clinic.login();
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ status: '0', result: { linkSysCharCd: '0' } });
    expect(typeof login.json.result.idToken).toBe('string');
    const reply = await clinic.postJson(SEARCH, searchBody(CLINIC));
    expect(reply.status).toBe(200);
    expect(reply.json.XmlMsg.MessageHeader).toMatchObject({ MedicalInstitutionCode: CLINIC, SegmentOfResult: '1', ReferenceClassification: '2' });
    expect(reply.json.XmlMsg.MessageBody.QualificationValidity).toBe('1');
  });

  it('refuses a connection without a client certificate, with the coded envelope', async () => {
    const reply = await central.anonymous().postJson(SEARCH, searchBody(CLINIC));
    expect(reply.status).toBe(401);
    expect(reply.json.XmlMsg.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: 'CLIENT_CERTIFICATE_REQUIRED' });
  });

  it('refuses a revoked facility certificate at the auth endpoint and audits it under its code', async () => {
    const revoked = central.facility(REVOKED_CLINIC);
    const reply = await revoked.login();
    expect(reply.status).toBe(401);
    expect(reply.json.XmlMsg.MessageHeader.ErrorCode).toBe('CLIENT_CERTIFICATE_REVOKED');
    expect(revoked.token).toBeUndefined();
    expect(await refusalCodes()).toContainEqual(expect.objectContaining({ code: 'CLIENT_CERTIFICATE_REVOKED', operation: 'authentication', medicalInstitutionCode: REVOKED_CLINIC }));
  });

  it('refuses a certificate from another CA, even one naming a registered 医療機関コード', async () => {
    const foreign = await generateFacilityPki({ seed: 'stranger', startDate: '2026-10-01', facilities: [{ medicalInstitutionCode: CLINIC, name: '偽見本内科医院' }] }, createCryptoEngine());
    const stranger = new CentralClient({ baseUrl: central.stack.server.url, caPem: (await import('../../../crypto/mock-ca')).toPem(central.stack.facilityPki.ca.certificate, 'CERTIFICATE'), client: foreign.facilities[0]! });
    try {
      const reply = await stranger.login();
      expect(reply.status).toBe(401);
      expect(reply.json.XmlMsg.MessageHeader.ErrorCode).toBe('CLIENT_CERTIFICATE_UNKNOWN');
    } finally {
      stranger.close();
    }
  }, 30_000);

  it('refuses a search without a token, with a made-up token, and with another facility\'s token', async () => {
    const clinic = central.facility(CLINIC);
    const pharmacy = central.facility(PHARMACY);
    expect((await clinic.postJson(SEARCH, searchBody(CLINIC))).json.XmlMsg.MessageHeader.ErrorCode).toBe('TOKEN_MISSING');
    expect((await clinic.postJson(SEARCH, searchBody(CLINIC), { authorization: 'not-a-token' })).json.XmlMsg.MessageHeader.ErrorCode).toBe('TOKEN_INVALID');
    await pharmacy.login();
    const stolen = await clinic.postJson(SEARCH, searchBody(CLINIC), { authorization: pharmacy.token! });
    expect(stolen.status).toBe(401);
    expect(stolen.json.XmlMsg.MessageHeader.ErrorCode).toBe('TOKEN_INVALID');
  });

  it('refuses a header naming another facility than the certificate', async () => {
    const clinic = central.facility(CLINIC);
    await clinic.login();
    const reply = await clinic.postJson(SEARCH, searchBody(PHARMACY));
    expect(reply.status).toBe(403);
    expect(reply.json.XmlMsg.MessageHeader).toMatchObject({ ErrorCode: 'FACILITY_MISMATCH', MedicalInstitutionCode: CLINIC });
  });

  it('lets a token expire after its lifetime (injected clock)', async () => {
    const clinic = central.facility(CLINIC);
    await clinic.login();
    expect((await clinic.postJson(SEARCH, searchBody(CLINIC))).status).toBe(200);
    central.advance(10 * 60 * 1000);
    const reply = await clinic.postJson(SEARCH, searchBody(CLINIC));
    expect(reply.json.XmlMsg.MessageHeader.ErrorCode).toBe('TOKEN_EXPIRED');
    expect((await clinic.login()).status).toBe(200);
    expect((await clinic.postJson(SEARCH, searchBody(CLINIC))).status).toBe(200);
  });

  it('serves the OpenAPI document of its routes', async () => {
    const reply = await central.anonymous().send('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.json.openapi).toMatch(/^3\.1/);
    expect(Object.keys(reply.json.paths)).toEqual(expect.arrayContaining([SEARCH, '/oqs-api-pro/mock/card/search', '/oqs-api-pro/mock/card/challenge', '/portal/provision-history']));
    // The card request documents its proof of presence, and the challenge its answer.
    const document = JSON.stringify(reply.json);
    for (const name of ['PresenceProof', 'CardSignature', 'ReaderKeyId', 'AttestationSignature']) expect(document).toContain(name);
    const challenge = reply.json.paths['/oqs-api-pro/mock/card/challenge'].post;
    const reference: string = challenge.responses['200'].content['application/json'].schema.$ref;
    expect(reply.json.components.schemas[reference.split('/').at(-1)!].required).toEqual(['Challenge', 'ExpiresAt']);
    // The refusal listing documents its paging.
    const refusals = reply.json.paths['/admin/refusals'].get;
    expect(refusals.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(['query:limit', 'query:after', 'query:from', 'query:to']);
    const page: string = refusals.responses['200'].content['application/json'].schema.$ref;
    expect(Object.keys(reply.json.components.schemas[page.split('/').at(-1)!].properties)).toEqual(['refusals', 'next']);
  });
});
