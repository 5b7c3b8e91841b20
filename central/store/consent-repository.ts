import { CONSENT_VALIDITY_MS, consentCategories } from './codes';
import type { ConsentCategory, ConsentSource } from './codes';
import { fromStoredTime, toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

export interface ConsentDecision {
  category: ConsentCategory;
  /** false: declined at this reading, which also ends an earlier consent of the category. */
  granted: boolean;
}

export interface RecordConsentsInput {
  facilityId: number;
  personId: number;
  decisions: ReadonlyArray<ConsentDecision>;
  /** When the patient answered on the reader; the store never reads the clock. */
  consentedAt: Date;
  source: ConsentSource;
}

export interface StoredConsent {
  consentId: number;
  facilityId: number;
  personId: number;
  category: ConsentCategory;
  consentedAt: Date;
  /** consentedAt + 24 h, exclusive. */
  expiresAt: Date;
  source: ConsentSource;
}

/**
 * 閲覧同意 per facility, person and category, valid for 24 hours from the reading. Every query is
 * scoped to one facility: a consent given at one clinic is never visible to another.
 */
export function createConsentRepository(db: SqliteDatabase) {
  const insert = db.prepare<{ consentId: number }>(`
    INSERT INTO consents (facility_id, person_id, category, granted, consented_at, expires_at, source)
    VALUES (@facilityId, @personId, @category, @granted, @consentedAt, @expiresAt, @source)
    RETURNING consent_id AS consentId`);
  // Per category the latest decision made at or before @at decides; it counts while @at < expires_at.
  const validAt = db.prepare<{
    consentId: number;
    facilityId: number;
    personId: number;
    category: ConsentCategory;
    consentedAt: string;
    expiresAt: string;
    source: ConsentSource;
  }>(`
    WITH category (name) AS (VALUES ${consentCategories.map((name) => `('${name}')`).join(', ')})
    SELECT c.consent_id AS consentId, c.facility_id AS facilityId, c.person_id AS personId, c.category,
      c.consented_at AS consentedAt, c.expires_at AS expiresAt, c.source
    FROM category JOIN consents c ON c.consent_id = (
      -- The latest answer of the category up to @at decides: one index step per category, however many
      -- readings the person had.
      SELECT latest.consent_id FROM consents latest
      WHERE latest.facility_id = @facilityId AND latest.person_id = @personId AND latest.category = category.name AND latest.consented_at <= @at
      ORDER BY latest.consented_at DESC, latest.consent_id DESC LIMIT 1)
    WHERE c.granted = 1 AND @at < c.expires_at
    ORDER BY c.category`);

  const record = db.transaction((input: RecordConsentsInput): number[] => {
    const consentedAt = toStoredTime(input.consentedAt);
    const expiresAt = toStoredTime(new Date(input.consentedAt.getTime() + CONSENT_VALIDITY_MS));
    return input.decisions.map(
      (decision) =>
        insert.get({
          facilityId: input.facilityId,
          personId: input.personId,
          category: decision.category,
          granted: decision.granted ? 1 : 0,
          consentedAt,
          expiresAt,
          source: input.source,
        })!.consentId,
    );
  });

  /** Consents of this facility for this person in force at `at`, one per category at most. */
  const findValid = (query: { facilityId: number; personId: number; at: Date }): StoredConsent[] =>
    validAt.all({ facilityId: query.facilityId, personId: query.personId, at: toStoredTime(query.at) }).map((row) => ({
      ...row,
      consentedAt: fromStoredTime(row.consentedAt),
      expiresAt: fromStoredTime(row.expiresAt),
    }));

  return {
    /** Stores one reading's decisions atomically; returns their consent ids in input order. */
    record(input: RecordConsentsInput): number[] {
      return record(input);
    },

    findValid,

    /** The consent in force for one category, or undefined: the gate before 薬剤/健診 data leaves. */
    findValidFor(query: { facilityId: number; personId: number; category: ConsentCategory; at: Date }): StoredConsent | undefined {
      return findValid(query).find((consent) => consent.category === query.category);
    },
  };
}

export type ConsentRepository = ReturnType<typeof createConsentRepository>;
