import { z } from 'zod';
import { digits, isoDate, isoMonth, oneLine, yen } from './schema-primitives';

/**
 * One insurance record of a fixture person: the `ResultOfQualificationConfirmation` elements the mock
 * central system needs (oqs-interface.md §4, §5). PascalCase keys are the XML element names verbatim so
 * the mock can copy them; the person-level 氏名・性別・生年月日・住所 are not repeated here. The one
 * camelCase key, `insurerKind`, is ours: it says which numbering rules apply.
 */

export const insurerKinds = [
  'kyokai', // 協会けんぽ (法別 01)
  'kumiai', // 健康保険組合
  'kyosai', // 共済組合
  'kokuho', // 国民健康保険 (市町村・国保組合): 6-digit 保険者番号
  'kouki', // 後期高齢者医療広域連合: 8 digits starting 39
  'medical-aid', // 医療扶助 (生活保護): 公費負担者番号 in InsurerNumber, 法別 12
] as const;

const contributionRatio = z.enum(['010', '020', '030']); // 3-digit percent: 1割, 2割, 3割

const elderlyRecipientCertificateInfo = z.strictObject({
  ElderlyRecipientCertificateDate: isoDate,
  ElderlyRecipientValidStartDate: isoDate,
  ElderlyRecipientValidEndDate: isoDate,
  ElderlyRecipientContributionRatio: contributionRatio,
});

const limitApplicationCertificateRelatedInfo = z.strictObject({
  LimitApplicationCertificateClassification: z.enum(['01', '02', '03']), // OQSCD011
  LimitApplicationCertificateClassificationFlag: z.enum([
    'A01', 'A02', 'A03', 'A04', 'A05', 'A06',
    'B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B09', 'B10',
  ]), // OQSCD012
  LimitApplicationCertificateDate: isoDate,
  LimitApplicationCertificateValidStartDate: isoDate,
  LimitApplicationCertificateValidEndDate: isoDate.optional(),
  LimitApplicationCertificateLongTermDate: isoDate.optional(),
});

const specificDiseasesCertificateInfo = z.strictObject({
  SpecificDiseasesDiseaseCategory: z.enum(['1', '2', '3']), // OQSCD013
  SpecificDiseasesCertificateDate: isoDate,
  SpecificDiseasesValidStartDate: isoDate,
  SpecificDiseasesValidEndDate: isoDate.optional(),
  SpecificDiseasesSelfPay: yen, // 月額自己負担限度額
});

// 医療券・調剤券. Only fields whose values are free text, dates or amounts: the code lists of
// TicketType, MedicalTreatmentType, SingleOrCombinedUse and the StatusOf… flags are unpublished, so
// the fixtures do not invent them.
const medicalTicketInfo = z.strictObject({
  MedicalTicketValidDate: isoDate,
  MedicalTicketExpirationDate: isoDate,
  IssueNumber: z.string().min(1),
  MedicalTreatmentMonth: isoMonth,
  DesignatedMedicalInstitutionCode: digits(10),
  DesignatedMedicalInstitutionName: oneLine,
  PrescriptionIssuerMedicalInstitutionCode: digits(10).optional(),
  PrescriptionIssuerMedicalInstitutionName: oneLine.optional(),
  InjuryName1: oneLine.optional(),
  InjuryName2: oneLine.optional(),
  InjuryName3: oneLine.optional(),
  SelfPayAmount: yen,
  DistrictContactName: oneLine.optional(),
  HandlingContactName: oneLine.optional(),
  Remarks1: oneLine.optional(),
  Remarks2: oneLine.optional(),
  Remarks3: oneLine.optional(),
});

