import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsentRepository } from './consent-repository';
import { createFacilityRepository } from './facility-repository';
import { createPersonLookup } from './person-lookup';
import { createProvisionHistory } from './provision-history';
import { createRefusalAudit } from './refusal-audit';
import { openSeededTempStore } from './testing/temp-store';
import type { TempStore } from './testing/temp-store';

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
    const entries = audit.list({ from: time, to: new Date(time.getTime() + 60_000) }).refusals;
    expect(entries.map(({ refusalId: _id, ...entry }) => entry)).toEqual([
      { occurredAt: time, lastAt: time, count: 1, medicalInstitutionCode: '1399999999', operation: 'medication-information', code: 'VIEWING_BLOCKED' },
      { occurredAt: new Date(time.getTime() + 1000), lastAt: new Date(time.getTime() + 1000), count: 1, operation: 'qualification-by-card', code: 'UNKNOWN_FACILITY' },
    ]);
    expect(audit.list({ from: new Date(time.getTime() + 1001), to: new Date(time.getTime() + 60_000) }).refusals).toEqual([]);
  });

  it('counts the refusals of one source, facility, operation and code in a minute in one row', () => {
    const audit = createRefusalAudit(store.db);
    const minute = new Date('2026-02-01T03:04:00.000Z');
    for (let second = 0; second < 1000; second += 1) {
      audit.append({ occurredAt: new Date(minute.getTime() + (second % 60) * 1000), operation: 'unrouted', code: 'NOT_FOUND', source: '127.0.0.1' });
    }
    audit.append({ occurredAt: minute, operation: 'unrouted', code: 'NOT_FOUND', source: '127.0.0.2' });
    audit.append({ occurredAt: new Date(minute.getTime() + 60_000), operation: 'unrouted', code: 'NOT_FOUND', source: '127.0.0.1' });
    const { refusals } = audit.list({ from: minute, to: new Date(minute.getTime() + 120_000) });
    expect(refusals.map(({ source, count, occurredAt }) => [source, count, occurredAt.toISOString()])).toEqual([
      ['127.0.0.1', 1000, '2026-02-01T03:04:00.000Z'],
      ['127.0.0.2', 1, '2026-02-01T03:04:00.000Z'],
      ['127.0.0.1', 1, '2026-02-01T03:05:00.000Z'],
    ]);
    expect(refusals[0]?.lastAt.toISOString()).toBe('2026-02-01T03:04:59.000Z');
  });

  it('pages the listing: every row exactly once, in order', () => {
    const audit = createRefusalAudit(store.db);
    const start = new Date('2026-03-01T00:00:00.000Z');
    for (let minute = 0; minute < 25; minute += 1) audit.append({ occurredAt: new Date(start.getTime() + minute * 60_000), operation: 'unrouted', code: 'NOT_FOUND' });
    const range = { from: start, to: new Date(start.getTime() + 25 * 60_000) };
    const seen: number[] = [];
    let after: number | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = audit.list({ ...range, limit: 7, ...(after === undefined ? {} : { after }) });
      seen.push(...page.refusals.map((entry) => entry.refusalId));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
