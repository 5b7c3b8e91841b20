import { afterEach, describe, expect, it } from 'vitest';
import { createChallengeStore } from './challenge-store';
import { createFacilityRepository } from './facility-repository';
import { openCentralStore } from './open-database';
import { createReaderKeyRepository } from './reader-key-repository';
import { openTempStore, type TempStore } from './testing/temp-store';

const T0 = new Date('2026-11-21T01:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const challengeOf = (fill: number) => new Uint8Array(32).fill(fill);
const CERT_A = 'a'.repeat(64);
const CERT_B = 'b'.repeat(64);

describe('challenge store', () => {
  const stores: TempStore[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.dispose()));
  const setUp = () => {
    const store = openTempStore();
    stores.push(store);
    const facilities = createFacilityRepository(store.db);
    const clinic = facilities.register({ medicalInstitutionCode: '1399999999', name: '見本内科医院', clientCertificateSha256: CERT_A });
    const pharmacy = facilities.register({ medicalInstitutionCode: '1390000017', name: '見本調剤薬局', clientCertificateSha256: CERT_B });
    return { store, challenges: createChallengeStore(store.db), clinic, pharmacy };
  };

  it('consumes a card challenge once, for the facility and connection it was issued to', () => {
    const { challenges, clinic, pharmacy } = setUp();
    const mine = { kind: 'card', facilityId: clinic, clientCertificateSha256: CERT_A } as const;
    challenges.issue(challengeOf(1), mine, T0, later(120_000));
    expect(challenges.consume(challengeOf(1), { kind: 'card', facilityId: pharmacy, clientCertificateSha256: CERT_B }, later(1))).toBe(false);
    expect(challenges.consume(challengeOf(1), { ...mine, clientCertificateSha256: CERT_B }, later(1))).toBe(false);
    expect(challenges.consume(challengeOf(1), { kind: 'portal' }, later(1))).toBe(false);
    expect(challenges.consume(challengeOf(1), mine, later(1))).toBe(true);
    expect(challenges.consume(challengeOf(1), mine, later(2))).toBe(false);
    expect(challenges.consume(challengeOf(9), mine, later(2))).toBe(false);
  });

  it('refuses an expired challenge and prunes expired rows when issuing', () => {
    const { store, challenges } = setUp();
    challenges.issue(challengeOf(2), { kind: 'portal' }, T0, later(1000));
    expect(challenges.consume(challengeOf(2), { kind: 'portal' }, later(1000))).toBe(false);
    challenges.issue(challengeOf(3), { kind: 'portal' }, later(2000), later(3000));
    expect(store.db.prepare<{ n: number }>('SELECT count(*) AS n FROM challenges').get()?.n).toBe(1);
  });

  it('lets only one of two connections over the same file spend a challenge', () => {
    const { store, challenges, clinic } = setUp();
    const audience = { kind: 'card', facilityId: clinic, clientCertificateSha256: CERT_A } as const;
    challenges.issue(challengeOf(4), audience, T0, later(120_000));
    const second = openCentralStore(store.file);
    try {
      const other = createChallengeStore(second);
      const outcomes = [challenges.consume(challengeOf(4), audience, later(5)), other.consume(challengeOf(4), audience, later(5))];
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    } finally {
      second.close();
    }
  });

  it('survives closing and reopening the store', () => {
    const { store, clinic } = setUp();
    const audience = { kind: 'card', facilityId: clinic, clientCertificateSha256: CERT_A } as const;
    createChallengeStore(store.db).issue(challengeOf(5), audience, T0, later(120_000));
    store.db.close();
    const reopened = openCentralStore(store.file);
    try {
      expect(createChallengeStore(reopened).consume(challengeOf(5), audience, later(10))).toBe(true);
    } finally {
      reopened.close();
    }
  });
});

describe('reader key repository', () => {
  it("finds a registered key by its SPKI hash, with its facility; nothing for an unknown one", () => {
    const store = openTempStore();
    try {
      const facilityId = createFacilityRepository(store.db).register({ medicalInstitutionCode: '1399999999', name: '見本内科医院' });
      const keys = createReaderKeyRepository(store.db);
      const spki = new Uint8Array(64).fill(3);
      const id = keys.register(facilityId, spki);
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(keys.register(facilityId, spki)).toBe(id);
      expect(keys.find(id)).toEqual({ spkiSha256: id, facilityId, publicKeySpki: spki });
      expect(keys.find('0'.repeat(64))).toBeUndefined();
    } finally {
      store.dispose();
    }
  });
});
