import type { CentralOperation, ProvidedDataCategory } from './codes';
import { fromStoredTime, toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

export interface ProvisionInput {
  facilityId: number;
  personId: number;
  operation: CentralOperation;
  dataCategories: ReadonlyArray<ProvidedDataCategory>;
  /** The consent that allowed it; absent for 資格情報, whose provision needs none. */
  consentId?: number;
  providedAt: Date;
}

export interface ProvisionEntry {
  provisionId: number;
  medicalInstitutionCode: string;
  facilityName: string;
  operation: CentralOperation;
  dataCategories: ProvidedDataCategory[];
  consentId?: number;
  providedAt: Date;
}

/**
 * What was provided to which facility, when and under which consent: the person's やりとり履歴
 * (マイナポータル). Append-only; read per person, oldest first.
 */
export function createProvisionHistory(db: SqliteDatabase) {
  const insert = db.prepare<{ provisionId: number }>(`
    INSERT INTO provisions (facility_id, person_id, operation, consent_id, provided_at)
    VALUES (@facilityId, @personId, @operation, @consentId, @providedAt) RETURNING provision_id AS provisionId`);
  const insertCategory = db.prepare(
    'INSERT INTO provision_data_categories (provision_id, data_category) VALUES (@provisionId, @category)',
  );
  const ofPerson = db.prepare<{
    provisionId: number;
    medicalInstitutionCode: string;
    facilityName: string;
    operation: CentralOperation;
    consentId: number | null;
    providedAt: string;
  }>(`
    SELECT p.provision_id AS provisionId, f.medical_institution_code AS medicalInstitutionCode, f.name AS facilityName,
      p.operation, p.consent_id AS consentId, p.provided_at AS providedAt
    FROM provisions p JOIN facilities f ON f.facility_id = p.facility_id
    WHERE p.person_id = @personId ORDER BY p.provided_at, p.provision_id`);
  const categoriesOf = db.prepare<{ category: ProvidedDataCategory }>(
    'SELECT data_category AS category FROM provision_data_categories WHERE provision_id = @provisionId ORDER BY data_category',
  );

  const append = db.transaction((input: ProvisionInput): number => {
    const { provisionId } = insert.get({
      facilityId: input.facilityId,
      personId: input.personId,
      operation: input.operation,
      consentId: input.consentId ?? null,
      providedAt: toStoredTime(input.providedAt),
    })!;
    for (const category of new Set(input.dataCategories)) insertCategory.run({ provisionId, category });
    return provisionId;
  });

  return {
    append(input: ProvisionInput): number {
      return append(input);
    },

    /** One person's history only: the person is the sole key, so nobody else's entries can appear. */
    listForPerson(personId: number): ProvisionEntry[] {
      return ofPerson.all({ personId }).map(({ consentId, providedAt, ...entry }) => ({
        ...entry,
        dataCategories: categoriesOf.all({ provisionId: entry.provisionId }).map((row) => row.category),
        ...(consentId === null ? {} : { consentId }),
        providedAt: fromStoredTime(providedAt),
      }));
    },
  };
}

export type ProvisionHistory = ReturnType<typeof createProvisionHistory>;
