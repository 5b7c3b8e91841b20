// The staff console's 照会 (個別照会 and 一括照会): the routes plugin and the parts a page or another
// console feature reuses (the 資格 view, the key checks, the CSV import and export).
export { registerInquiryRoutes, DEFAULT_INQUIRY_SETTINGS, type InquiryRouteOptions, type InquirySettings } from './inquiry-routes';
export {
  notAnswered,
  personView,
  qualificationViewOfBulkUnit,
  qualificationViewOfCardAnswer,
  qualificationViewOfResponse,
  STAFF_ACTION_OF_VALIDITY,
  type CodeView,
  type PersonQualificationView,
  type QualificationView,
  type QualificationViewKind,
  type StaffAction,
  type StaffActionCode,
} from './qualification-view';
export { checkInsuranceKeys, type InsuranceKeyCheck, type InsuranceKeyInput, type InsuranceKeyProblem, type InsuranceKeys } from './insurance-key-checks';
export { APPOINTMENT_COLUMNS, APPOINTMENT_TEMPLATE_HEADER, DEFAULT_CSV_LIMITS, importAppointmentCsv, type AppointmentCsvImport } from './appointment-csv';
export { resultsCsv, RESULTS_CSV_HEADER, type ResultsCsvEncoding } from './results-csv';
export { BulkInquiryJob, type BulkJobProgress, type BulkJobState, type BulkRowOutcome, type BulkRowResult } from './bulk-inquiry-job';
export { DEFAULT_BULK_JOB_LIMITS, type BulkJobLimits } from './bulk-inquiry-jobs';
export { keyedSubjectPseudonym, storeInquiryAudit, type InquiryAudit, type InquiryAuditEntry } from './inquiry-audit';
export type { InquiryCentral } from './inquiry-central';
