import { toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

export interface StoredBulkReception<Keys, Unit> {
  receptionNumber: string;
  facilityId: number;
  acceptedAt: Date;
  readyAt: Date;
  judgedOn: string;
  arbitraryFileIdentifier?: string;
  keys: Keys[];
  /** Present once the answer was worked out (at the first fetch after readyAt). */
  units?: Unit[];
}

/**
 * 一括照会 receptions in the store: accepted, then answered once and for ever. Keys and units are the
 * oqs message parts as JSON; the store does not look inside them.
 */
export function createBulkReceptionRepository(db: SqliteDatabase) {
  const insert = db.prepare(`
    INSERT INTO bulk_receptions (reception_number, facility_id, accepted_at, ready_at, judged_on, arbitrary_file_identifier, search_keys_json)
    VALUES (@receptionNumber, @facilityId, @acceptedAt, @readyAt, @judgedOn, @arbitraryFileIdentifier, @keys)`);
  const byNumber = db.prepare<{
    facilityId: number;
    acceptedAt: string;
    readyAt: string;
    judgedOn: string;
    arbitraryFileIdentifier: string | null;
    keys: string;
    units: string | null;
  }>(`
    SELECT facility_id AS facilityId, accepted_at AS acceptedAt, ready_at AS readyAt, judged_on AS judgedOn,
      arbitrary_file_identifier AS arbitraryFileIdentifier, search_keys_json AS keys, units_json AS units
    FROM bulk_receptions WHERE reception_number = @receptionNumber`);
  const countOpen = db.prepare<{ open: number }>(
    'SELECT count(*) AS open FROM bulk_receptions WHERE facility_id = @facilityId AND collected_at IS NULL AND ready_at >= @abandonedBefore',
  );
  const saveUnits = db.prepare('UPDATE bulk_receptions SET units_json = @units, collected_at = @collectedAt WHERE reception_number = @receptionNumber AND units_json IS NULL');
  const forget = db.prepare(
    'DELETE FROM bulk_receptions WHERE (collected_at IS NOT NULL AND collected_at < @before) OR (collected_at IS NULL AND ready_at < @abandonedBefore)',
  );

  return {
    add<Keys>(reception: Omit<StoredBulkReception<Keys, never>, 'units'>): void {
      insert.run({
        receptionNumber: reception.receptionNumber,
        facilityId: reception.facilityId,
        acceptedAt: toStoredTime(reception.acceptedAt),
        readyAt: toStoredTime(reception.readyAt),
        judgedOn: reception.judgedOn,
        arbitraryFileIdentifier: reception.arbitraryFileIdentifier ?? null,
        keys: JSON.stringify(reception.keys),
      });
    },

    find<Keys, Unit>(receptionNumber: string): StoredBulkReception<Keys, Unit> | undefined {
      const row = byNumber.get({ receptionNumber });
      if (row === undefined) return undefined;
      return {
        receptionNumber,
        facilityId: row.facilityId,
        acceptedAt: new Date(row.acceptedAt),
        readyAt: new Date(row.readyAt),
        judgedOn: row.judgedOn,
        ...(row.arbitraryFileIdentifier === null ? {} : { arbitraryFileIdentifier: row.arbitraryFileIdentifier }),
        keys: JSON.parse(row.keys) as Keys[],
        ...(row.units === null ? {} : { units: JSON.parse(row.units) as Unit[] }),
      };
    },

    /** Receptions of the facility whose answer has not been collected yet, leaving out those abandoned before `abandonedBefore`. */
    openCount(facilityId: number, abandonedBefore: Date): number {
      return countOpen.get({ facilityId, abandonedBefore: toStoredTime(abandonedBefore) })?.open ?? 0;
    },

    /** Stores the answer unless another process stored one first; true when this one was stored. */
    saveUnits<Unit>(receptionNumber: string, units: Unit[], collectedAt: Date): boolean {
      return saveUnits.run({ receptionNumber, units: JSON.stringify(units), collectedAt: toStoredTime(collectedAt) }).changes === 1;
    },

    /** Drops receptions collected before `before`, and those never collected that were ready before `abandonedBefore`. */
    forget(before: Date, abandonedBefore: Date): void {
      forget.run({ before: toStoredTime(before), abandonedBefore: toStoredTime(abandonedBefore) });
    },
  };
}

export type BulkReceptionRepository = ReturnType<typeof createBulkReceptionRepository>;
