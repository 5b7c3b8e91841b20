import type { CheckupKind } from './codes';
import type { HealthCheckupRecord, MedicalExpenseNotice, MedicalRecords, MedicationRecord } from '../seed/medical-records-schema';
import { flag, orNull } from './sql-values';
import type { SqliteDatabase } from './sqlite-driver';

/**
 * Writes a fixture person's 薬剤情報, 健診 and 医療費通知 rows. Runs inside the seed transaction after
 * the person's old rows were deleted (write-person.ts), so it only inserts.
 */
export function createMedicalRecordsWriter(db: SqliteDatabase) {
  const insertSummary = db.prepare(`
    INSERT INTO medication_summaries (person_id, created_on, period_from, period_to, generic_savings_total)
    VALUES (@personId, @createdOn, @periodFrom, @periodTo, @savingsTotal)`);
  const insertDispensing = db.prepare<{ dispensingId: number }>(`
    INSERT INTO dispensings (person_id, position, dispensed_on, pharmacy, prescriber)
    VALUES (@personId, @position, @dispensedOn, @pharmacy, @prescriber) RETURNING dispensing_id AS dispensingId`);
  const insertDrug = db.prepare(`
    INSERT INTO dispensed_drugs (dispensing_id, position, route, mark, name, usage, quantity, self_pay, generic_savings,
      drug_code, drug_code_synthetic)
    VALUES (@dispensingId, @position, @route, @mark, @name, @usage, @quantity, @selfPay, @genericSavings, @drugCode, @synthetic)`);
  const insertCheckup = db.prepare<{ checkupRecordId: number }>(`
    INSERT INTO checkup_records (person_id, kind, created_on, findings_date, past_history, subjective_symptoms,
      objective_symptoms, doctor_judgement)
    VALUES (@personId, @kind, @createdOn, @findingsDate, @pastHistory, @subjective, @objective, @judgement)
    RETURNING checkup_record_id AS checkupRecordId`);
  const insertExamination = db.prepare<{ examinationId: number }>(`
    INSERT INTO checkup_examinations (checkup_record_id, position, examined_on, institution)
    VALUES (@recordId, @position, @examinedOn, @institution) RETURNING checkup_examination_id AS examinationId`);
  const insertItem = db.prepare<{ itemId: number }>(`
    INSERT INTO checkup_items (checkup_record_id, position, item_group, name, item_code, item_code_prefix, unit, referral_threshold)
    VALUES (@recordId, @position, @group, @name, @itemCode, @itemCodePrefix, @unit, @threshold) RETURNING checkup_item_id AS itemId`);
  const insertValue = db.prepare(`
    INSERT INTO checkup_values (checkup_examination_id, checkup_item_id, value_number, value_text, flag, multiple_results, seed_text)
    VALUES (@examinationId, @itemId, @valueNumber, @valueText, @flag, @multiple, @seedText)`);
  const insertNotice = db.prepare(`
    INSERT INTO expense_notices (person_id, created_on, received_through, insurer_name, detail_from, detail_to)
    VALUES (@personId, @createdOn, @receivedThrough, @insurerName, @detailFrom, @detailTo)`);
  const insertTotal = db.prepare(`
    INSERT INTO expense_notice_totals (person_id, kind, position, period_from, period_to, total_cost, insurer_paid,
      other_public_expense, patient_share)
    VALUES (@personId, @kind, @position, @from, @to, @totalCost, @insurerPaid, @otherPublicExpense, @patientShare)`);
  const insertDetail = db.prepare(`
    INSERT INTO expense_notice_details (person_id, position, treatment_month, category, days_or_times, institution,
      total_cost, insurer_paid, other_public_expense, patient_share, inpatient_meal)
    VALUES (@personId, @position, @month, @category, @daysOrTimes, @institution, @totalCost, @insurerPaid,
      @otherPublicExpense, @patientShare, @inpatientMeal)`);

  const writeMedication = (personId: number, medication: MedicationRecord) => {
    insertSummary.run({
      personId,
      createdOn: orNull(medication.createdOn),
      periodFrom: medication.period.from,
      periodTo: medication.period.to,
      savingsTotal: medication.genericSavingsTotal,
    });
    medication.dispensings.forEach((dispensing, position) => {
      const { dispensingId } = insertDispensing.get({
        personId,
        position,
        dispensedOn: dispensing.date,
        pharmacy: dispensing.pharmacy,
        prescriber: dispensing.prescriber,
      })!;
      dispensing.drugs.forEach((drug, drugPosition) =>
        insertDrug.run({
          dispensingId,
          position: drugPosition,
          route: drug.route,
          mark: orNull(drug.mark),
          name: drug.name,
          usage: drug.usage,
          quantity: drug.quantity,
          selfPay: orNull(drug.selfPay),
          genericSavings: orNull(drug.genericSavings),
          drugCode: orNull(drug.drugCode),
          synthetic: flag(drug.drugCodeSynthetic),
        }),
      );
    });
  };

  const writeCheckup = (personId: number, kind: CheckupKind, checkup: HealthCheckupRecord) => {
    const findings = checkup.latestFindings;
    const { checkupRecordId: recordId } = insertCheckup.get({
      personId,
      kind,
      createdOn: checkup.createdOn,
      findingsDate: findings.date,
      pastHistory: findings.pastHistory,
      subjective: findings.subjectiveSymptoms,
      objective: findings.objectiveSymptoms,
      judgement: findings.doctorJudgement,
    })!;
    const examinationIds = checkup.examinations.map(
      (examination, position) =>
        insertExamination.get({ recordId, position, examinedOn: examination.date, institution: examination.institution })!.examinationId,
    );
    checkup.items.forEach((item, position) => {
      const { itemId } = insertItem.get({
        recordId,
        position,
        group: item.group,
        name: item.name,
        itemCode: item.itemCode,
        itemCodePrefix: orNull(item.itemCodePrefix),
        unit: item.unit,
        threshold: item.referralThreshold,
      })!;
      item.results.forEach((result, index) => {
        if (result === null) return;
        insertValue.run({
          examinationId: examinationIds[index] ?? null,
          itemId,
          valueNumber: typeof result.value === 'number' ? result.value : null,
          valueText: typeof result.value === 'string' ? result.value : null,
          flag: orNull(result.flag),
          multiple: flag(result.multipleResults),
          seedText: orNull(result.seedText),
        });
      });
    });
  };

  const writeExpenseNotice = (personId: number, notice: MedicalExpenseNotice) => {
    insertNotice.run({
      personId,
      createdOn: notice.createdOn,
      receivedThrough: notice.receivedThrough,
      insurerName: notice.insurerName,
      detailFrom: notice.detailRange.from,
      detailTo: notice.detailRange.to,
    });
    insertTotal.run({ personId, kind: 'overall', position: 0, ...notice.overall });
    notice.years.forEach((year, position) => insertTotal.run({ personId, kind: 'year', position, ...year }));
    notice.details.forEach((detail, position) =>
      insertDetail.run({
        personId,
        position,
        month: detail.month,
        category: detail.category,
        daysOrTimes: detail.daysOrTimes,
        institution: detail.institution,
        totalCost: detail.totalCost,
        insurerPaid: detail.insurerPaid,
        otherPublicExpense: detail.otherPublicExpense,
        patientShare: detail.patientShare,
        inpatientMeal: flag(detail.inpatientMeal),
      }),
    );
  };

  return function writeMedicalRecords(personId: number, records: MedicalRecords | undefined): void {
    if (records?.medication) writeMedication(personId, records.medication);
    if (records?.specificHealthCheckup) writeCheckup(personId, 'specific', records.specificHealthCheckup);
    if (records?.lateElderlyHealthCheckup) writeCheckup(personId, 'late-elderly', records.lateElderlyHealthCheckup);
    if (records?.medicalExpenseNotice) writeExpenseNotice(personId, records.medicalExpenseNotice);
  };
}
