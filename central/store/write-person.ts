import type { InsuranceRecord } from '../seed/insurance-record-schema';
import type { Person } from '../seed/person-schema';
import { orNull } from './sql-values';
import type { SqliteDatabase } from './sqlite-driver';

/** The 利用者証明用電子証明書 a card was linked with at 初回登録. */
export interface CertificateLinkInput {
  issuerGeneration: string;
  serialNumberHex: string;
  subjectId: string;
  certificateSha256: string;
  notBefore: string;
  notAfter: string;
}

/**
 * Writes one fixture person's identity, certificate link and insurance records. The caller runs it
 * inside the seed transaction; an existing person keeps its person_id (consents and provision
 * history point at it) and has its identity rows replaced.
 */
export function createPersonWriter(db: SqliteDatabase) {
  const insertPerson = db.prepare<{ personId: number }>(`
    INSERT INTO persons (external_id, fixture_sha256, name_kanji, name_kana, name_kana_full_width, birth_date, sex,
      post_code, address, late_elderly, card_kind, qualification_scenario, qualification_validity, identity_check, viewing_blocked)
    VALUES (@externalId, @fixtureSha256, @nameKanji, @nameKana, @nameKanaFullWidth, @birthDate, @sex,
      @postCode, @address, @lateElderly, @cardKind, @scenario, @validity, @identityCheck, @viewingBlocked)
    ON CONFLICT (external_id) DO UPDATE SET
      fixture_sha256 = excluded.fixture_sha256, name_kanji = excluded.name_kanji, name_kana = excluded.name_kana,
      name_kana_full_width = excluded.name_kana_full_width, birth_date = excluded.birth_date, sex = excluded.sex,
      post_code = excluded.post_code, address = excluded.address, late_elderly = excluded.late_elderly,
      card_kind = excluded.card_kind, qualification_scenario = excluded.qualification_scenario,
      qualification_validity = excluded.qualification_validity, identity_check = excluded.identity_check,
      viewing_blocked = excluded.viewing_blocked
    RETURNING person_id AS personId`);
  const deleteChildren = [
    'DELETE FROM certificate_links WHERE person_id = @personId',
    'DELETE FROM insurance_records WHERE person_id = @personId',
    'DELETE FROM medication_summaries WHERE person_id = @personId',
    'DELETE FROM checkup_records WHERE person_id = @personId',
    'DELETE FROM expense_notices WHERE person_id = @personId',
  ].map((sql) => db.prepare(sql));
  const insertLink = db.prepare(`
    INSERT INTO certificate_links (person_id, certificate_kind, issuer_generation, serial_number_hex, subject_id,
      certificate_sha256, not_before, not_after)
    VALUES (@personId, 'user-auth', @issuerGeneration, @serialNumberHex, @subjectId, @certificateSha256, @notBefore, @notAfter)`);
  const insertRecord = db.prepare<{ insuranceRecordId: number }>(`
    INSERT INTO insurance_records (person_id, position, insurer_kind, insured_card_classification, insurer_number,
      insurer_name, insured_card_symbol, insured_identification_number, insured_branch_number,
      personal_family_classification, insured_name, qualification_date, disqualification_date, reason_of_loss,
      insured_certificate_issuance_date, insured_card_valid_date, insured_card_expiration_date,
      insured_partial_contribution_ratio, elderly_recipient_certificate_date, elderly_recipient_valid_start_date,
      elderly_recipient_valid_end_date, elderly_recipient_contribution_ratio,
      limit_application_certificate_classification, limit_application_certificate_classification_flag,
      limit_application_certificate_date, limit_application_certificate_valid_start_date,
      limit_application_certificate_valid_end_date, limit_application_certificate_long_term_date,
      welfare_office_name, public_expense_number, beneficiary_number)
    VALUES (@personId, @position, @insurerKind, @cardClassification, @insurerNumber,
      @insurerName, @symbol, @identificationNumber, @branchNumber,
      @personalFamily, @insuredName, @qualificationDate, @disqualificationDate, @reasonOfLoss,
      @issuanceDate, @cardValidDate, @cardExpirationDate,
      @contributionRatio, @elderlyDate, @elderlyStart, @elderlyEnd, @elderlyRatio,
      @limitClassification, @limitFlag, @limitDate, @limitStart, @limitEnd, @limitLongTerm,
      @welfareOfficeName, @publicExpenseNumber, @beneficiaryNumber)
    RETURNING insurance_record_id AS insuranceRecordId`);
  const insertDisease = db.prepare(`
    INSERT INTO specific_disease_certificates (insurance_record_id, position, disease_category, certificate_date,
      valid_start_date, valid_end_date, self_pay)
    VALUES (@recordId, @position, @category, @certificateDate, @validStart, @validEnd, @selfPay)`);
  const insertTicket = db.prepare(`
    INSERT INTO medical_tickets (insurance_record_id, position, valid_date, expiration_date, issue_number,
      medical_treatment_month, designated_medical_institution_code, designated_medical_institution_name,
      prescription_issuer_medical_institution_code, prescription_issuer_medical_institution_name,
      injury_name1, injury_name2, injury_name3, self_pay_amount, district_contact_name, handling_contact_name,
      remarks1, remarks2, remarks3)
    VALUES (@recordId, @position, @validDate, @expirationDate, @issueNumber, @month, @designatedCode, @designatedName,
      @prescriberCode, @prescriberName, @injury1, @injury2, @injury3, @selfPay, @districtContact, @handlingContact,
      @remarks1, @remarks2, @remarks3)`);

  const writeRecord = (personId: number, record: InsuranceRecord, position: number) => {
    const elderly = record.ElderlyRecipientCertificateInfo;
    const limit = record.LimitApplicationCertificateRelatedInfo;
    const row = insertRecord.get({
      personId,
      position,
      insurerKind: record.insurerKind,
      cardClassification: record.InsuredCardClassification,
      insurerNumber: record.InsurerNumber,
      insurerName: record.InsurerName,
      symbol: orNull(record.InsuredCardSymbol),
      identificationNumber: record.InsuredIdentificationNumber,
      branchNumber: orNull(record.InsuredBranchNumber),
      personalFamily: orNull(record.PersonalFamilyClassification),
      insuredName: orNull(record.InsuredName),
      qualificationDate: record.QualificationDate,
      disqualificationDate: orNull(record.DisqualificationDate),
      reasonOfLoss: orNull(record.ReasonOfLoss),
      issuanceDate: orNull(record.InsuredCertificateIssuanceDate),
      cardValidDate: orNull(record.InsuredCardValidDate),
      cardExpirationDate: orNull(record.InsuredCardExpirationDate),
      contributionRatio: orNull(record.InsuredPartialContributionRatio),
      elderlyDate: orNull(elderly?.ElderlyRecipientCertificateDate),
      elderlyStart: orNull(elderly?.ElderlyRecipientValidStartDate),
      elderlyEnd: orNull(elderly?.ElderlyRecipientValidEndDate),
      elderlyRatio: orNull(elderly?.ElderlyRecipientContributionRatio),
      limitClassification: orNull(limit?.LimitApplicationCertificateClassification),
      limitFlag: orNull(limit?.LimitApplicationCertificateClassificationFlag),
      limitDate: orNull(limit?.LimitApplicationCertificateDate),
      limitStart: orNull(limit?.LimitApplicationCertificateValidStartDate),
      limitEnd: orNull(limit?.LimitApplicationCertificateValidEndDate),
      limitLongTerm: orNull(limit?.LimitApplicationCertificateLongTermDate),
      welfareOfficeName: orNull(record.WelfareOfficeName),
      publicExpenseNumber: orNull(record.PublicExpenseNumber),
      beneficiaryNumber: orNull(record.BeneficiaryNumber),
    });
    // RETURNING always yields the inserted row.
    const recordId = row!.insuranceRecordId;
    record.SpecificDiseasesCertificateList?.forEach((disease, index) =>
      insertDisease.run({
        recordId,
        position: index,
        category: disease.SpecificDiseasesDiseaseCategory,
        certificateDate: disease.SpecificDiseasesCertificateDate,
        validStart: disease.SpecificDiseasesValidStartDate,
        validEnd: orNull(disease.SpecificDiseasesValidEndDate),
        selfPay: disease.SpecificDiseasesSelfPay,
      }),
    );
    record.PublicExpenseResultList?.forEach((ticket, index) =>
      insertTicket.run({
        recordId,
        position: index,
        validDate: ticket.MedicalTicketValidDate,
        expirationDate: ticket.MedicalTicketExpirationDate,
        issueNumber: ticket.IssueNumber,
        month: ticket.MedicalTreatmentMonth,
        designatedCode: ticket.DesignatedMedicalInstitutionCode,
        designatedName: ticket.DesignatedMedicalInstitutionName,
        prescriberCode: orNull(ticket.PrescriptionIssuerMedicalInstitutionCode),
        prescriberName: orNull(ticket.PrescriptionIssuerMedicalInstitutionName),
        injury1: orNull(ticket.InjuryName1),
        injury2: orNull(ticket.InjuryName2),
        injury3: orNull(ticket.InjuryName3),
        selfPay: ticket.SelfPayAmount,
        districtContact: orNull(ticket.DistrictContactName),
        handlingContact: orNull(ticket.HandlingContactName),
        remarks1: orNull(ticket.Remarks1),
        remarks2: orNull(ticket.Remarks2),
        remarks3: orNull(ticket.Remarks3),
      }),
    );
  };

  /** Upserts the person and rewrites their identity rows; returns the stable person_id. */
  return function writePerson(person: Person, link: CertificateLinkInput, fixtureSha256: string): number {
    const { personId } = insertPerson.get({
      externalId: person.id,
      fixtureSha256,
      nameKanji: person.name.kanji,
      nameKana: person.name.kana,
      nameKanaFullWidth: person.name.kanaFullWidth,
      // The record may hold another identity than the card (a 紐付け誤り fixture).
      birthDate: person.qualification.recordIdentity?.birthDate ?? person.birthDate,
      sex: person.qualification.recordIdentity?.sex ?? person.sex,
      postCode: person.address.postCode,
      address: person.address.text,
      lateElderly: person.lateElderly ? 1 : 0,
      cardKind: person.card.kind,
      scenario: person.qualification.scenario,
      validity: person.qualification.QualificationValidity,
      // The fixtures model the 本人確認判定 only through the block a mismatch causes.
      identityCheck: person.qualification.viewingBlocked ? 'mismatched' : 'matched',
      viewingBlocked: person.qualification.viewingBlocked ? 1 : 0,
    })!;
    for (const statement of deleteChildren) statement.run({ personId });
    insertLink.run({ personId, ...link });
    person.insurance.forEach((record, position) => writeRecord(personId, record, position));
    return personId;
  };
}
