import { toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

/**
 * 照会番号 (the facility's own key for a person, usually its カルテ番号): one per facility and person;
 * registering again replaces the number and its time.
 */
export function createReferenceNumberRepository(db: SqliteDatabase) {
  const upsert = db.prepare(`
    INSERT INTO reference_numbers (facility_id, person_id, reference_number, registered_at)
    VALUES (@facilityId, @personId, @referenceNumber, @registeredAt)
    ON CONFLICT (facility_id, person_id) DO UPDATE SET reference_number = excluded.reference_number, registered_at = excluded.registered_at`);
  const byPerson = db.prepare<{ referenceNumber: string }>(
    'SELECT reference_number AS referenceNumber FROM reference_numbers WHERE facility_id = @facilityId AND person_id = @personId',
  );

  return {
    register(facilityId: number, personId: number, referenceNumber: string, at: Date): void {
      upsert.run({ facilityId, personId, referenceNumber, registeredAt: toStoredTime(at) });
    },

    find(facilityId: number, personId: number): string | undefined {
      return byPerson.get({ facilityId, personId })?.referenceNumber;
    },
  };
}

export type ReferenceNumberRepository = ReturnType<typeof createReferenceNumberRepository>;
