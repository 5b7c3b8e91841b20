/**
 * Pure answer builders of the mock central system: store data in, oqs message models out. No I/O and
 * no clock; the caller decides whether data may be shown (consent, 閲覧停止) before calling.
 */
export {
  judgeInsuranceKeyMatches,
  judgeQualification,
  qualificationResultOf,
  resultConsentCategories,
  type ConsentFlags,
  type ConsentWindow,
  type InsuranceKeyJudgement,
  type InsuranceKeyJudgeOptions,
  type QualificationJudgement,
  type QualificationResultOptions,
  type ResultConsentCategory,
} from './qualification-answer';
export { drugInfoAnswerOf, type DrugInfoRequestTerms } from './drug-info-answer';
export { checkupAnswerOf, type CheckupRequestTerms } from './checkup-answer';
