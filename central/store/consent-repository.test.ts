import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsentRepository } from './consent-repository';
import type { ConsentRepository } from './consent-repository';
import { createFacilityRepository } from './facility-repository';
import { createPersonLookup } from './person-lookup';
import { openSeededTempStore } from './testing/temp-store';
import type { TempStore } from './testing/temp-store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const readingTime = new Date('2026-01-12T00:15:02.000Z');
const at = (offsetMs: number) => new Date(readingTime.getTime() + offsetMs);

describe('consents', () => {
  let store: TempStore;
  let consents: ConsentRepository;
  let clinicA: number;
  let clinicB: number;
  let yakushi: number;
  let shiken: number;
  beforeAll(async () => {
    store = await openSeededTempStore();
    consents = createConsentRepository(store.db);
    const facilities = createFacilityRepository(store.db);
    clinicA = facilities.register({ medicalInstitutionCode: '1399999999', name: '見本内科医院' });
    clinicB = facilities.register({ medicalInstitutionCode: '1399999998', name: '見本外科医院' });
    const lookup = createPersonLookup(store.db);
    yakushi = lookup.findByExternalId('yakushi-taro')!.person.personId;
    shiken = lookup.findByExternalId('shiken-taro')!.person.personId;
    consents.record({
      facilityId: clinicA,
      personId: yakushi,
      decisions: [
        { category: 'pharmaceutical', granted: true },
        { category: 'specific-health-checkup', granted: false },
      ],
      consentedAt: readingTime,
      source: 'reader-face',
    });
  });
  afterAll(() => store.dispose());

  const validCategories = (facilityId: number, personId: number, time: Date) =>
    consents.findValid({ facilityId, personId, at: time }).map((consent) => consent.category);

  it('is valid from the reading until 23 h 59 m later, with expiry = +24 h', () => {
    expect(validCategories(clinicA, yakushi, readingTime)).toEqual(['pharmaceutical']);
    expect(validCategories(clinicA, yakushi, at(23 * HOUR + 59 * MINUTE))).toEqual(['pharmaceutical']);
    const consent = consents.findValidFor({ facilityId: clinicA, personId: yakushi, category: 'pharmaceutical', at: readingTime })!;
    expect(consent.expiresAt.getTime() - consent.consentedAt.getTime()).toBe(24 * HOUR);
    expect(consent.source).toBe('reader-face');
  });

  it('is refused at +24 h and before the reading', () => {
    expect(validCategories(clinicA, yakushi, at(24 * HOUR))).toEqual([]);
    expect(validCategories(clinicA, yakushi, at(-1))).toEqual([]);
  });

  it('never counts a declined category', () => {
    expect(consents.findValidFor({ facilityId: clinicA, personId: yakushi, category: 'specific-health-checkup', at: readingTime })).toBeUndefined();
  });

  it("is invisible to another facility and to another person", () => {
    expect(validCategories(clinicB, yakushi, at(HOUR))).toEqual([]);
    expect(validCategories(clinicA, shiken, at(HOUR))).toEqual([]);
    consents.record({
      facilityId: clinicB,
      personId: shiken,
      decisions: [{ category: 'diagnosis', granted: true }],
      consentedAt: at(HOUR),
      source: 'reader-pin',
    });
    expect(validCategories(clinicB, shiken, at(2 * HOUR))).toEqual(['diagnosis']);
    expect(validCategories(clinicA, shiken, at(2 * HOUR))).toEqual([]);
    expect(validCategories(clinicA, yakushi, at(2 * HOUR))).toEqual(['pharmaceutical']);
  });

  it('lets a later reading renew or withdraw a consent', () => {
    const facilities = createFacilityRepository(store.db);
    const clinicC = facilities.register({ medicalInstitutionCode: '1399999997', name: '見本眼科医院' });
    const decide = (granted: boolean, when: Date) =>
      consents.record({ facilityId: clinicC, personId: shiken, decisions: [{ category: 'pharmaceutical', granted }], consentedAt: when, source: 'reader-face' });
    decide(true, readingTime);
    decide(true, at(20 * HOUR));
    expect(validCategories(clinicC, shiken, at(30 * HOUR))).toEqual(['pharmaceutical']);
    decide(false, at(31 * HOUR));
    expect(validCategories(clinicC, shiken, at(30 * HOUR))).toEqual(['pharmaceutical']);
    expect(validCategories(clinicC, shiken, at(31 * HOUR))).toEqual([]);
  });

  it('rejects an invalid time and an unknown category or facility', () => {
    expect(() => consents.findValid({ facilityId: clinicA, personId: yakushi, at: new Date(Number.NaN) })).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME' }),
    );
    expect(() =>
      consents.record({
        facilityId: clinicA,
        personId: yakushi,
        decisions: [{ category: 'everything' as never, granted: true }],
        consentedAt: readingTime,
        source: 'reader-face',
      }),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      consents.record({ facilityId: 9999, personId: yakushi, decisions: [{ category: 'test', granted: true }], consentedAt: readingTime, source: 'home-web' }),
    ).toThrow(/FOREIGN KEY/);
  });
});
