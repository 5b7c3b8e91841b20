import type { CheckupResponse } from '../../oqs';
import type { HealthCheckupRecord } from '../seed/medical-records-schema';
import type { StoredPerson } from '../store';
import { compactDate } from './oqs-values';

/** The parts of a TKKsiquc01req the answer depends on (§6.6). */
export interface CheckupRequestTerms {
  medicalInstitutionCode: string;
  arbitraryFileIdentifier?: string;
}

type CheckupInfo = CheckupResponse['MessageBody']['SpecificHealthCheckupInfo'][number];
type CheckupItem = NonNullable<CheckupInfo['HealthCheckupResultAndQuestionInfos']>[number];

// HL7 CDA value types, as the 特定健診 XML standard uses them: PQ a physical quantity, ST a string.
// §6.6 shows PQ for a number (inferred there); ST for text is our reading of the same convention.
const NUMERIC = 'PQ';
const TEXT = 'ST';

// The 医師記載 fields go out as text items without ItemCode: §7 gives their codes only as prefixes
// (9N056…, 9N061…, 9N066…), and those items are coded 1/2, not the printed sentences we hold.
const FINDINGS: ReadonlyArray<readonly [keyof HealthCheckupRecord['latestFindings'], string]> = [
  ['pastHistory', '既往歴'],
  ['subjectiveSymptoms', '自覚症状'],
  ['objectiveSymptoms', '他覚症状'],
  ['doctorJudgement', '医師の判断'],
];

function itemOf(item: HealthCheckupRecord['items'][number], value: number | string): CheckupItem {
  return {
    // Only the full 17-character code: a 5-character prefix would be an invented code.
    ...(item.itemCode === null ? {} : { ItemCode: item.itemCode }),
    ItemName: item.name,
    DataType: typeof value === 'number' ? NUMERIC : TEXT,
    DataValue: String(value),
    ...(item.unit === null ? {} : { Unit: item.unit }),
  };
}

/**
 * TKKsiquc01res for one person (§6.6): one SpecificHealthCheckupInfo per examination date, newest
 * first, from 特定健診 and 後期高齢者健診 alike; an item the examination did not measure is left out.
 *
 * 受診勧奨判定値 flags (▲/▽) are not written: §6.6/§7 give no element or DataValueName convention for
 * them, and DataValueName is the display name of a coded value, not a judgement. ResultCode is 1
 * with no SpecificHealthCheckupInfo when nothing is on file, as for YZK (see drugInfoAnswerOf).
 */
export function checkupAnswerOf(person: StoredPerson, checkups: readonly HealthCheckupRecord[], request: CheckupRequestTerms): CheckupResponse {
  const itemsByDate = new Map<string, CheckupItem[]>();
  const itemsOn = (date: string) => {
    let items = itemsByDate.get(date);
    if (items === undefined) itemsByDate.set(date, (items = []));
    return items;
  };
  for (const checkup of checkups) {
    checkup.examinations.forEach((examination, index) => {
      const items = itemsOn(compactDate(examination.date));
      for (const item of checkup.items) {
        const result = item.results[index];
        if (result !== null && result !== undefined) items.push(itemOf(item, result.value));
      }
    });
    const findings = checkup.latestFindings;
    itemsOn(compactDate(findings.date)).push(
      ...FINDINGS.map(([field, name]) => ({ ItemName: name, DataType: TEXT, DataValue: findings[field] })),
    );
  }
  const dates = [...itemsByDate.keys()].sort().reverse();
  return {
    MessageHeader: {
      ResultCode: '1',
      MedicalInstitutionCode: request.medicalInstitutionCode,
      ...(request.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: request.arbitraryFileIdentifier }),
      QualificationsInfo: {
        Name: person.name.kanji,
        KanasName: person.name.kana,
        Birthday: compactDate(person.birthDate),
        AdministrativeGenderCode: person.sex,
      },
    },
    MessageBody: {
      SpecificHealthCheckupInfo: dates.map((date) => {
        const items = itemsByDate.get(date) ?? [];
        return { EffectiveTime: date, ...(items.length === 0 ? {} : { HealthCheckupResultAndQuestionInfos: items }) };
      }),
    },
  };
}
