import { createHash } from 'node:crypto';
import type { InsuranceRecord } from '../seed/insurance-record-schema';
import type { QualificationScenario } from '../seed/person-schema';
import { CentralStoreError } from './errors';
import { normaliseBirthDate, normaliseInsurerNumber } from './insurer-number';
import { withoutNulls } from './sql-values';
import type { SqliteDatabase } from './sqlite-driver';

export interface StoredPerson {
  personId: number;
  /** The fixture id, the natural key. */
  externalId: string;
  name: { kanji: string; kana: string; kanaFullWidth: string };
  birthDate: string;
  sex: '1' | '2' | '3';
  address: { postCode: string; text: string };
  lateElderly: boolean;
  cardKind: 'standard' | 'face-only';
  qualification: {
    scenario: QualificationScenario;
    QualificationValidity: '1' | '2' | '3' | '4' | '5' | '6';
    /** 本人確認判定 against J-LIS. */
    identityCheck: 'matched' | 'mismatched' | 'unchecked';
    /** 閲覧停止: 薬剤/健診 data must not be provided. */
    viewingBlocked: boolean;
  };
}

/** An insurance record in the fixture's (XML element) shape, plus its row id and whether it is in force. */
export type StoredInsuranceRecord = InsuranceRecord & { insuranceRecordId: number; active: boolean };

export interface PersonWithRecords {
  person: StoredPerson;
  /** Every record, newest first (lost ones included: validity 2 and 3 answers need them). */
  records: StoredInsuranceRecord[];
  /** Records without DisqualificationDate; two or more is 複数該当. */
  activeRecords: StoredInsuranceRecord[];
}

export interface LinkedCertificate {
  issuerGeneration: string;
  serialNumberHex: string;
  subjectId: string;
  certificateSha256: string;
}

export type CertificateKey =
  | { issuerGeneration: string; serialNumberHex: string }
  | { certificateSha256: string }
  | { certificateDer: Uint8Array };

export interface InsuranceKeyQuery {
  /** As received: space- or zero-padded 6-digit 国保 numbers are accepted. */
  insurerNumber: string;
  /** 記号; when omitted, any 記号 matches (後期高齢者医療 has none). */
  insuredCardSymbol?: string;
  insuredIdentificationNumber: string;
  /** 枝番; when omitted, any 枝番 matches. */
  insuredBranchNumber?: string;
  /** yyyyMMdd or YYYY-MM-DD; 個別照会 requires it, YZK/TKK requests carry none (any holder matches). */
  birthDate?: string;
}

export interface InsuranceKeyMatch {
  person: StoredPerson;
  record: StoredInsuranceRecord;
}

interface PersonRow {
  personId: number;
  externalId: string;
  nameKanji: string;
  nameKana: string;
  nameKanaFullWidth: string;
  birthDate: string;
  sex: StoredPerson['sex'];
  postCode: string;
  address: string;
  lateElderly: number;
  cardKind: StoredPerson['cardKind'];
  scenario: QualificationScenario;
  validity: StoredPerson['qualification']['QualificationValidity'];
  identityCheck: StoredPerson['qualification']['identityCheck'];
  viewingBlocked: number;
}

const PERSON_COLUMNS = `p.person_id AS personId, p.external_id AS externalId, p.name_kanji AS nameKanji,
  p.name_kana AS nameKana, p.name_kana_full_width AS nameKanaFullWidth, p.birth_date AS birthDate, p.sex,
  p.post_code AS postCode, p.address, p.late_elderly AS lateElderly, p.card_kind AS cardKind,
  p.qualification_scenario AS scenario, p.qualification_validity AS validity, p.identity_check AS identityCheck,
  p.viewing_blocked AS viewingBlocked`;

// Aliased to the XML element names so a row maps onto InsuranceRecord directly.
const RECORD_COLUMNS = `insurance_record_id AS insuranceRecordId, person_id AS personId, insurer_kind AS insurerKind,
  insured_card_classification AS InsuredCardClassification, insurer_number AS InsurerNumber, insurer_name AS InsurerName,
  insured_card_symbol AS InsuredCardSymbol, insured_identification_number AS InsuredIdentificationNumber,
  insured_branch_number AS InsuredBranchNumber, personal_family_classification AS PersonalFamilyClassification,
  insured_name AS InsuredName, qualification_date AS QualificationDate, disqualification_date AS DisqualificationDate,
  reason_of_loss AS ReasonOfLoss, insured_certificate_issuance_date AS InsuredCertificateIssuanceDate,
  insured_card_valid_date AS InsuredCardValidDate, insured_card_expiration_date AS InsuredCardExpirationDate,
  insured_partial_contribution_ratio AS InsuredPartialContributionRatio,
  elderly_recipient_certificate_date AS ElderlyRecipientCertificateDate,
  elderly_recipient_valid_start_date AS ElderlyRecipientValidStartDate,
  elderly_recipient_valid_end_date AS ElderlyRecipientValidEndDate,
  elderly_recipient_contribution_ratio AS ElderlyRecipientContributionRatio,
  limit_application_certificate_classification AS LimitApplicationCertificateClassification,
  limit_application_certificate_classification_flag AS LimitApplicationCertificateClassificationFlag,
  limit_application_certificate_date AS LimitApplicationCertificateDate,
  limit_application_certificate_valid_start_date AS LimitApplicationCertificateValidStartDate,
  limit_application_certificate_valid_end_date AS LimitApplicationCertificateValidEndDate,
  limit_application_certificate_long_term_date AS LimitApplicationCertificateLongTermDate,
  welfare_office_name AS WelfareOfficeName, public_expense_number AS PublicExpenseNumber,
  beneficiary_number AS BeneficiaryNumber`;

