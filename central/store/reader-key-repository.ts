import { createHash } from 'node:crypto';
import type { SqliteDatabase } from './sqlite-driver';

export interface ReaderKey {
  /** Lower-case hex SHA-256 of the SubjectPublicKeyInfo DER: the key's id in a presence proof. */
  spkiSha256: string;
  facilityId: number;
  publicKeySpki: Uint8Array;
}

/**
 * The keys a facility's readers sign their presence attestations with (顔認証, 目視), registered per
 * facility like its client certificate. A key belongs to one facility; registering it again for the
 * same facility changes nothing.
 */
export function createReaderKeyRepository(db: SqliteDatabase) {
  const upsert = db.prepare(`
    INSERT INTO reader_keys (spki_sha256, facility_id, public_key_spki) VALUES (@spkiSha256, @facilityId, @spki)
    ON CONFLICT (spki_sha256) DO UPDATE SET facility_id = excluded.facility_id, public_key_spki = excluded.public_key_spki`);
  const byId = db.prepare<{ facilityId: number; publicKeySpki: Uint8Array }>(
    'SELECT facility_id AS facilityId, public_key_spki AS publicKeySpki FROM reader_keys WHERE spki_sha256 = @spkiSha256',
  );

  return {
    register(facilityId: number, publicKeySpki: Uint8Array): string {
      const spkiSha256 = createHash('sha256').update(publicKeySpki).digest('hex');
      upsert.run({ spkiSha256, facilityId, spki: Buffer.from(publicKeySpki) });
      return spkiSha256;
    },

    find(spkiSha256: string): ReaderKey | undefined {
      const row = byId.get({ spkiSha256: spkiSha256.toLowerCase() });
      return row === undefined ? undefined : { spkiSha256: spkiSha256.toLowerCase(), facilityId: row.facilityId, publicKeySpki: new Uint8Array(row.publicKeySpki) };
    },
  };
}

export type ReaderKeyRepository = ReturnType<typeof createReaderKeyRepository>;
