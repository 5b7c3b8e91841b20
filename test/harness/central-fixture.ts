import { readTestPki, toPem, type TestPki } from '../../crypto/mock-ca';
import { startCentralStack, type CentralStack, type CentralStackOptions } from '../../central/central-stack';
import { CentralClient } from './central-client';
import { cardSearchBody, fetchCardChallenge, presenceSignerFor, type ConsentAnswers } from './card-presence';
import { makeTempDir, type TempDir } from './temp-dir';

/** 2026-11-21 10:00 JST: inside every fixture card's validity, after kato-daisuke's revocation. */
export const CENTRAL_TEST_TIME = new Date('2026-11-21T01:00:00.000Z');

export const CLINIC = '1399999999';
export const PHARMACY = '1390000017';
export const REVOKED_CLINIC = '1390000025';

export interface TestCentral {
  stack: CentralStack;
  /** The JPKI-like PKI of the mock CA of the fixture cards. */
  cards: TestPki;
  /** The injected clock shared by server, verifier and J-LIS. */
  now(): Date;
  advance(ms: number): void;
  facility(code: string): CentralClient;
  /** A client with no client certificate (a person, or an attacker). */
  anonymous(): CentralClient;
  userAuthCertificateBase64(holderId: string): string;
  /**
   * A card request for holder's card at the client's facility, proven as a real reader would: a fresh
   * challenge, then the card's signature (method 2) or the facility's reader attestation (1, 3).
   */
  provenCardSearch(client: CentralClient, facility: string, holderId: string, consent?: ConsentAnswers, method?: '1' | '2' | '3'): Promise<ReturnType<typeof cardSearchBody>>;
  stop(): Promise<void>;
}

export async function startTestCentral(options: Partial<Omit<CentralStackOptions, 'dataDir' | 'now'>> = {}): Promise<TestCentral> {
  const dir: TempDir = await makeTempDir('oqs-central-');
  let clock = CENTRAL_TEST_TIME.getTime();
  const clients: CentralClient[] = [];
  let stack: CentralStack;
  try {
    stack = await startCentralStack({ ...options, dataDir: dir.path, now: () => new Date(clock) });
  } catch (error) {
    await dir.remove();
    throw error;
  }
  const cards = await readTestPki(options.pkiDir ?? 'fixtures/pki');
  const track = (client: CentralClient) => {
    clients.push(client);
    return client;
  };
  return {
    stack,
    cards,
    now: () => new Date(clock),
    advance: (ms) => {
      clock += ms;
    },
    facility: (code) => track(CentralClient.forFacility(stack.server.url, stack.facilityPki, code)),
    anonymous: () => track(new CentralClient({ baseUrl: stack.server.url, caPem: toPem(stack.facilityPki.ca.certificate, 'CERTIFICATE') })),
    userAuthCertificateBase64: (holderId) => {
      const holder = cards.holders[holderId];
      if (holder === undefined) throw new Error(`no holder ${holderId}`);
      return Buffer.from(holder.userAuth.certificate).toString('base64');
    },
    provenCardSearch: async (client, facility, holderId, consent, method = '1') => {
      const holder = cards.holders[holderId];
      if (holder === undefined) throw new Error(`no holder ${holderId}`);
      const challenge = await fetchCardChallenge(client);
      const input = { facility, certificateDer: holder.userAuth.certificate, method, ...(consent === undefined ? {} : { consent }) };
      return cardSearchBody(input, challenge, presenceSignerFor(method, holderId, cards, stack.facilityPki, facility));
    },
    stop: async () => {
      for (const client of clients) client.close();
      await stack.stop();
      await dir.remove();
    },
  };
}
