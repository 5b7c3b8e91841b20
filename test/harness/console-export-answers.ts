import { checkupAnswerOf, drugInfoAnswerOf } from '../../central/answers';
import type { HealthCheckupRecord } from '../../central/seed/medical-records-schema';
import { createMedicalRecordsReader, createPersonLookup, type StoredPerson } from '../../central/store';
import { openSeededTempStore, type TempStore } from '../../central/store/testing/temp-store';
import { checkupResponse, drugInfoResponse, type CheckupResponse, type DrugInfoResponse } from '../../oqs';

/**
 * The 薬剤情報 and 特定健診 answers of the mock central system for fixture people, as the terminal
 * receives them: built by the mock's answer functions from a seeded store, written as Shift_JIS XML
 * and parsed back with the terminal's codec. For the console export tests and benchmark.
 */
export const EXPORT_FACILITY = '1399999999';

export interface ExportAnswers {
  drugInfo(personId: string, startMonth: string, endMonth: string): DrugInfoResponse;
  checkup(personId: string): CheckupResponse;
  dispose(): void;
}

export async function openExportAnswers(): Promise<ExportAnswers> {
  const store: TempStore = await openSeededTempStore();
  const people = createPersonLookup(store.db);
  const records = createMedicalRecordsReader(store.db);
  const personOf = (id: string): StoredPerson => {
    const found = people.findByExternalId(id);
    if (found === undefined) throw new Error(`no fixture person ${id}`);
    return found.person;
  };
  return {
    drugInfo(id, startMonth, endMonth) {
      const person = personOf(id);
      const answer = drugInfoAnswerOf(person, records.medication(person.personId), { medicalInstitutionCode: EXPORT_FACILITY, startMonth, endMonth });
      return drugInfoResponse.parse(drugInfoResponse.build(answer, { encoding: 'Shift_JIS' }).bytes);
    },
    checkup(id) {
      const person = personOf(id);
      const checkups = [records.healthCheckup(person.personId, 'specific'), records.healthCheckup(person.personId, 'late-elderly')].filter(
        (checkup): checkup is HealthCheckupRecord => checkup !== undefined,
      );
      const answer = checkupAnswerOf(person, checkups, { medicalInstitutionCode: EXPORT_FACILITY });
      return checkupResponse.parse(checkupResponse.build(answer, { encoding: 'Shift_JIS' }).bytes);
    },
    dispose: () => store.dispose(),
  };
}
