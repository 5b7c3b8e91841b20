import { z } from 'zod';
import { isoDate, isoMonth, oneLine, yen } from './schema-primitives';

/**
 * The medical records a fixture person may carry, shaped after the マイナポータル PDFs of the seed
 * document (薬剤情報, 特定健診 / 後期高齢者健診, 医療費通知) so that every printed value has a place.
 * The mock central system turns them into the YZK/TKK answers of oqs-interface.md §6.5, §6.6.
 */

// ── 薬剤情報 ────────────────────────────────────────────────────────────────────────────────────

const dispensedDrugSchema = z.strictObject({
  /** 使用区分 */
  route: z.enum(['内服', '外用', '頓服', '注射']),
  /** Class mark printed before the name, e.g. 向 for 向精神薬 (`向) マイスリー錠5mg`). */
  mark: z.string().min(1).max(2).optional(),
  name: oneLine,
  /** 用法・用量 as printed, without the 【】 or [] brackets. */
  usage: oneLine,
  /** 調剤数量 as printed, e.g. `1錠 30日分`. */
  quantity: oneLine,
  /** 自己負担額 (円), printed only for some drugs. */
  selfPay: yen.optional(),
  /** ジェネリック医薬品に切り替えた場合の削減可能額 (円), printed only for some drugs. */
  genericSavings: yen.optional(),
  /** A 9-digit `DrugC`-style code. The seed gives none, so any code must be flagged as made up. */
  drugCode: z.string().regex(/^\d{9}$/).optional(),
  drugCodeSynthetic: z.literal(true).optional(),
}).refine((drug) => (drug.drugCode === undefined) === (drug.drugCodeSynthetic === undefined), {
  message: 'a drugCode must be marked drugCodeSynthetic: true',
  path: ['drugCodeSynthetic'],
});

const dispensingSchema = z.strictObject({
  date: isoDate,
  pharmacy: oneLine,
  /** 処方発行医療機関 */
  prescriber: oneLine,
  /** In printed order; the PDF numbers them 1, 2, … across 内服 and 外用. */
  drugs: z.array(dispensedDrugSchema).min(1),
});

export const medicationRecordSchema = z.strictObject({
  /** 作成日 of the printout the data was taken from. */
  createdOn: isoDate.optional(),
  /** 表示期間 */
  period: z.strictObject({ from: isoMonth, to: isoMonth }),
  /** The printed total of 削減可能額 over the period. */
  genericSavingsTotal: yen,
  /** Newest first, as printed. */
  dispensings: z.array(dispensingSchema).min(1),
});

// ── 特定健診 / 後期高齢者健診 ─────────────────────────────────────────────────────────────────────

const checkupResultSchema = z.strictObject({
  value: z.union([z.number(), oneLine]),
  /** 受診勧奨判定値 crossed: high (printed ▲) or low (printed ▽). */
  flag: z.enum(['high', 'low']).optional(),
  /** Printed ※: the institution registered several results, so the printout may differ. */
  multipleResults: z.literal(true).optional(),
  /** The seed's text where `value` normalises an obvious OCR artefact (e.g. `1 1 a` → `Ⅱa`). */
  seedText: z.string().optional(),
});

const checkupItemSchema = z
  .strictObject({
    /** Section of the printout, e.g. `基本項目・血圧`, `詳細項目・眼底`, `判定`. */
    group: oneLine,
    name: oneLine,
    /** The 17-character 特定健診 項目コード where oqs-interface.md §7 gives it in full, else null. */
    itemCode: z.string().regex(/^[0-9A-Z]{17}$/).nullable(),
    /** The first five characters where §7 gives only those; never padded into an invented code. */
    itemCodePrefix: z.string().regex(/^[0-9A-Z]{5}$/).optional(),
    unit: z.string().min(1).nullable(),
    /** 受診勧奨判定値 as printed (e.g. `▲140以上`), or null where the column is empty. */
    referralThreshold: oneLine.nullable(),
    /** One cell per examination, in the order of `examinations`; null where the seed prints —. */
    results: z.array(checkupResultSchema.nullable()),
  })
  .refine((item) => item.itemCode === null || item.itemCodePrefix === undefined, {
    message: 'give itemCodePrefix only when the full itemCode is unknown',
    path: ['itemCodePrefix'],
  });

