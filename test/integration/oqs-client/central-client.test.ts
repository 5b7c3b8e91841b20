import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toPem } from '../../../crypto/mock-ca';
import type { CardConfirmationFacts, CentralFailure } from '../../../flow/ports/central-system';
import { createOqsCentralSystem, qualificationResponseOf, type CentralClientConfig, type OqsCentralSystem } from '../../../oqs/client';
import { CLINIC, REVOKED_CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';

/** The 被保険者証 keys of two fixture people: one for 個別照会, and 薬師太郎 for 薬剤情報. */
const SEARCH_KEYS = { InsurerNumber: '01130012', InsuredCardSymbol: '1234', InsuredIdentificationNumber: '5678', InsuredBranchNumber: '00', Birthdate: '19800217' };
const YAKUSHI = { InsurerNumber: '01131234', InsuranceCardSymbol: '10', InsuredPersonIdentificationNumber: '008', BranchNumber: '00' };
const DRUG_PERIOD = { StartDate: '202001', EndDate: '202612', FileCategory: '2' };
/** DigestInfo of SHA-256 up to the digest: what a terminal puts before the digest it hands the card. */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The terminal's central client against the real mock central system over mutual TLS: card requests
 * proven by the card (暗証番号) and by the reader (顔認証), 個別照会, 薬剤情報 with and without consent,
 * a revoked facility, injected faults that open the circuit and a recovery, and a stopped server.
 */
describe('oqs client against the mock central system', () => {
  let central: TestCentral;
  let stopped = false;
  const received: string[] = [];
  const waits: number[] = [];
  const clients: OqsCentralSystem[] = [];

  beforeAll(async () => {
    central = await startTestCentral({ server: { timeoutHoldMs: 10_000, onReceived: ({ path }) => received.push(path) } });
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    if (!stopped) await central?.stop();
  });
  beforeEach(() => {
    waits.length = 0;
  });

  const facilityEntry = (code: string) => {
    const entry = central.stack.facilityPki.facilities.find((facility) => facility.medicalInstitutionCode === code);
    if (entry === undefined) throw new Error(`no facility ${code}`);
    return entry;
  };

  /** A client as the terminal composes it; the CA goes in as PEM, the rest as DER, so both readings are used. */
  const clientFor = (code: string, overrides: Partial<CentralClientConfig> = {}): OqsCentralSystem => {
    const entry = facilityEntry(code);
    const created = createOqsCentralSystem(
      {
        baseUrl: central.stack.server.url,
        medicalInstitutionCode: code,
        tls: { ca: toPem(central.stack.facilityPki.ca.certificate, 'CERTIFICATE'), clientCertificate: entry.certificate, clientKey: entry.privateKeyPkcs8 },
        reader: { privateKey: entry.readerKey.privateKeyPkcs8, certificate: entry.readerKey.certificate },
        breaker: { failureThreshold: 3, openMs: 30_000, openJitter: 0 },
        ...overrides,
      },
      {
        now: () => central.now(),
        random: () => 0.5,
        wait: async (ms) => {
          waits.push(ms);
          return true;
        },
      },
    );
    if (!created.ok) throw new Error(created.detail);
    clients.push(created.central);
    return created.central;
  };

  const admin = (method: 'PUT' | 'DELETE', body?: unknown) =>
    central.anonymous().send(method, '/admin/faults', {
      headers: { authorization: `Bearer ${central.stack.server.adminToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
    });

  const holder = (holderId: string) => {
    const found = central.cards.holders[holderId];
    if (found === undefined) throw new Error(`no holder ${holderId}`);
    return found;
  };

  /** What a card does after VERIFY: PKCS#1 v1.5 over the DigestInfo of the digest the terminal computed. */
  const cardSigns = (holderId: string, digest: Uint8Array) =>
    new Uint8Array(
      privateEncrypt(
        { key: createPrivateKey({ key: Buffer.from(holder(holderId).userAuth.privateKeyPkcs8), format: 'der', type: 'pkcs8' }), padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest]),
      ),
    );

  const countOf = (path: string) => received.filter((entry) => entry === path).length;

  const challengeOf = async (client: OqsCentralSystem) => {
    const issued = await client.presenceChallenge();
    if ('ok' in issued) throw new Error(`no challenge: ${issued.code} ${issued.detail}`);
    expect(issued.challenge.length).toBe(32);
    expect(issued.expiresAt.getTime()).toBeGreaterThan(central.now().getTime());
    return issued.challenge;
  };

  describe('card requests with a proof of presence', () => {
    it('暗証番号: the card signs the digest the client computes; 薬剤情報 is refused before the consent and given after it', async () => {
      const clinic = clientFor(CLINIC);
      const before = await clinic.drugInformation(YAKUSHI, DRUG_PERIOD);
      expect(before).toMatchObject({ ok: false, code: 'CENTRAL_REFUSED', centralCode: 'NO_CONSENT', outage: false });

      const facts: CardConfirmationFacts = { certificateDer: holder('yakushi-taro').userAuth.certificate, method: 'pin', consents: { pharmaceutical: true, specificHealthCheckups: false } };
      const challenge = await challengeOf(clinic);
      const signature = cardSigns('yakushi-taro', clinic.presenceDigest(challenge, facts));
      const answer = await clinic.confirmByCard({ ...facts, receptionId: 'R-PIN-1', proof: { kind: 'card-signature', challenge, signature } });
      if (!answer.ok) throw new Error(`${answer.code} ${answer.centralCode ?? ''} ${answer.detail}`);
      expect(answer).toMatchObject({ receptionId: 'R-PIN-1', processingResultStatus: '1', qualificationValidity: '1' });
      const response = qualificationResponseOf(answer.document);
      const results = response?.MessageBody.ResultList ?? [];
      expect(results.length).toBeGreaterThan(0);
      expect(answer.people).toEqual(results.map((result) => ({ birthDate: `${result.Birthdate.slice(0, 4)}-${result.Birthdate.slice(4, 6)}-${result.Birthdate.slice(6)}`, sexCode: result.Sex1 })));
      expect(answer.people[0]?.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const after = await clinic.drugInformation(YAKUSHI, DRUG_PERIOD);
      expect(after.ok).toBe(true);
      const checkups = await clinic.checkupInformation(YAKUSHI, { FileCategory: '2' });
      expect(checkups).toMatchObject({ ok: false, code: 'CENTRAL_REFUSED', centralCode: 'NO_CONSENT' });
    });

    it('refuses a card signature over other consent answers than those sent (PRESENCE_PROOF_INVALID)', async () => {
      const clinic = clientFor(CLINIC);
      const facts: CardConfirmationFacts = { certificateDer: holder('shiken-taro').userAuth.certificate, method: 'pin', consents: { pharmaceutical: true } };
      const challenge = await challengeOf(clinic);
      const signature = cardSigns('shiken-taro', clinic.presenceDigest(challenge, { ...facts, consents: { pharmaceutical: false } }));
      const answer = await clinic.confirmByCard({ ...facts, receptionId: 'R-PIN-2', proof: { kind: 'card-signature', challenge, signature } });
      expect(answer).toMatchObject({ ok: false, code: 'CENTRAL_REFUSED', centralCode: 'PRESENCE_PROOF_INVALID', outage: false });
    });

    it('顔認証: the client attests with the reader key; the answer is bound to the reception', async () => {
      const clinic = clientFor(CLINIC);
      const challenge = await challengeOf(clinic);
      const answer = await clinic.confirmByCard({
        certificateDer: holder('shiken-taro').userAuth.certificate,
        method: 'face',
        consents: { pharmaceutical: false, diagnosis: true },
        receptionId: 'R-FACE-1',
        proof: { kind: 'reader-attestation', challenge },
      });
      if (!answer.ok) throw new Error(`${answer.code} ${answer.centralCode ?? ''} ${answer.detail}`);
      expect(answer).toMatchObject({ receptionId: 'R-FACE-1', processingResultStatus: '1' });
      expect(qualificationResponseOf(answer.document)?.MessageHeader.ArbitraryFileIdentifier).toBe('R-FACE-1');
    });

    it('a reader attestation without a configured reader key fails as the facility’s credentials, without a request', async () => {
      const clinic = clientFor(CLINIC);
      const entry = facilityEntry(CLINIC);
      const created = createOqsCentralSystem({
        baseUrl: central.stack.server.url,
        medicalInstitutionCode: CLINIC,
        tls: { ca: central.stack.facilityPki.ca.certificate, clientCertificate: entry.certificate, clientKey: entry.privateKeyPkcs8 },
      });
      if (!created.ok) throw new Error(created.detail);
      clients.push(created.central);
      const challenge = await challengeOf(clinic);
      const cardRequests = countOf('/oqs-api-pro/mock/card/search');
      const answer = await created.central.confirmByCard({
        certificateDer: holder('shiken-taro').userAuth.certificate,
        method: 'visual',
        consents: {},
        receptionId: 'R-VISUAL-1',
        proof: { kind: 'reader-attestation', challenge },
      });
      expect(answer).toMatchObject({ ok: false, code: 'CENTRAL_AUTH_FAILED', outage: false });
      expect(countOf('/oqs-api-pro/mock/card/search')).toBe(cardRequests);
    });
  });

  describe('queries', () => {
    it('個別照会 answers the qualification with our identifier echoed', async () => {
      const clinic = clientFor(CLINIC);
      const outcome = await clinic.qualificationByInsuranceKeys(SEARCH_KEYS, { arbitraryFileIdentifier: 'Q-1' });
      if (!outcome.ok) throw new Error(`${outcome.code} ${outcome.detail}`);
      expect(outcome.response.MessageHeader).toMatchObject({ SegmentOfResult: '1', ArbitraryFileIdentifier: 'Q-1', MedicalInstitutionCode: CLINIC });
      expect(outcome.response.MessageBody.ProcessingResultStatus).toBe('1');
    });

    it('uses one token for many calls and renews it before it expires, once for concurrent callers', async () => {
      const clinic = clientFor(CLINIC);
      const auth = '/oqs-api-pro/MSA12020/ILI12020SV01/auth';
      const start = countOf(auth);
      await Promise.all([clinic.qualificationByInsuranceKeys(SEARCH_KEYS), clinic.qualificationByInsuranceKeys(SEARCH_KEYS), clinic.presenceChallenge()]);
      expect(countOf(auth)).toBe(start + 1);
      await clinic.qualificationByInsuranceKeys(SEARCH_KEYS);
      expect(countOf(auth)).toBe(start + 1);
      // 9.5 of the token's 10 minutes: inside the renewal margin, so the client renews before using it.
      central.advance(9.5 * 60_000);
      const results = await Promise.all([clinic.qualificationByInsuranceKeys(SEARCH_KEYS), clinic.qualificationByInsuranceKeys(SEARCH_KEYS)]);
      expect(results.every((result) => result.ok)).toBe(true);
      expect(countOf(auth)).toBe(start + 2);
    });

    it('a token the central system no longer honours is renewed once and the request sent again', async () => {
      const clinic = clientFor(CLINIC, { token: { renewBeforeMs: 0, maxLifetimeMs: 60 * 60_000 } });
      const auth = '/oqs-api-pro/MSA12020/ILI12020SV01/auth';
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
      const start = countOf(auth);
      // Past the central system's 10 minutes, while this client still trusts the token: TOKEN_EXPIRED, then a new one.
      central.advance(10 * 60_000 + 1);
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
      expect(countOf(auth)).toBe(start + 1);
    });
  });

  it("a revoked facility's certificate is refused as the facility's credentials, not as an outage", async () => {
    const revoked = clientFor(REVOKED_CLINIC);
    const outcome = await revoked.presenceChallenge();
    expect(outcome).toMatchObject({ ok: false, code: 'CENTRAL_AUTH_FAILED', centralCode: 'CLIENT_CERTIFICATE_REVOKED', outage: false });
    expect(waits).toEqual([]);
  });

  describe('injected faults', () => {
    const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';
    const CARD = '/oqs-api-pro/mock/card/search';

    it('retries a read-only query with backoff, but never a card request that was sent', async () => {
      const clinic = clientFor(CLINIC, { breaker: { failureThreshold: 100 } });
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
      const challenge = await challengeOf(clinic);
      await admin('PUT', { seed: 'errors', errorRate: 1 });
      try {
        const searches = countOf(SEARCH);
        const query = await clinic.qualificationByInsuranceKeys(SEARCH_KEYS);
        expect(query).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', centralCode: 'INJECTED_ERROR', outage: true });
        expect(countOf(SEARCH)).toBe(searches + 3);
        // Full jitter at random 0.5: half of 200 ms, then half of 400 ms.
        expect(waits).toEqual([100, 200]);

        waits.length = 0;
        const cards = countOf(CARD);
        const card = await clinic.confirmByCard({
          certificateDer: holder('shiken-taro').userAuth.certificate,
          method: 'face',
          consents: {},
          receptionId: 'R-FAULT-1',
          proof: { kind: 'reader-attestation', challenge },
        });
        expect(card).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true });
        expect(countOf(CARD)).toBe(cards + 1);
        expect(waits).toEqual([]);
      } finally {
        await admin('DELETE');
      }
    });

    it('opens the circuit in an outage window, fails fast while open, probes after the open time and recovers', async () => {
      const clinic = clientFor(CLINIC, { retry: { maxAttempts: 1 } });
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
      const from = central.now();
      await admin('PUT', { seed: 'outage', outageWindows: [{ from: from.toISOString(), to: new Date(from.getTime() + 10 * 60_000).toISOString() }] });
      try {
        for (let attempt = 0; attempt < 3; attempt += 1) {
          expect(await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', centralCode: 'SERVICE_UNAVAILABLE', outage: true });
        }
        const sent = countOf(SEARCH);
        const fast = (await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)) as CentralFailure;
        expect(fast).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true });
        expect(fast.centralCode).toBeUndefined();
        expect(countOf(SEARCH)).toBe(sent);

        // Half-open while the outage lasts: one probe goes out, fails, and the circuit opens again.
        central.advance(30_000);
        expect(await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).toMatchObject({ centralCode: 'SERVICE_UNAVAILABLE' });
        expect(countOf(SEARCH)).toBe(sent + 1);
        expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)) as CentralFailure).not.toHaveProperty('centralCode');
        expect(countOf(SEARCH)).toBe(sent + 1);
      } finally {
        await admin('DELETE');
      }
      expect(await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE' });
      central.advance(30_000);
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
    });

    it('reports a central system that holds the request past the time limit as CENTRAL_TIMEOUT, an outage', async () => {
      const clinic = clientFor(CLINIC, { retry: { maxAttempts: 1 }, requestTimeoutMs: 300 });
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
      await admin('PUT', { seed: 'held', timeoutRate: 1, routes: ['qualification-by-insurance-keys'] });
      try {
        expect(await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).toMatchObject({ ok: false, code: 'CENTRAL_TIMEOUT', outage: true });
      } finally {
        await admin('DELETE');
      }
      expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
    });
  });

  it('a stopped central system is CENTRAL_UNAVAILABLE, an outage, after the retries', async () => {
    const clinic = clientFor(CLINIC);
    expect((await clinic.qualificationByInsuranceKeys(SEARCH_KEYS)).ok).toBe(true);
    stopped = true;
    await central.stop();
    const outcome = await clinic.qualificationByInsuranceKeys(SEARCH_KEYS);
    expect(outcome).toMatchObject({ ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true });
    expect((outcome as CentralFailure).detail).toMatch(/connection failed/);
    expect(waits.length).toBe(2);
  });
});
