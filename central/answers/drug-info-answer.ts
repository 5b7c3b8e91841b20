import type { DrugInfoResponse } from '../../oqs';
import type { MedicationRecord } from '../seed/medical-records-schema';
import type { StoredPerson } from '../store';
import { compactDate, compactMonth } from './oqs-values';

/** The parts of a YZKsiquc01req the answer depends on (§6.5). */
export interface DrugInfoRequestTerms {
  medicalInstitutionCode: string;
  arbitraryFileIdentifier?: string;
  /** yyyyMM, inclusive. */
  startMonth: string;
  /** yyyyMM, inclusive. */
  endMonth: string;
}

type Dispensing = MedicationRecord['dispensings'][number];
type DispensedDrug = Dispensing['drugs'][number];
type TreatmentMonth = DrugInfoResponse['MessageBody']['MeTrMonthInf'][number];
type DrugInf = NonNullable<NonNullable<TreatmentMonth['DiDateInfs']>[number]['DrugInfs']>[number];

// `1錠 30日分`, `20錠 1処方分`: 数量, 単位, then how many days or 処方 it covers.
const QUANTITY = /^(\d+(?:\.\d+)?)\s*([^\d\s]+)\s+(\d+)(?:日分|処方分|回分)$/u;

/**
 * The seed's printed drug line as a DrugInf. Inferred mapping (the seed is a マイナポータル printout,
 * not レセプト data): name → DrugN, 用法 → UsageN, `<n><unit> <m>日分` → Qua1 / Unit / Times (a
 * 1処方分 line gives Times 1, as a レセプト counts 頓服・外用). A quantity that does not parse goes
 * whole into Qua1. DrugC only where the fixture has a (synthetic) code. The 向 mark, 使用区分, 自己負担額
 * and ジェネリック削減額 have no element and are dropped; IngreN, SpInst and MeTrIdCl have no source.
 */
function drugInfOf(drug: DispensedDrug): DrugInf {
  const quantity = QUANTITY.exec(drug.quantity);
  return {
    ...(drug.drugCode === undefined ? {} : { DrugC: drug.drugCode }),
    DrugN: drug.name,
    ...(quantity === null ? { Qua1: drug.quantity } : { Qua1: quantity[1]!, Unit: quantity[2]! }),
    UsageN: drug.usage,
    ...(quantity === null ? {} : { Times: quantity[3]! }),
  };
}

/**
 * YZKsiquc01res for one person (§6.5): the dispensings in [startMonth, endMonth], one MeTrMonthInf per
 * month × 薬局 × 処方機関 (inferred: the 薬局 as MeTrDiHNm, the prescriber as PrlsHNm; the seed has no
 * institution codes, so MeTrDiHCd, PrlsHCd and PrIsOrg are left out), newest first as on file.
 *
 * ResultCode is 1 whenever the request was answered, with no MeTrMonthInf when nothing falls in the
 * range: §6.5 makes any other ResultCode a failure whose codes are unpublished, and an empty period
 * is not a failure. Consent and 閲覧停止 are the caller's decision, made before calling this.
 */
export function drugInfoAnswerOf(person: StoredPerson, medication: MedicationRecord | undefined, request: DrugInfoRequestTerms): DrugInfoResponse {
  const months: TreatmentMonth[] = [];
  const monthByKey = new Map<string, TreatmentMonth & { DiDateInfs: NonNullable<TreatmentMonth['DiDateInfs']>[number][] }>();
  for (const dispensing of medication?.dispensings ?? []) {
    const month = compactMonth(dispensing.date);
    if (month < request.startMonth || month > request.endMonth) continue;
    const key = JSON.stringify([month, dispensing.pharmacy, dispensing.prescriber]);
    let treatmentMonth = monthByKey.get(key);
    if (treatmentMonth === undefined) {
      treatmentMonth = { MeTrDiHNm: dispensing.pharmacy, PrlsHNm: dispensing.prescriber, MeTrMonth: month, DiDateInfs: [] };
      monthByKey.set(key, treatmentMonth);
      months.push(treatmentMonth);
    }
    const date = compactDate(dispensing.date);
    const drugs = dispensing.drugs.map(drugInfOf);
    const sameDay = treatmentMonth.DiDateInfs.find((entry) => entry.DiDate === date);
    if (sameDay === undefined) treatmentMonth.DiDateInfs.push({ DiDate: date, DrugInfs: drugs });
    else sameDay.DrugInfs = [...(sameDay.DrugInfs ?? []), ...drugs];
  }
  return {
    MessageHeader: {
      ResultCode: '1',
      MedicalInstitutionCode: request.medicalInstitutionCode,
      ...(request.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: request.arbitraryFileIdentifier }),
      QuaInf: { Name: person.name.kanji, KanaName: person.name.kana, Birth: compactDate(person.birthDate), AdmGendCode: person.sex },
    },
    MessageBody: { MeTrMonthInf: months },
  };
}