export const insuranceRecordSchema = z
  .strictObject({
    insurerKind: z.enum(insurerKinds),
    InsuredCardClassification: z.enum(['01', '02', '03', '04', '05', '06', '07', 'A1']), // OQSCD010
    /** Stored unpadded: 6 digits for 国保; the file interface pads with spaces, JSON with zeros. */
    InsurerNumber: z.string().regex(/^(\d{6}|\d{8})$/, 'expected 8 digits (6 for 国保)'),
    InsurerName: oneLine,
    InsuredCardSymbol: z.string().min(1).max(20).optional(),
    InsuredIdentificationNumber: z.string().min(1).max(20),
    InsuredBranchNumber: digits(2).optional(),
    PersonalFamilyClassification: z.enum(['1', '2']).optional(), // OQSCD009
    /** 被保険者氏名（世帯主）, for a 家族 record. */
    InsuredName: oneLine.optional(),
    QualificationDate: isoDate,
    DisqualificationDate: isoDate.optional(),
    ReasonOfLoss: z.enum(['01', '02', '03', '99']).optional(),
    InsuredCertificateIssuanceDate: isoDate.optional(),
    InsuredCardValidDate: isoDate.optional(),
    InsuredCardExpirationDate: isoDate.optional(),
    /** 一部負担金割合. The XML carries it for 後期高齢; the fixture gives every insured person's share. */
    InsuredPartialContributionRatio: contributionRatio.optional(),
    ElderlyRecipientCertificateInfo: elderlyRecipientCertificateInfo.optional(),
    LimitApplicationCertificateRelatedInfo: limitApplicationCertificateRelatedInfo.optional(),
    SpecificDiseasesCertificateList: z.array(specificDiseasesCertificateInfo).min(1).optional(),
    WelfareOfficeName: oneLine.optional(),
    PublicExpenseNumber: digits(8).optional(),
    BeneficiaryNumber: digits(7).optional(),
    /** `PublicExpenseResultList/MedicalTicketInfo` elements. */
    PublicExpenseResultList: z.array(medicalTicketInfo).min(1).optional(),
  })
  .superRefine((record, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const kind = record.insurerKind;
    const isMedicalAid = kind === 'medical-aid';

    if (kind === 'kokuho' && !/^\d{6}$/.test(record.InsurerNumber)) {
      problem('InsurerNumber', '国保 insurer numbers have 6 digits');
    }
    if (kind !== 'kokuho' && !/^\d{8}$/.test(record.InsurerNumber)) {
      problem('InsurerNumber', 'only 国保 insurer numbers have 6 digits; all others have 8');
    }
    if ((kind === 'kouki') !== record.InsurerNumber.startsWith('39')) {
      problem('InsurerNumber', '後期高齢者医療 insurer numbers, and only they, start with 39');
    }
    if (kind === 'kouki' && record.InsuredCardSymbol !== undefined) {
      problem('InsuredCardSymbol', '後期高齢者医療 cards have no 記号');
    }
    if (kind !== 'kouki' && !isMedicalAid && record.InsuredBranchNumber === undefined) {
      problem('InsuredBranchNumber', '枝番 is required except for 後期高齢者医療 and 医療扶助');
    }

    if (isMedicalAid !== (record.InsuredCardClassification === 'A1')) {
      problem('InsuredCardClassification', 'A1 is the 医療扶助 classification, and 医療扶助 records use A1');
    }
    if (isMedicalAid) {
      if (!record.InsurerNumber.startsWith('12')) problem('InsurerNumber', '公費負担者番号 for 医療扶助 starts with 12');
      if (record.PublicExpenseNumber !== record.InsurerNumber) {
        problem('PublicExpenseNumber', 'must equal InsurerNumber (the 公費負担者番号)');
      }
      if (record.BeneficiaryNumber !== record.InsuredIdentificationNumber) {
        problem('BeneficiaryNumber', 'must equal InsuredIdentificationNumber (the 受給者番号)');
      }
      if (record.WelfareOfficeName === undefined) problem('WelfareOfficeName', 'required for 医療扶助');
      if (record.PublicExpenseResultList === undefined) problem('PublicExpenseResultList', 'a 医療扶助 record carries its 医療券');
      if (record.InsuredPartialContributionRatio !== undefined) {
        problem('InsuredPartialContributionRatio', '医療扶助 has no 一部負担金割合');
      }
    } else {
      for (const field of ['WelfareOfficeName', 'PublicExpenseNumber', 'BeneficiaryNumber', 'PublicExpenseResultList'] as const) {
        if (record[field] !== undefined) problem(field, 'only 医療扶助 records have this field');
      }
      if (record.PersonalFamilyClassification === undefined) problem('PersonalFamilyClassification', 'required');
      if (record.InsuredPartialContributionRatio === undefined) problem('InsuredPartialContributionRatio', 'required');
    }
    if (record.PersonalFamilyClassification === '2' && record.InsuredName === undefined) {
      problem('InsuredName', 'a 家族 record names the insured person (世帯主)');
    }
    if (kind === 'kouki' && record.PersonalFamilyClassification !== '1') {
      problem('PersonalFamilyClassification', '後期高齢者医療 insures everyone as 本人');
    }
    if (kind === 'kouki' && record.ElderlyRecipientCertificateInfo !== undefined) {
      problem('ElderlyRecipientCertificateInfo', '高齢受給者証 is for ages 70–74, before 後期高齢者医療');
    }

    if ((record.DisqualificationDate === undefined) !== (record.ReasonOfLoss === undefined)) {
      problem('ReasonOfLoss', 'DisqualificationDate and ReasonOfLoss come together');
    }
    if (record.DisqualificationDate !== undefined && record.DisqualificationDate <= record.QualificationDate) {
      problem('DisqualificationDate', 'must be after QualificationDate');
    }
  });

export type InsuranceRecord = z.infer<typeof insuranceRecordSchema>;

/** A record still in force: no 資格喪失日. */
export function isActiveRecord(record: InsuranceRecord): boolean {
  return record.DisqualificationDate === undefined;
}
