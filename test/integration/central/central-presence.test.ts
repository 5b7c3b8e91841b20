import { sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralClient } from '../../harness/central-client';
import { CLINIC, PHARMACY, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { CARD_CHALLENGE_PATH, cardSearchBody, fetchCardChallenge, presenceSignerFor, type ConsentAnswers } from '../../harness/card-presence';

const PATHS = {
  card: '/oqs-api-pro/mock/card/search',
  drug: '/oqs-api-pro/mock/yzk/search',
  portalChallenge: '/portal/challenge',
  history: '/portal/provision-history',
  refusals: '/admin/refusals',
};
const YAKUSHI = { InsurerNumber: '01131234', InsuranceCardSymbol: '10', InsuredPersonIdentificationNumber: '008', BranchNumber: '00' };
const CONSENT: ConsentAnswers = { PharmaceuticalInfoConsFlg: '1' };

/**
 * Consent only with the person present: a card request registers consents and answers only with a
 * proof over a fresh challenge of this facility's connection — the card's signature (暗証番号) or the
 * facility's reader attestation (顔認証, 目視). Each way of failing it is refused with its own code,
 * audited, and leaves no consent and no provision record behind.
 */
describe('central mock: proof of presence on the card request', () => {
  let central: TestCentral;
  let clinic: CentralClient;
  let pharmacy: CentralClient;

  beforeAll(async () => {
    central = await startTestCentral();
    clinic = central.facility(CLINIC);
    pharmacy = central.facility(PHARMACY);
    await clinic.login();
    await pharmacy.login();
  }, 60_000);
  afterAll(() => central?.stop());

  const certificateOf = (holderId: string) => central.cards.holders[holderId]!.userAuth.certificate;
  const body = (holderId: string, method: '1' | '2' | '3', challenge: Uint8Array, signerHolder = holderId, signerFacility = CLINIC, signedConsent: ConsentAnswers = CONSENT) => {
    const signed = cardSearchBody({ facility: CLINIC, certificateDer: certificateOf(holderId), method, consent: signedConsent }, challenge, presenceSignerFor(method, signerHolder, central.cards, central.stack.facilityPki, signerFacility));
    // What is sent always carries CONSENT; a proof made over other answers must not cover it.
    signed.XmlMsg.MessageBody.ConsentInfo = CONSENT;
    return signed;
  };

  const refusalCodes = async () => {
    const admin = central.anonymous();
    const reply = await admin.send('GET', PATHS.refusals, { headers: { authorization: `Bearer ${central.stack.server.adminToken}` }, withToken: false });
    expect(reply.status).toBe(200);
    return (reply.json.refusals as Array<{ code: string; operation: string; count: number; medicalInstitutionCode?: string }>).filter((entry) => entry.operation === 'qualification-by-card');
  };

  const historyOf = async (holderId: string) => {
    const person = central.anonymous();
    const { json: issued } = await person.send('GET', PATHS.portalChallenge);
    const key = central.cards.holders[holderId]!.userAuth.privateKeyPkcs8;
    const reply = await person.postJson(PATHS.history, {
      certificate: Buffer.from(certificateOf(holderId)).toString('base64'),
      challenge: issued.challenge,
      signature: sign('sha256', Buffer.from(issued.challenge, 'base64'), { key: Buffer.from(key), format: 'der', type: 'pkcs8' }).toString('base64'),
    });
    expect(reply.status).toBe(200);
    return reply.json.entries as unknown[];
  };

  const expectNoConsentForYakushi = async () => {
    const drugs = await clinic.postJson(PATHS.drug, { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC, ...YAKUSHI }, MessageBody: { StartDate: '202001', EndDate: '202612', FileCategory: '2' } } });
    expect(drugs.status).toBe(403);
    expect(drugs.json.XmlMsg.MessageHeader.ErrorCode).toBe('NO_CONSENT');
  };

  describe('refusals: no consent, no provision, one audit row each', () => {
    const cases: Array<{ name: string; code: string; request: () => Promise<unknown> }> = [
      {
        name: 'no proof at all',
        code: 'PRESENCE_PROOF_MISSING',
        request: async () => {
          const request = body('yakushi-taro', '1', await fetchCardChallenge(clinic));
          delete (request.XmlMsg.MessageBody as { PresenceProof?: unknown }).PresenceProof;
          return request;
        },
      },
      { name: 'a challenge never issued', code: 'PRESENCE_CHALLENGE_INVALID', request: async () => body('yakushi-taro', '1', new Uint8Array(32).fill(1)) },
      { name: "another facility's challenge", code: 'PRESENCE_CHALLENGE_INVALID', request: async () => body('yakushi-taro', '1', await fetchCardChallenge(pharmacy)) },
      { name: "another facility's reader key", code: 'READER_KEY_UNKNOWN', request: async () => body('yakushi-taro', '1', await fetchCardChallenge(clinic), 'yakushi-taro', PHARMACY) },
      { name: "another person's card signature (暗証番号)", code: 'PRESENCE_PROOF_INVALID', request: async () => body('yakushi-taro', '2', await fetchCardChallenge(clinic), 'shiken-taro') },
      {
        name: 'a signature with a flipped bit',
        code: 'PRESENCE_PROOF_INVALID',
        request: async () => {
          const request = body('yakushi-taro', '3', await fetchCardChallenge(clinic));
          const proof = request.XmlMsg.MessageBody.PresenceProof as { AttestationSignature: string };
          const bytes = Buffer.from(proof.AttestationSignature, 'base64');
          bytes[7] = (bytes[7] ?? 0) ^ 0x01;
          proof.AttestationSignature = bytes.toString('base64');
          return request;
        },
      },
      { name: 'a proof over other consent answers', code: 'PRESENCE_PROOF_INVALID', request: async () => body('yakushi-taro', '1', await fetchCardChallenge(clinic), 'yakushi-taro', CLINIC, { PharmaceuticalInfoConsFlg: '0' }) },
      {
        name: 'a PIN-mode request proven by a reader instead of the card',
        code: 'PRESENCE_PROOF_INVALID',
        request: async () => {
          const challenge = await fetchCardChallenge(clinic);
          const request = body('yakushi-taro', '1', challenge);
          request.XmlMsg.MessageBody.CardAuthenticationInfo.AuthenticationMethod = '2';
          return request;
        },
      },
    ];

    for (const { name, code, request } of cases) {
      it(`refuses ${name} with ${code}`, async () => {
        const countOf = (entries: Array<{ code: string; count: number }>) => entries.filter((entry) => entry.code === code).reduce((sum, entry) => sum + entry.count, 0);
        const before = countOf(await refusalCodes());
        const reply = await clinic.postJson(PATHS.card, await request());
        expect(reply.status).toBe(403);
        expect(reply.json.XmlMsg.MessageHeader).toMatchObject({ SegmentOfResult: '9', ErrorCode: code });
        expect(JSON.stringify(reply.json)).not.toContain('薬師');
        const after = await refusalCodes();
        expect(countOf(after)).toBe(before + 1);
        expect(after.filter((entry) => entry.code === code).at(-1)?.medicalInstitutionCode).toBe(CLINIC);
        await expectNoConsentForYakushi();
        expect(await historyOf('yakushi-taro')).toEqual([]);
      });
    }

    it('refuses a challenge used once already, and one that has expired', async () => {
      const challenge = await fetchCardChallenge(clinic);
      const first = await clinic.postJson(PATHS.card, body('shiken-taro', '1', challenge));
      expect(first.status).toBe(200);
      const replay = await clinic.postJson(PATHS.card, body('yakushi-taro', '1', challenge));
      expect(replay.json.XmlMsg.MessageHeader.ErrorCode).toBe('PRESENCE_CHALLENGE_INVALID');

      const stale = await fetchCardChallenge(clinic);
      central.advance(2 * 60 * 1000);
      await clinic.login();
      const late = await clinic.postJson(PATHS.card, body('yakushi-taro', '1', stale));
      expect(late.json.XmlMsg.MessageHeader.ErrorCode).toBe('PRESENCE_CHALLENGE_INVALID');
      await expectNoConsentForYakushi();
      expect(await historyOf('yakushi-taro')).toEqual([]);
    });

    it('answers a challenge only over a facility connection with a token', async () => {
      const stranger = await central.anonymous().postJson(CARD_CHALLENGE_PATH, {});
      expect(stranger.json.XmlMsg.MessageHeader.ErrorCode).toBe('CLIENT_CERTIFICATE_REQUIRED');
      const noToken = await clinic.send('POST', CARD_CHALLENGE_PATH, { body: '{}', contentType: 'application/json', withToken: false });
      expect(noToken.json.XmlMsg.MessageHeader.ErrorCode).toBe('TOKEN_MISSING');
    });
  });

  describe('accepted proofs', () => {
    for (const [method, label] of [
      ['2', '暗証番号: the card signs'],
      ['3', '目視: the reader attests'],
      ['1', '顔認証: the reader attests'],
    ] as const) {
      it(`${label}; the consent is registered and the provision recorded`, async () => {
        await clinic.login();
        const reply = await clinic.postJson(PATHS.card, body('yakushi-taro', method, await fetchCardChallenge(clinic)));
        expect(reply.status).toBe(200);
        expect(reply.json.XmlMsg.MessageBody).toMatchObject({ ProcessingResultStatus: '1', QualificationValidity: '1' });
        const drugs = await clinic.postJson(PATHS.drug, { XmlMsg: { MessageHeader: { MedicalInstitutionCode: CLINIC, ...YAKUSHI }, MessageBody: { StartDate: '202001', EndDate: '202612', FileCategory: '2' } } });
        expect(drugs.status).toBe(200);
        expect((await historyOf('yakushi-taro')).length).toBeGreaterThan(0);
      });
    }
  });
});
