import { insurerKinds } from '../../seed/insurance-record-schema';
import { qualificationScenarios } from '../../seed/person-schema';
import { sqlList } from '../codes';
import type { Migration } from './migration';
import { booleanCheck, digitsCheck, isoDateCheck, isoMonthCheck, yenCheck } from './sql-checks';

/**
 * 被保険者 identity, the 利用者証明用電子証明書 each card was linked with at 初回登録, and the insurance
 * records with every ResultOfQualificationConfirmation element the fixtures carry (oqs-interface.md §5).
 * Column names follow the XML element names in snake case so the mapping stays mechanical.
 */
const ratio = (column: string) => `${column} IN ('010', '020', '030')`;

export const identityAndInsurance: Migration = {
  version: 1,
  name: '001-identity-and-insurance',
  sql: `
CREATE TABLE persons (
  person_id INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL UNIQUE CHECK (external_id GLOB '[a-z]*' AND external_id NOT GLOB '*[^a-z-]*'),
  fixture_sha256 TEXT NOT NULL CHECK (length(fixture_sha256) = 64),
  name_kanji TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  name_kana_full_width TEXT NOT NULL,
  birth_date TEXT NOT NULL CHECK (${isoDateCheck('birth_date')}),
  sex TEXT NOT NULL CHECK (sex IN ('1', '2', '3')),
  post_code TEXT NOT NULL CHECK (post_code GLOB '[0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  address TEXT NOT NULL,
  late_elderly INTEGER NOT NULL CHECK (${booleanCheck('late_elderly')}),
  card_kind TEXT NOT NULL CHECK (card_kind IN ('standard', 'face-only')),
  qualification_scenario TEXT NOT NULL CHECK (qualification_scenario IN (${sqlList(qualificationScenarios)})),
  qualification_validity TEXT NOT NULL CHECK (qualification_validity IN ('1', '2', '3', '4', '5', '6')),
  -- 本人確認判定 after the 2024 J-LIS re-check; a mismatch blocks オン資 viewing (reader-flow.md §8).
  identity_check TEXT NOT NULL CHECK (identity_check IN ('matched', 'mismatched', 'unchecked')),
  viewing_blocked INTEGER NOT NULL CHECK (${booleanCheck('viewing_blocked')})
) STRICT;

CREATE TABLE certificate_links (
  certificate_link_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons (person_id) ON DELETE CASCADE,
  certificate_kind TEXT NOT NULL CHECK (certificate_kind IN ('user-auth')),
  issuer_generation TEXT NOT NULL CHECK (${isoDateCheck('issuer_generation')}),
  serial_number_hex TEXT NOT NULL CHECK (serial_number_hex GLOB '[0-9A-F]*' AND serial_number_hex NOT GLOB '*[^0-9A-F]*'),
  subject_id TEXT NOT NULL,
  certificate_sha256 TEXT NOT NULL CHECK (length(certificate_sha256) = 64 AND certificate_sha256 NOT GLOB '*[^0-9a-f]*'),
  not_before TEXT NOT NULL,
  not_after TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX certificate_links_by_serial ON certificate_links (issuer_generation, serial_number_hex);
CREATE UNIQUE INDEX certificate_links_by_hash ON certificate_links (certificate_sha256);
CREATE INDEX certificate_links_by_person ON certificate_links (person_id);

CREATE TABLE insurance_records (
  insurance_record_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons (person_id) ON DELETE CASCADE,
  -- Fixture order, newest first.
  position INTEGER NOT NULL CHECK (position >= 0),
  insurer_kind TEXT NOT NULL CHECK (insurer_kind IN (${sqlList(insurerKinds)})),
  insured_card_classification TEXT NOT NULL
    CHECK (insured_card_classification IN ('01', '02', '03', '04', '05', '06', '07', 'A1')),
  -- Unpadded: 6 digits for 国保, 8 for everything else.
  insurer_number TEXT NOT NULL CHECK (${digitsCheck('insurer_number', 6)} OR ${digitsCheck('insurer_number', 8)}),
  insurer_name TEXT NOT NULL,
  insured_card_symbol TEXT CHECK (length(insured_card_symbol) BETWEEN 1 AND 20),
  insured_identification_number TEXT NOT NULL CHECK (length(insured_identification_number) BETWEEN 1 AND 20),
  insured_branch_number TEXT CHECK (${digitsCheck('insured_branch_number', 2)}),
  personal_family_classification TEXT CHECK (personal_family_classification IN ('1', '2')),
  insured_name TEXT,
  qualification_date TEXT NOT NULL CHECK (${isoDateCheck('qualification_date')}),
  disqualification_date TEXT CHECK (${isoDateCheck('disqualification_date')}),
  reason_of_loss TEXT CHECK (reason_of_loss IN ('01', '02', '03', '99')),
  insured_certificate_issuance_date TEXT CHECK (${isoDateCheck('insured_certificate_issuance_date')}),
  insured_card_valid_date TEXT CHECK (${isoDateCheck('insured_card_valid_date')}),
  insured_card_expiration_date TEXT CHECK (${isoDateCheck('insured_card_expiration_date')}),
  insured_partial_contribution_ratio TEXT CHECK (${ratio('insured_partial_contribution_ratio')}),
  elderly_recipient_certificate_date TEXT CHECK (${isoDateCheck('elderly_recipient_certificate_date')}),
  elderly_recipient_valid_start_date TEXT CHECK (${isoDateCheck('elderly_recipient_valid_start_date')}),
  elderly_recipient_valid_end_date TEXT CHECK (${isoDateCheck('elderly_recipient_valid_end_date')}),
  elderly_recipient_contribution_ratio TEXT CHECK (${ratio('elderly_recipient_contribution_ratio')}),
  limit_application_certificate_classification TEXT
    CHECK (limit_application_certificate_classification IN ('01', '02', '03')),
  limit_application_certificate_classification_flag TEXT
    CHECK (limit_application_certificate_classification_flag GLOB '[AB][0-9][0-9]'),
  limit_application_certificate_date TEXT CHECK (${isoDateCheck('limit_application_certificate_date')}),
  limit_application_certificate_valid_start_date TEXT CHECK (${isoDateCheck('limit_application_certificate_valid_start_date')}),
  limit_application_certificate_valid_end_date TEXT CHECK (${isoDateCheck('limit_application_certificate_valid_end_date')}),
  limit_application_certificate_long_term_date TEXT CHECK (${isoDateCheck('limit_application_certificate_long_term_date')}),
  welfare_office_name TEXT,
  public_expense_number TEXT CHECK (${digitsCheck('public_expense_number', 8)}),
  beneficiary_number TEXT CHECK (${digitsCheck('beneficiary_number', 7)}),
  UNIQUE (person_id, position),
  CHECK ((disqualification_date IS NULL) = (reason_of_loss IS NULL)),
  CHECK ((insurer_kind = 'medical-aid') = (insured_card_classification = 'A1')),
  CHECK ((elderly_recipient_certificate_date IS NULL) = (elderly_recipient_contribution_ratio IS NULL)),
  CHECK ((limit_application_certificate_classification IS NULL) = (limit_application_certificate_classification_flag IS NULL))
) STRICT;
CREATE INDEX insurance_records_by_person ON insurance_records (person_id, position);
-- 個別照会: InsurerNumber + 番号 narrow to a handful of rows; 記号, 枝番 and 生年月日 are checked after.
CREATE INDEX insurance_records_by_keys ON insurance_records (insurer_number, insured_identification_number);

CREATE TABLE specific_disease_certificates (
  insurance_record_id INTEGER NOT NULL REFERENCES insurance_records (insurance_record_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  disease_category TEXT NOT NULL CHECK (disease_category IN ('1', '2', '3')),
  certificate_date TEXT NOT NULL CHECK (${isoDateCheck('certificate_date')}),
  valid_start_date TEXT NOT NULL CHECK (${isoDateCheck('valid_start_date')}),
  valid_end_date TEXT CHECK (${isoDateCheck('valid_end_date')}),
  self_pay INTEGER NOT NULL CHECK (${yenCheck('self_pay')}),
  PRIMARY KEY (insurance_record_id, position)
) STRICT;

-- 医療券・調剤券 (PublicExpenseResultList/MedicalTicketInfo); coded fields with unpublished lists are left out.
CREATE TABLE medical_tickets (
  insurance_record_id INTEGER NOT NULL REFERENCES insurance_records (insurance_record_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  valid_date TEXT NOT NULL CHECK (${isoDateCheck('valid_date')}),
  expiration_date TEXT NOT NULL CHECK (${isoDateCheck('expiration_date')}),
  issue_number TEXT NOT NULL,
  medical_treatment_month TEXT NOT NULL CHECK (${isoMonthCheck('medical_treatment_month')}),
  designated_medical_institution_code TEXT NOT NULL CHECK (${digitsCheck('designated_medical_institution_code', 10)}),
  designated_medical_institution_name TEXT NOT NULL,
  prescription_issuer_medical_institution_code TEXT CHECK (${digitsCheck('prescription_issuer_medical_institution_code', 10)}),
  prescription_issuer_medical_institution_name TEXT,
  injury_name1 TEXT,
  injury_name2 TEXT,
  injury_name3 TEXT,
  self_pay_amount INTEGER NOT NULL CHECK (${yenCheck('self_pay_amount')}),
  district_contact_name TEXT,
  handling_contact_name TEXT,
  remarks1 TEXT,
  remarks2 TEXT,
  remarks3 TEXT,
  PRIMARY KEY (insurance_record_id, position)
) STRICT;
`,
};
