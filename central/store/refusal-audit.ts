import type { RefusalOperation } from './codes';
import { CentralStoreError } from './errors';
import { fromStoredTime, toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

export interface RefusalInput {
  occurredAt: Date;
  /** The requesting facility's code as received; may be one the store does not know. */
  medicalInstitutionCode?: string;
  operation: RefusalOperation;
  /** An upper-case identifier such as NO_CONSENT or VIEWING_BLOCKED; never personal data. */
  code: string;
}

export interface RefusalEntry extends RefusalInput {
  refusalId: number;
}

/** The audit of refused requests: when, which facility, which operation, why (a code). */
export function createRefusalAudit(db: SqliteDatabase) {
  const insert = db.prepare<{ refusalId: number }>(`
    INSERT INTO refusals (occurred_at, medical_institution_code, operation, code)
    VALUES (@occurredAt, @facilityCode, @operation, @code) RETURNING refusal_id AS refusalId`);
  const between = db.prepare<{ refusalId: number; occurredAt: string; medicalInstitutionCode: string | null; operation: RefusalOperation; code: string }>(`
    SELECT refusal_id AS refusalId, occurred_at AS occurredAt, medical_institution_code AS medicalInstitutionCode, operation, code
    FROM refusals WHERE occurred_at >= @from AND occurred_at < @to ORDER BY occurred_at, refusal_id`);

  return {
    append(refusal: RefusalInput): number {
      if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(refusal.code)) {
        throw new CentralStoreError('INVALID_QUERY', 'a refusal code is an upper-case identifier');
      }
      const facilityCode = refusal.medicalInstitutionCode;
      return insert.get({
        occurredAt: toStoredTime(refusal.occurredAt),
        // A malformed code from the wire is not stored: it could be anything.
        facilityCode: facilityCode !== undefined && /^\d{10}$/.test(facilityCode) ? facilityCode : null,
        operation: refusal.operation,
        code: refusal.code,
      })!.refusalId;
    },

    /** Refusals with from <= occurredAt < to. */
    list(range: { from: Date; to: Date }): RefusalEntry[] {
      return between.all({ from: toStoredTime(range.from), to: toStoredTime(range.to) }).map(({ medicalInstitutionCode, occurredAt, ...entry }) => ({
        ...entry,
        occurredAt: fromStoredTime(occurredAt),
        ...(medicalInstitutionCode === null ? {} : { medicalInstitutionCode }),
      }));
    },
  };
}

export type RefusalAudit = ReturnType<typeof createRefusalAudit>;
