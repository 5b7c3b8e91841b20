import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsentRepository } from './consent-repository';
import { createFacilityRepository } from './facility-repository';
import { createPersonLookup } from './person-lookup';
import { createProvisionHistory } from './provision-history';
import { createRefusalAudit } from './refusal-audit';
import { openSeededTempStore } from './test-helpers';
import type { TempStore } from './test-helpers';

describe('provision history and refusal audit', () => {
  let store: TempStore;
  let clinic: number;
  let pharmacy: number;
  let yakushi: number;
  let shiken: number;
  beforeAll(async () => {
    store = await openSeededTempStore();
    const facilities = createFacilityRepository(store.db);
    clinic = facilities.register({ medicalInstitutionCode: '1399999999', name: '見本内科医院', clientCertificateSha256: 'AB'.repeat(32) });
    pharmacy = facilities.register({ medicalInstitutionCode: '1349999999', name: '見本薬局' });
    const lookup = createPersonLookup(store.db);
    yakushi = lookup.findByExternalId('yakushi-taro')!.person.personId;
    shiken = lookup.findByExternalId('shiken-taro')!.person.personId;
  });
  afterAll(() => store.dispose());

  it('registers facilities by code and updates them in place', () => {
    const facilities = createFacilityRepository(store.db);
    expect(facilities.findByCode('1399999999')).toEqual({
      facilityId: clinic,
      medicalInstitutionCode: '1399999999',
      name: '見本内科医院',
      clientCertificateSha256: 'ab'.repeat(32),
    });
    expect(facilities.register({ medicalInstitutionCode: '1349999999', name: '見本調剤薬局' })).toBe(pharmacy);
    expect(facilities.findByCode('1349999999')?.name).toBe('見本調剤薬局');
    expect(facilities.findByCode('1000000000')).toBeUndefined();
    expect(() => facilities.register({ medicalInstitutionCode: '13', name: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }));
  });

  it("lists one person's provisions only, oldest first, with facility, categories and consent", () => {
    const history = createProvisionHistory(store.db);
    const [consentId] = createConsentRepository(store.db).record({
      facilityId: clinic,
      personId: yakushi,
      decisions: [{ category: 'pharmaceutical', granted: true }],
      consentedAt: new Date('2026-01-12T00:15:00.000Z'),
      source: 'reader-face',
    });
    history.append({
      facilityId: clinic,
      personId: yakushi,
      operation: 'medication-information',
      dataCategories: ['pharmaceutical'],
      consentId: consentId!,
      providedAt: new Date('2026-01-12T00:20:00.000Z'),
    });
    history.append({
      facilityId: clinic,
      personId: yakushi,
      operation: 'qualification-by-card',
      dataCategories: ['qualification', 'limit-application', 'qualification'],
      providedAt: new Date('2026-01-12T00:15:00.000Z'),
    });
    history.append({
      facilityId: pharmacy,
      personId: shiken,
      operation: 'qualification-by-insurance-keys',
      dataCategories: ['qualification'],
      providedAt: new Date('2026-01-12T00:16:00.000Z'),
    });

    const entries = history.listForPerson(yakushi);
    expect(entries.map((entry) => [entry.operation, entry.medicalInstitutionCode, entry.dataCategories, entry.consentId])).toEqual([
      ['qualification-by-card', '1399999999', ['limit-application', 'qualification'], undefined],
      ['medication-information', '1399999999', ['pharmaceutical'], consentId],
    ]);
    expect(entries[0]?.providedAt).toEqual(new Date('2026-01-12T00:15:00.000Z'));
    expect(history.listForPerson(shiken).map((entry) => entry.facilityName)).toEqual(['見本調剤薬局']);
    expect(history.listForPerson(9999)).toEqual([]);
  });

  it("refuses to cite another facility's or another person's consent", () => {
    const history = createProvisionHistory(store.db);
    const [clinicConsent] = createConsentRepository(store.db).record({
      facilityId: clinic,
      personId: yakushi,
      decisions: [{ category: 'specific-health-checkup', granted: true }],
      consentedAt: new Date('2026-01-13T00:00:00.000Z'),
      source: 'reader-pin',
    });
    const provision = { operation: 'health-checkup-information', dataCategories: ['specific-health-checkup'], consentId: clinicConsent!, providedAt: new Date('2026-01-13T00:01:00.000Z') } as const;
    expect(() => history.append({ ...provision, facilityId: pharmacy, personId: yakushi })).toThrow(/FOREIGN KEY/);
    expect(() => history.append({ ...provision, facilityId: clinic, personId: shiken })).toThrow(/FOREIGN KEY/);
    expect(history.append({ ...provision, facilityId: clinic, personId: yakushi })).toBeGreaterThan(0);
  });

  it('appends refusals with codes only, and lists them by time', () => {
    const audit = createRefusalAudit(store.db);
    const time = new Date('2026-01-12T01:00:00.000Z');
    audit.append({ occurredAt: time, medicalInstitutionCode: '1399999999', operation: 'medication-information', code: 'VIEWING_BLOCKED' });
    audit.append({ occurredAt: new Date(time.getTime() + 1000), medicalInstitutionCode: 'not-a-code', operation: 'qualification-by-card', code: 'UNKNOWN_FACILITY' });
    expect(() => audit.append({ occurredAt: time, operation: 'qualification-by-card', code: '薬師 太郎' })).toThrow(
      expect.objectContaining({ code: 'INVALID_QUERY' }),
    );
    const entries = audit.list({ from: time, to: new Date(time.getTime() + 60_000) });
    expect(entries.map(({ refusalId: _id, ...entry }) => entry)).toEqual([
      { occurredAt: time, medicalInstitutionCode: '1399999999', operation: 'medication-information', code: 'VIEWING_BLOCKED' },
      { occurredAt: new Date(time.getTime() + 1000), operation: 'qualification-by-card', code: 'UNKNOWN_FACILITY' },
    ]);
    expect(audit.list({ from: new Date(time.getTime() + 1001), to: new Date(time.getTime() + 60_000) })).toEqual([]);
  });
});
