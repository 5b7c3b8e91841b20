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
  /** Where the request came from (the peer's address); refusals are counted per source. */
  source?: string;
}

export interface RefusalEntry {
  refusalId: number;
  /** The first refusal of this kind from this source in its minute. */
  occurredAt: Date;
  lastAt: Date;
  /** How many refusals of this kind this source had in that minute. */
  count: number;
  source?: string;
  medicalInstitutionCode?: string;
  operation: RefusalOperation;
  code: string;
}

export interface RefusalPage {
  refusals: RefusalEntry[];
  /** The `after` of the next page; absent on the last page. */
  next?: number;
}

/** The most rows one page of the listing holds. */
export const MAX_REFUSAL_PAGE = 1000;

/**
 * The audit of refused requests: when, from where, which facility, which operation, why (a code).
 * Bounded: the refusals of one source, facility, operation and code within a minute are one row with a
 * count, so a flood costs a row a minute, not a row a request.
 */
export function createRefusalAudit(db: SqliteDatabase) {
  const upsert = db.prepare(`
    INSERT INTO refusals (minute, source, medical_institution_code, operation, code, first_at, last_at, count)
    VALUES (@minute, @source, @facilityCode, @operation, @code, @at, @at, 1)
    ON CONFLICT (minute, source, medical_institution_code, operation, code) DO UPDATE SET count = count + 1, last_at = max(last_at, excluded.last_at)`);
  const page = db.prepare<{ refusalId: number; firstAt: string; lastAt: string; count: number; source: string; medicalInstitutionCode: string; operation: RefusalOperation; code: string }>(`
    SELECT refusal_id AS refusalId, first_at AS firstAt, last_at AS lastAt, count, source, medical_institution_code AS medicalInstitutionCode, operation, code
    FROM refusals WHERE refusal_id > @after AND first_at >= @from AND first_at < @to ORDER BY refusal_id LIMIT @limit`);

  return {
    append(refusal: RefusalInput): void {
      if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(refusal.code)) {
        throw new CentralStoreError('INVALID_QUERY', 'a refusal code is an upper-case identifier');
      }
      const facilityCode = refusal.medicalInstitutionCode;
      const at = toStoredTime(refusal.occurredAt);
      upsert.run({
        minute: at.slice(0, 16),
        source: (refusal.source ?? '').slice(0, 64),
        // A malformed code from the wire is not stored: it could be anything.
        facilityCode: facilityCode !== undefined && /^\d{10}$/.test(facilityCode) ? facilityCode : '',
        operation: refusal.operation,
        code: refusal.code,
        at,
      });
    },

    /** Rows with from <= first occurrence < to, in the order they were written, `limit` at a time after `after`. */
    list(range: { from: Date; to: Date; after?: number; limit?: number }): RefusalPage {
      const limit = Math.min(Math.max(1, Math.trunc(range.limit ?? MAX_REFUSAL_PAGE)), MAX_REFUSAL_PAGE);
      const rows = page.all({ from: toStoredTime(range.from), to: toStoredTime(range.to), after: Math.max(0, Math.trunc(range.after ?? 0)), limit: limit + 1 });
      const refusals = rows.slice(0, limit).map(({ firstAt, lastAt, source, medicalInstitutionCode, ...entry }) => ({
        ...entry,
        occurredAt: fromStoredTime(firstAt),
        lastAt: fromStoredTime(lastAt),
        ...(source === '' ? {} : { source }),
        ...(medicalInstitutionCode === '' ? {} : { medicalInstitutionCode }),
      }));
      const last = refusals.at(-1);
      return rows.length > limit && last !== undefined ? { refusals, next: last.refusalId } : { refusals };
    },
  };
}

export type RefusalAudit = ReturnType<typeof createRefusalAudit>;
