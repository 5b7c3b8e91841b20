import type { QualificationValidity } from '../../oqs';
import type { InsuranceKeyMatch, StoredInsuranceRecord, StoredPerson } from '../store';
import { compactDate } from './oqs-values';

/**
 * QualificationValidity (oqs-interface.md §3.2, OQSCD006) decided by date. The store's `active` only
 * says "no 資格喪失日 on file"; a 喪失日 is the first day without cover, so a record is in force on D
 * when QualificationDate ≤ D < DisqualificationDate. A record starting after D is not yet in force.
 */

export interface QualificationJudgement {
  validity: QualificationValidity;
  /** The records for ResultList, newest first; empty for 4. */
  records: StoredInsuranceRecord[];
}

export interface InsuranceKeyJudgement {
  validity: QualificationValidity;
  results: InsuranceKeyMatch[];
}

export interface InsuranceKeyJudgeOptions {
  /**
   * Every record of a matched person. With it, keys that hit a lost record of someone insured
   * elsewhere since then answer 3 (stale keys); without it only the matched records are known.
   */
  recordsOf?: (person: StoredPerson) => readonly StoredInsuranceRecord[];
}

type RecordState = 'in-force' | 'lost' | 'not-yet';

function stateOn(record: StoredInsuranceRecord, judgedOn: string): RecordState {
  if (compactDate(record.QualificationDate) > judgedOn) return 'not-yet';
  if (record.DisqualificationDate !== undefined && compactDate(record.DisqualificationDate) <= judgedOn) return 'lost';
  return 'in-force';
}

/** What the rules look at: the candidate records sorted into in force and lost, on one date. */
interface Situation {
  inForce: InsuranceKeyMatch[];
  /** Latest loss first. */
  lost: InsuranceKeyMatch[];
  /** Whether the person of the latest lost record has a newer record that is not itself lost. */
  hasSuccessor: boolean;
}

interface ValidityRule {
  /** Why, for the reader of the table. */
  readonly label: string;
  readonly applies: (situation: Situation) => boolean;
  readonly validity: (situation: Situation) => QualificationValidity;
  readonly results: (situation: Situation) => InsuranceKeyMatch[];
}

/** First match wins; the last rule always applies. */
const VALIDITY_RULES: readonly ValidityRule[] = [
  {
    label: '複数該当: two or more in force, all listed for staff to choose',
    applies: ({ inForce }) => inForce.length >= 2,
    validity: () => '5',
    results: ({ inForce }) => inForce,
  },
  {
    label: 'one in force: 有効, or for 医療扶助 the answer the person is set up with (1 or 有効（未登録） 6)',
    applies: ({ inForce }) => inForce.length === 1,
    validity: ({ inForce }) => medicalAidAware(inForce[0]!),
    results: ({ inForce }) => inForce,
  },
  {
    label: '無効（新しい資格あり）: lost, and a newer qualification exists',
    applies: ({ lost, hasSuccessor }) => lost.length > 0 && hasSuccessor,
    validity: () => '3',
    results: ({ lost }) => lost.slice(0, 1),
  },
  {
    label: '無効: only lost records; the latest one shows 喪失日 and 事由',
    applies: ({ lost }) => lost.length > 0,
    validity: () => '2',
    results: ({ lost }) => lost.slice(0, 1),
  },
  {
    label: '該当資格なし: nothing on file, or nothing started yet',
    applies: () => true,
    validity: () => '4',
    results: () => [],
  },
];

function medicalAidAware({ person, record }: InsuranceKeyMatch): QualificationValidity {
  if (record.InsuredCardClassification !== 'A1') return '1';
  return person.qualification.QualificationValidity === '6' ? '6' : '1';
}

function assertJudgedOn(judgedOn: string): void {
  if (!/^\d{8}$/.test(judgedOn)) throw new RangeError(`judgedOn must be yyyyMMdd: ${JSON.stringify(judgedOn)}`);
}

const newestFirst = (left: InsuranceKeyMatch, right: InsuranceKeyMatch) =>
  right.record.QualificationDate.localeCompare(left.record.QualificationDate);
const latestLossFirst = (left: InsuranceKeyMatch, right: InsuranceKeyMatch) =>
  (right.record.DisqualificationDate ?? '').localeCompare(left.record.DisqualificationDate ?? '');

function judge(
  candidates: readonly InsuranceKeyMatch[],
  judgedOn: string,
  othersOf: (person: StoredPerson) => readonly StoredInsuranceRecord[],
): { validity: QualificationValidity; results: InsuranceKeyMatch[] } {
  assertJudgedOn(judgedOn);
  const inForce = candidates.filter(({ record }) => stateOn(record, judgedOn) === 'in-force').sort(newestFirst);
  const lost = candidates.filter(({ record }) => stateOn(record, judgedOn) === 'lost').sort(latestLossFirst);
  const latestLost = lost[0];
  const hasSuccessor =
    latestLost !== undefined &&
    [...othersOf(latestLost.person), ...candidates.filter(({ person }) => person.personId === latestLost.person.personId).map(({ record }) => record)].some(
      (record) => record.QualificationDate > latestLost.record.QualificationDate && stateOn(record, judgedOn) !== 'lost',
    );
  const situation: Situation = { inForce, lost, hasSuccessor };
  const rule = VALIDITY_RULES.find((candidate) => candidate.applies(situation))!;
  return { validity: rule.validity(situation), results: rule.results(situation) };
}

/**
 * 資格確認 by card: every record of the person found by their certificate, judged on `judgedOn`
 * (yyyyMMdd, the request's QualificationConfirmationDate). No person is 該当資格なし.
 */
export function judgeQualification(
  found: { person: StoredPerson; records: readonly StoredInsuranceRecord[] } | undefined,
  judgedOn: string,
): QualificationJudgement {
  if (found === undefined) {
    assertJudgedOn(judgedOn);
    return { validity: '4', records: [] };
  }
  const { validity, results } = judge(
    found.records.map((record) => ({ person: found.person, record })),
    judgedOn,
    () => [],
  );
  return { validity, records: results.map(({ record }) => record) };
}

/** 個別照会: the records whose 記号番号 and 生年月日 matched (PersonLookup.findByInsuranceKeys). */
export function judgeInsuranceKeyMatches(
  matches: readonly InsuranceKeyMatch[],
  judgedOn: string,
  options: InsuranceKeyJudgeOptions = {},
): InsuranceKeyJudgement {
  const { validity, results } = judge(matches, judgedOn, options.recordsOf ?? (() => []));
  return { validity, results };
}