type RecordRow = { insuranceRecordId: number; personId: number } & Record<string, string | number | null>;

/**
 * Read access to 被保険者 identity and insurance records: by the card's 利用者証明用 certificate
 * (ReferenceClassification 1) and by 記号番号 + 生年月日 (個別照会, ReferenceClassification 2).
 */
export function createPersonLookup(db: SqliteDatabase) {
  const linkSelect = `SELECT person_id AS personId, issuer_generation AS issuerGeneration,
    serial_number_hex AS serialNumberHex, subject_id AS subjectId, certificate_sha256 AS certificateSha256
    FROM certificate_links`;
  const linkBySerial = db.prepare<LinkedCertificate & { personId: number }>(
    `${linkSelect} WHERE issuer_generation = @issuerGeneration AND serial_number_hex = @serialNumberHex`,
  );
  const linkByHash = db.prepare<LinkedCertificate & { personId: number }>(`${linkSelect} WHERE certificate_sha256 = @certificateSha256`);
  const personById = db.prepare<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons p WHERE p.person_id = @personId`);
  const personByExternalId = db.prepare<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM persons p WHERE p.external_id = @externalId`);
  const recordsOfPerson = db.prepare<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM insurance_records WHERE person_id = @personId ORDER BY position`,
  );
  const recordsByKeys = db.prepare<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM insurance_records
    WHERE insurer_number = @insurerNumber AND insured_identification_number = @identificationNumber ORDER BY person_id, position`);
  const diseasesOfRecord = db.prepare<Record<string, string | number | null>>(`SELECT
      disease_category AS SpecificDiseasesDiseaseCategory, certificate_date AS SpecificDiseasesCertificateDate,
      valid_start_date AS SpecificDiseasesValidStartDate, valid_end_date AS SpecificDiseasesValidEndDate,
      self_pay AS SpecificDiseasesSelfPay
    FROM specific_disease_certificates WHERE insurance_record_id = @recordId ORDER BY position`);
  const ticketsOfRecord = db.prepare<Record<string, string | number | null>>(`SELECT
      valid_date AS MedicalTicketValidDate, expiration_date AS MedicalTicketExpirationDate, issue_number AS IssueNumber,
      medical_treatment_month AS MedicalTreatmentMonth,
      designated_medical_institution_code AS DesignatedMedicalInstitutionCode,
      designated_medical_institution_name AS DesignatedMedicalInstitutionName,
      prescription_issuer_medical_institution_code AS PrescriptionIssuerMedicalInstitutionCode,
      prescription_issuer_medical_institution_name AS PrescriptionIssuerMedicalInstitutionName,
      injury_name1 AS InjuryName1, injury_name2 AS InjuryName2, injury_name3 AS InjuryName3,
      self_pay_amount AS SelfPayAmount, district_contact_name AS DistrictContactName,
      handling_contact_name AS HandlingContactName, remarks1 AS Remarks1, remarks2 AS Remarks2, remarks3 AS Remarks3
    FROM medical_tickets WHERE insurance_record_id = @recordId ORDER BY position`);

  const toRecord = (row: RecordRow): StoredInsuranceRecord => {
    const {
      insuranceRecordId,
      personId: _personId,
      ElderlyRecipientCertificateDate,
      ElderlyRecipientValidStartDate,
      ElderlyRecipientValidEndDate,
      ElderlyRecipientContributionRatio,
      LimitApplicationCertificateClassification,
      LimitApplicationCertificateClassificationFlag,
      LimitApplicationCertificateDate,
      LimitApplicationCertificateValidStartDate,
      LimitApplicationCertificateValidEndDate,
      LimitApplicationCertificateLongTermDate,
      ...scalars
    } = row;
    const diseases = diseasesOfRecord.all({ recordId: insuranceRecordId }).map((disease) => withoutNulls(disease));
    const tickets = ticketsOfRecord.all({ recordId: insuranceRecordId }).map((ticket) => withoutNulls(ticket));
    const record = {
      ...withoutNulls(scalars),
      ...(ElderlyRecipientCertificateDate === null
        ? {}
        : {
            ElderlyRecipientCertificateInfo: {
              ElderlyRecipientCertificateDate,
              ElderlyRecipientValidStartDate,
              ElderlyRecipientValidEndDate,
              ElderlyRecipientContributionRatio,
            },
          }),
      ...(LimitApplicationCertificateClassification === null
        ? {}
        : {
            LimitApplicationCertificateRelatedInfo: withoutNulls({
              LimitApplicationCertificateClassification,
              LimitApplicationCertificateClassificationFlag,
              LimitApplicationCertificateDate,
              LimitApplicationCertificateValidStartDate,
              LimitApplicationCertificateValidEndDate,
              LimitApplicationCertificateLongTermDate,
            }),
          }),
      ...(diseases.length > 0 ? { SpecificDiseasesCertificateList: diseases } : {}),
      ...(tickets.length > 0 ? { PublicExpenseResultList: tickets } : {}),
    } as unknown as InsuranceRecord;
    return { ...record, insuranceRecordId, active: record.DisqualificationDate === undefined };
  };

  const personWithRecords = (personId: number): PersonWithRecords | undefined => {
    const row = personById.get({ personId });
    if (!row) return undefined;
    const records = recordsOfPerson.all({ personId }).map(toRecord);
    return { person: toPerson(row), records, activeRecords: records.filter((record) => record.active) };
  };

  return {
    /**
     * The person a 利用者証明用 certificate was linked to at 初回登録, with their records. A person
     * without records (該当資格なし) comes back with empty lists; an unlinked certificate gives undefined.
     */
    findByCertificate(key: CertificateKey): (PersonWithRecords & { certificate: LinkedCertificate }) | undefined {
      const link =
        'issuerGeneration' in key
          ? linkBySerial.get({ issuerGeneration: key.issuerGeneration, serialNumberHex: key.serialNumberHex.toUpperCase() })
          : linkByHash.get({
              certificateSha256:
                'certificateDer' in key
                  ? createHash('sha256').update(key.certificateDer).digest('hex')
                  : key.certificateSha256.toLowerCase(),
            });
      if (!link) return undefined;
      const found = personWithRecords(link.personId);
      if (!found) return undefined;
      const { personId: _personId, ...certificate } = link;
      return { ...found, certificate };
    },

    /** 個別照会: every record (in force or not) whose keys and the holder's 生年月日 match. */
    findByInsuranceKeys(query: InsuranceKeyQuery): InsuranceKeyMatch[] {
      const identificationNumber = query.insuredIdentificationNumber.trim();
      if (identificationNumber === '') throw new CentralStoreError('INVALID_QUERY', 'InsuredIdentificationNumber is required');
      const insurerNumber = normaliseInsurerNumber(query.insurerNumber);
      const birthDate = query.birthDate === undefined ? undefined : normaliseBirthDate(query.birthDate);
      const symbol = query.insuredCardSymbol?.trim() || undefined;
      const branch = query.insuredBranchNumber?.trim() || undefined;
      const matches: InsuranceKeyMatch[] = [];
      for (const row of recordsByKeys.all({ insurerNumber, identificationNumber })) {
        if (symbol !== undefined && row['InsuredCardSymbol'] !== symbol) continue;
        if (branch !== undefined && row['InsuredBranchNumber'] !== branch) continue;
        const personRow = personById.get({ personId: row.personId });
        if (!personRow || (birthDate !== undefined && personRow.birthDate !== birthDate)) continue;
        matches.push({ person: toPerson(personRow), record: toRecord(row) });
      }
      return matches;
    },

    /** By fixture id, for tools and tests. */
    findByExternalId(externalId: string): PersonWithRecords | undefined {
      const row = personByExternalId.get({ externalId });
      return row ? personWithRecords(row.personId) : undefined;
    },
  };
}

export type PersonLookup = ReturnType<typeof createPersonLookup>;

function toPerson(row: PersonRow): StoredPerson {
  return {
    personId: row.personId,
    externalId: row.externalId,
    name: { kanji: row.nameKanji, kana: row.nameKana, kanaFullWidth: row.nameKanaFullWidth },
    birthDate: row.birthDate,
    sex: row.sex,
    address: { postCode: row.postCode, text: row.address },
    lateElderly: row.lateElderly === 1,
    cardKind: row.cardKind,
    qualification: {
      scenario: row.scenario,
      QualificationValidity: row.validity,
      identityCheck: row.identityCheck,
      viewingBlocked: row.viewingBlocked === 1,
    },
  };
}