export const healthCheckupRecordSchema = z
  .strictObject({
    /** 作成日 of the printout the data was taken from. */
    createdOn: isoDate,
    /** Newest first, as printed. */
    examinations: z.array(z.strictObject({ date: isoDate, institution: oneLine })).min(1),
    /** The 医師記載 fields, printed for the latest examination only. */
    latestFindings: z.strictObject({
      date: isoDate,
      pastHistory: oneLine, // 既往歴
      subjectiveSymptoms: oneLine, // 自覚症状
      objectiveSymptoms: oneLine, // 他覚症状
      doctorJudgement: oneLine, // 医師の判断
    }),
    items: z.array(checkupItemSchema).min(1),
  })
  .superRefine((record, ctx) => {
    const dates = record.examinations.map((examination) => examination.date);
    if (dates.some((date, index) => index > 0 && date >= (dates[index - 1] ?? ''))) {
      ctx.addIssue({ code: 'custom', path: ['examinations'], message: 'examinations are listed newest first, one per date' });
    }
    if (record.latestFindings.date !== dates[0]) {
      ctx.addIssue({ code: 'custom', path: ['latestFindings', 'date'], message: 'must be the date of the latest examination' });
    }
    const seenNames = new Set<string>();
    record.items.forEach((item, index) => {
      if (item.results.length !== dates.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'results'],
          message: `${item.name}: ${item.results.length} results for ${dates.length} examinations`,
        });
      }
      const key = `${item.group}/${item.name}`;
      if (seenNames.has(key)) ctx.addIssue({ code: 'custom', path: ['items', index, 'name'], message: `${key} appears twice` });
      seenNames.add(key);
    });
  });

// ── 医療費通知 ──────────────────────────────────────────────────────────────────────────────────

const amounts = {
  /** 医療費の総額 */
  totalCost: yen,
  /** 保険者の負担額 */
  insurerPaid: yen,
  /** その他の公費の負担額 */
  otherPublicExpense: yen,
  /** 窓口負担相当額 */
  patientShare: yen,
};

const periodTotalSchema = z.strictObject({ from: isoMonth, to: isoMonth, ...amounts });

export const medicalExpenseNoticeSchema = z.strictObject({
  createdOn: isoDate,
  /** The notice covers data received up to this month. */
  receivedThrough: isoMonth,
  /** 保険者情報: 保険者の名称 and 医療費の明細の範囲. */
  insurerName: oneLine,
  detailRange: z.strictObject({ from: isoMonth, to: isoMonth }),
  /** 医療費の合計 */
  overall: periodTotalSchema,
  /** 年間の合計, oldest first. */
  years: z.array(periodTotalSchema).min(1),
  /** 医療費の明細, oldest first, as printed. */
  details: z
    .array(
      z.strictObject({
        month: isoMonth, // 診療年月
        category: oneLine, // 診療区分
        daysOrTimes: z.number().int().positive(), // 日数・回数
        institution: oneLine, // 医療機関等名称
        ...amounts,
        /** Printed with *: the amounts are for 入院時の食事. */
        inpatientMeal: z.boolean(),
      }),
    )
    .min(1),
});

export const medicalRecordsSchema = z.strictObject({
  medication: medicationRecordSchema.optional(),
  specificHealthCheckup: healthCheckupRecordSchema.optional(),
  lateElderlyHealthCheckup: healthCheckupRecordSchema.optional(),
  medicalExpenseNotice: medicalExpenseNoticeSchema.optional(),
});

export type MedicationRecord = z.infer<typeof medicationRecordSchema>;
export type HealthCheckupRecord = z.infer<typeof healthCheckupRecordSchema>;
export type MedicalExpenseNotice = z.infer<typeof medicalExpenseNoticeSchema>;
export type MedicalRecords = z.infer<typeof medicalRecordsSchema>;
