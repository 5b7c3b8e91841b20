import { CentralStoreError } from './errors';
import type { SqliteDatabase } from './sqlite-driver';

export interface Facility {
  facilityId: number;
  /** 医療機関コード, 10 digits. */
  medicalInstitutionCode: string;
  name: string;
  /** SHA-256 (hex) of the facility's mutual-TLS client certificate; a placeholder until checked. */
  clientCertificateSha256?: string;
}

export type FacilityInput = Omit<Facility, 'facilityId'>;

/** 医療機関・薬局 known to the central system, keyed by 医療機関コード. */
export function createFacilityRepository(db: SqliteDatabase) {
  const upsert = db.prepare<{ facilityId: number }>(`
    INSERT INTO facilities (medical_institution_code, name, client_certificate_sha256)
    VALUES (@code, @name, @fingerprint)
    ON CONFLICT (medical_institution_code) DO UPDATE SET name = excluded.name,
      client_certificate_sha256 = excluded.client_certificate_sha256
    RETURNING facility_id AS facilityId`);
  const byCode = db.prepare<{ facilityId: number; medicalInstitutionCode: string; name: string; fingerprint: string | null }>(`
    SELECT facility_id AS facilityId, medical_institution_code AS medicalInstitutionCode, name,
      client_certificate_sha256 AS fingerprint
    FROM facilities WHERE medical_institution_code = @code`);

  return {
    /** Adds the facility, or updates name and fingerprint of the one with this code. */
    register(facility: FacilityInput): number {
      if (!/^\d{10}$/.test(facility.medicalInstitutionCode)) {
        throw new CentralStoreError('INVALID_QUERY', '医療機関コード must be 10 digits');
      }
      return upsert.get({
        code: facility.medicalInstitutionCode,
        name: facility.name,
        fingerprint: facility.clientCertificateSha256?.toLowerCase() ?? null,
      })!.facilityId;
    },

    findByCode(medicalInstitutionCode: string): Facility | undefined {
      const row = byCode.get({ code: medicalInstitutionCode });
      if (!row) return undefined;
      const { fingerprint, ...facility } = row;
      return fingerprint === null ? facility : { ...facility, clientCertificateSha256: fingerprint };
    },
  };
}

export type FacilityRepository = ReturnType<typeof createFacilityRepository>;
