import { checkupKinds, sqlList } from '../codes';
import type { Migration } from './migration';
import { booleanCheck, isoDateCheck, isoMonthCheck, yenCheck } from './sql-checks';

/**
 * The records the central system can show a facility (薬剤情報, 特定健診 / 後期高齢者健診) or the
 * person (医療費通知), shaped after the マイナポータル printouts the fixtures come from
 * (central/seed/medical-records-schema.ts). `position` keeps the printed order.
 */
const amounts = (prefix: string) =>
  ['total_cost', 'insurer_paid', 'other_public_expense', 'patient_share']
    .map((name) => `${prefix}${name} INTEGER NOT NULL CHECK (${yenCheck(`${prefix}${name}`)})`)
    .join(',\n  ');

export const medicalRecords: Migration = {
  version: 2,
  name: '002-medical-records',
  sql: `
CREATE TABLE medication_summaries (
  person_id INTEGER PRIMARY KEY REFERENCES persons (person_id) ON DELETE CASCADE,
  created_on TEXT CHECK (${isoDateCheck('created_on')}),
  period_from TEXT NOT NULL CHECK (${isoMonthCheck('period_from')}),
  period_to TEXT NOT NULL CHECK (${isoMonthCheck('period_to')}),
  generic_savings_total INTEGER NOT NULL CHECK (${yenCheck('generic_savings_total')})
) STRICT;

CREATE TABLE dispensings (
  dispensing_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES medication_summaries (person_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  dispensed_on TEXT NOT NULL CHECK (${isoDateCheck('dispensed_on')}),
  pharmacy TEXT NOT NULL,
  prescriber TEXT NOT NULL,
  UNIQUE (person_id, position)
) STRICT;
CREATE INDEX dispensings_by_person_date ON dispensings (person_id, dispensed_on);

CREATE TABLE dispensed_drugs (
  dispensing_id INTEGER NOT NULL REFERENCES dispensings (dispensing_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  route TEXT NOT NULL CHECK (route IN ('内服', '外用', '頓服', '注射')),
  mark TEXT CHECK (length(mark) BETWEEN 1 AND 2),
  name TEXT NOT NULL,
  usage TEXT NOT NULL,
  quantity TEXT NOT NULL,
  self_pay INTEGER CHECK (${yenCheck('self_pay')}),
  generic_savings INTEGER CHECK (${yenCheck('generic_savings')}),
  drug_code TEXT CHECK (drug_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
  -- The seed gives no drug codes: any code is made up and must say so.
  drug_code_synthetic INTEGER NOT NULL CHECK (${booleanCheck('drug_code_synthetic')}),
  PRIMARY KEY (dispensing_id, position),
  CHECK ((drug_code IS NULL) = (drug_code_synthetic = 0))
) STRICT;

CREATE TABLE checkup_records (
  checkup_record_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons (person_id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN (${sqlList(checkupKinds)})),
  created_on TEXT NOT NULL CHECK (${isoDateCheck('created_on')}),
  findings_date TEXT NOT NULL CHECK (${isoDateCheck('findings_date')}),
  past_history TEXT NOT NULL,
  subjective_symptoms TEXT NOT NULL,
  objective_symptoms TEXT NOT NULL,
  doctor_judgement TEXT NOT NULL,
  UNIQUE (person_id, kind)
) STRICT;

CREATE TABLE checkup_examinations (
  checkup_examination_id INTEGER PRIMARY KEY,
  checkup_record_id INTEGER NOT NULL REFERENCES checkup_records (checkup_record_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  examined_on TEXT NOT NULL CHECK (${isoDateCheck('examined_on')}),
  institution TEXT NOT NULL,
  UNIQUE (checkup_record_id, position),
  UNIQUE (checkup_record_id, examined_on)
) STRICT;

CREATE TABLE checkup_items (
  checkup_item_id INTEGER PRIMARY KEY,
  checkup_record_id INTEGER NOT NULL REFERENCES checkup_records (checkup_record_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  item_group TEXT NOT NULL,
  name TEXT NOT NULL,
  -- The 17-character 特定健診 項目コード, or only its first five characters where that is all we know.
  item_code TEXT CHECK (length(item_code) = 17 AND item_code NOT GLOB '*[^0-9A-Z]*'),
  item_code_prefix TEXT CHECK (length(item_code_prefix) = 5 AND item_code_prefix NOT GLOB '*[^0-9A-Z]*'),
  unit TEXT,
  referral_threshold TEXT,
  UNIQUE (checkup_record_id, position),
  UNIQUE (checkup_record_id, item_group, name),
  CHECK (item_code IS NULL OR item_code_prefix IS NULL)
) STRICT;
CREATE INDEX checkup_items_by_code ON checkup_items (item_code);

-- One cell of the printout: an item's value at one examination. A blank cell (—) has no row.
CREATE TABLE checkup_values (
  checkup_examination_id INTEGER NOT NULL REFERENCES checkup_examinations (checkup_examination_id) ON DELETE CASCADE,
  checkup_item_id INTEGER NOT NULL REFERENCES checkup_items (checkup_item_id) ON DELETE CASCADE,
  value_number REAL,
  value_text TEXT,
  flag TEXT CHECK (flag IN ('high', 'low')),
  multiple_results INTEGER NOT NULL CHECK (${booleanCheck('multiple_results')}),
  seed_text TEXT,
  PRIMARY KEY (checkup_examination_id, checkup_item_id),
  CHECK ((value_number IS NULL) <> (value_text IS NULL))
) STRICT;
CREATE INDEX checkup_values_by_item ON checkup_values (checkup_item_id);

CREATE TABLE expense_notices (
  person_id INTEGER PRIMARY KEY REFERENCES persons (person_id) ON DELETE CASCADE,
  created_on TEXT NOT NULL CHECK (${isoDateCheck('created_on')}),
  received_through TEXT NOT NULL CHECK (${isoMonthCheck('received_through')}),
  insurer_name TEXT NOT NULL,
  detail_from TEXT NOT NULL CHECK (${isoMonthCheck('detail_from')}),
  detail_to TEXT NOT NULL CHECK (${isoMonthCheck('detail_to')})
) STRICT;

-- The overall total (kind 'overall', one row) and the yearly totals (kind 'year', oldest first).
CREATE TABLE expense_notice_totals (
  person_id INTEGER NOT NULL REFERENCES expense_notices (person_id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('overall', 'year')),
  position INTEGER NOT NULL CHECK (position >= 0),
  period_from TEXT NOT NULL CHECK (${isoMonthCheck('period_from')}),
  period_to TEXT NOT NULL CHECK (${isoMonthCheck('period_to')}),
  ${amounts('')},
  PRIMARY KEY (person_id, kind, position),
  CHECK (kind = 'year' OR position = 0)
) STRICT;

CREATE TABLE expense_notice_details (
  person_id INTEGER NOT NULL REFERENCES expense_notices (person_id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  treatment_month TEXT NOT NULL CHECK (${isoMonthCheck('treatment_month')}),
  category TEXT NOT NULL,
  days_or_times INTEGER NOT NULL CHECK (days_or_times > 0),
  institution TEXT NOT NULL,
  ${amounts('')},
  inpatient_meal INTEGER NOT NULL CHECK (${booleanCheck('inpatient_meal')}),
  PRIMARY KEY (person_id, position)
) STRICT;
`,
};
