import type { HealthCheckupRecord, MedicalExpenseNotice, MedicationRecord } from '../seed/medical-records-schema';
import type { CheckupKind } from './codes';
import { withoutNulls } from './sql-values';
import type { SqliteDatabase } from './sqlite-driver';

type Row = Record<string, string | number | null>;

/**
 * Reads a person's 薬剤情報, 健診 and 医療費通知 back in the fixture shapes (medical-records-schema.ts),
 * which the YZK/TKK answer builders take. Whether the data may be shown (consent, 閲覧停止) is the
 * caller's decision: this only reads.
 */
export function createMedicalRecordsReader(db: SqliteDatabase) {
  const summary = db.prepare<Row>(`SELECT created_on AS createdOn, period_from AS periodFrom, period_to AS periodTo,
    generic_savings_total AS genericSavingsTotal FROM medication_summaries WHERE person_id = @personId`);
  const dispensings = db.prepare<{ dispensingId: number; date: string; pharmacy: string; prescriber: string }>(`
    SELECT dispensing_id AS dispensingId, dispensed_on AS date, pharmacy, prescriber
    FROM dispensings WHERE person_id = @personId ORDER BY position`);
  const drugs = db.prepare<Row>(`SELECT route, mark, name, usage, quantity, self_pay AS selfPay,
    generic_savings AS genericSavings, drug_code AS drugCode, drug_code_synthetic AS drugCodeSynthetic
    FROM dispensed_drugs WHERE dispensing_id = @dispensingId ORDER BY position`);
  const checkup = db.prepare<Row & { checkupRecordId: number }>(`SELECT checkup_record_id AS checkupRecordId,
    created_on AS createdOn, findings_date AS date, past_history AS pastHistory,
    subjective_symptoms AS subjectiveSymptoms, objective_symptoms AS objectiveSymptoms, doctor_judgement AS doctorJudgement
    FROM checkup_records WHERE person_id = @personId AND kind = @kind`);
  const examinations = db.prepare<{ examinationId: number; date: string; institution: string }>(`
    SELECT checkup_examination_id AS examinationId, examined_on AS date, institution
    FROM checkup_examinations WHERE checkup_record_id = @recordId ORDER BY position`);
  const items = db.prepare<Row & { itemId: number }>(`SELECT checkup_item_id AS itemId, item_group AS "group", name,
    item_code AS itemCode, item_code_prefix AS itemCodePrefix, unit, referral_threshold AS referralThreshold
    FROM checkup_items WHERE checkup_record_id = @recordId ORDER BY position`);
  const values = db.prepare<Row & { examinationId: number; itemId: number }>(`SELECT v.checkup_examination_id AS examinationId,
    v.checkup_item_id AS itemId, v.value_number AS valueNumber, v.value_text AS valueText, v.flag,
    v.multiple_results AS multipleResults, v.seed_text AS seedText
    FROM checkup_values v JOIN checkup_items i ON i.checkup_item_id = v.checkup_item_id
    WHERE i.checkup_record_id = @recordId`);
  const notice = db.prepare<Row>(`SELECT created_on AS createdOn, received_through AS receivedThrough,
    insurer_name AS insurerName, detail_from AS detailFrom, detail_to AS detailTo
    FROM expense_notices WHERE person_id = @personId`);
  const totals = db.prepare<Row & { kind: 'overall' | 'year' }>(`SELECT kind, period_from AS "from", period_to AS "to",
    total_cost AS totalCost, insurer_paid AS insurerPaid, other_public_expense AS otherPublicExpense,
    patient_share AS patientShare
    FROM expense_notice_totals WHERE person_id = @personId ORDER BY kind, position`);
  const details = db.prepare<Row>(`SELECT treatment_month AS month, category, days_or_times AS daysOrTimes, institution,
    total_cost AS totalCost, insurer_paid AS insurerPaid, other_public_expense AS otherPublicExpense,
    patient_share AS patientShare, inpatient_meal AS inpatientMeal
    FROM expense_notice_details WHERE person_id = @personId ORDER BY position`);

  return {
    /** 薬剤情報: dispensings newest first, as printed; undefined when none are on file. */
    medication(personId: number): MedicationRecord | undefined {
      const head = summary.get({ personId });
      if (!head) return undefined;
      return {
        ...(head['createdOn'] === null ? {} : { createdOn: head['createdOn'] }),
        period: { from: head['periodFrom'], to: head['periodTo'] },
        genericSavingsTotal: head['genericSavingsTotal'],
        dispensings: dispensings.all({ personId }).map(({ dispensingId, ...dispensing }) => ({
          ...dispensing,
          drugs: drugs.all({ dispensingId }).map(({ drugCodeSynthetic, ...drug }) => ({
            ...withoutNulls(drug),
            ...(drugCodeSynthetic === 1 ? { drugCodeSynthetic: true } : {}),
          })),
        })),
      } as unknown as MedicationRecord;
    },

    /** 特定健診 (`specific`) or 後期高齢者健診 (`late-elderly`): examinations newest first, one result cell per examination. */
    healthCheckup(personId: number, kind: CheckupKind): HealthCheckupRecord | undefined {
      const head = checkup.get({ personId, kind });
      if (!head) return undefined;
      const recordId = head.checkupRecordId;
      const examinationRows = examinations.all({ recordId });
      const cells = new Map(values.all({ recordId }).map((cell) => [`${cell.itemId}/${cell.examinationId}`, cell]));
      return {
        createdOn: head['createdOn'],
        examinations: examinationRows.map(({ date, institution }) => ({ date, institution })),
        latestFindings: {
          date: head['date'],
          pastHistory: head['pastHistory'],
          subjectiveSymptoms: head['subjectiveSymptoms'],
          objectiveSymptoms: head['objectiveSymptoms'],
          doctorJudgement: head['doctorJudgement'],
        },
        items: items.all({ recordId }).map(({ itemId, itemCodePrefix, ...item }) => ({
          ...item,
          ...(itemCodePrefix === null ? {} : { itemCodePrefix }),
          results: examinationRows.map(({ examinationId }) => {
            const cell = cells.get(`${itemId}/${examinationId}`);
            if (!cell) return null;
            return {
              value: cell.valueNumber ?? cell.valueText,
              ...(cell.flag === null ? {} : { flag: cell.flag }),
              ...(cell.multipleResults === 1 ? { multipleResults: true } : {}),
              ...(cell.seedText === null ? {} : { seedText: cell.seedText }),
            };
          }),
        })),
      } as unknown as HealthCheckupRecord;
    },

    /** 医療費通知; shown to the person (マイナポータル), never provided to a facility. */
    expenseNotice(personId: number): MedicalExpenseNotice | undefined {
      const head = notice.get({ personId });
      if (!head) return undefined;
      const totalRows = totals.all({ personId }).map(({ kind, ...total }) => ({ kind, total }));
      return {
        createdOn: head['createdOn'],
        receivedThrough: head['receivedThrough'],
        insurerName: head['insurerName'],
        detailRange: { from: head['detailFrom'], to: head['detailTo'] },
        overall: totalRows.find((row) => row.kind === 'overall')?.total,
        years: totalRows.filter((row) => row.kind === 'year').map((row) => row.total),
        details: details.all({ personId }).map(({ inpatientMeal, ...detail }) => ({ ...detail, inpatientMeal: inpatientMeal === 1 })),
      } as unknown as MedicalExpenseNotice;
    },
  };
}

export type MedicalRecordsReader = ReturnType<typeof createMedicalRecordsReader>;
