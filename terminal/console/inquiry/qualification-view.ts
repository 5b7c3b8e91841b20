import {
  canonicalInsurerNumber,
  CONTRIBUTION_RATIO,
  INSURED_CARD_CLASSIFICATION,
  isCodeOf,
  judgeQualificationResponse,
  LIMIT_APPLICATION_CERTIFICATE_CLASSIFICATION,
  LIMIT_APPLICATION_CLASSIFICATION_FLAG,
  LIMIT_APPLICATION_CONSENT,
  PERSONAL_FAMILY_CLASSIFICATION,
  PRESCHOOL_CLASSIFICATION,
  QUALIFICATION_VALIDITY,
  REASON_OF_LOSS,
  SEX,
  SPECIFIC_DISEASES_CATEGORY,
  SPECIFIC_DISEASES_CONSENT,
  type BulkResult,
  type CodeTable,
  type ExpectedIdentity,
  type QualificationResponse,
  type QualificationResult,
  type QualificationValidity,
} from '../../../oqs';
import { qualificationResponseOf } from '../../../oqs/client';
import type { CardConfirmationAnswer } from '../../../flow/ports/central-system';
import type { CodeView, StaffAction, PeriodView, PersonQualificationView, QualificationView } from '../../../flow/contract/inquiry-views';
export type { CodeView, StaffActionCode, StaffAction, PeriodView, PersonQualificationView, QualificationViewKind, QualificationView } from '../../../flow/contract/inquiry-views';

/**
 * The 資格 view staff see, from a 資格確認 answer: the kiosk's card receptions (the answer's
 * document), 個別照会 and each person of a 一括照会. Every code comes with its words from the code
 * tables (oqs-interface.md §4); QualificationValidity also with what it asks of staff (§3.2). Data a
 * consent flag guards is shown only when the flag says 同意. Plain data: it goes to a page as JSON.
 */

/**
 * The staff action of each QualificationValidity: §3.2's terminal behaviour (inferred there), said
 * as an instruction to a receptionist.
 */
export const STAFF_ACTION_OF_VALIDITY: Readonly<Record<QualificationValidity, StaffAction>> = {
  '1': { code: 'USE_QUALIFICATION', words: '資格は有効です。この資格情報で受付してください。' },
  '2': {
    code: 'CONFIRM_CURRENT_CERTIFICATE',
    words: '資格は無効です（喪失日・喪失事由を確認）。現在の資格確認書または保険証の提示を求め、提示がなければ自費（10割負担）となることを説明してください。',
  },
  '3': {
    code: 'REQUERY_WITH_NEW_KEYS',
    words: '照会した記号・番号の資格は無効で、新しい資格があります。新しい資格確認書等の記号・番号で再照会するか、患者さんに確認してください。',
  },
  '4': {
    code: 'CHECK_INPUT',
    words: '該当する資格がありません。入力内容（保険者番号・記号・番号・枝番・生年月日）を確認してください。保険者の登録前の可能性もあるため、資格確認書等の提示を求めてください。',
  },
  '5': { code: 'CHOOSE_QUALIFICATION', words: '複数の資格が該当しました。患者さんに確認し、職員が該当する資格を選んでください（自動では選びません）。' },
  '6': { code: 'MEDICAL_AID_UNREGISTERED', words: '医療扶助の資格があります（未登録）。医療券等を確認してください。' },
};

const PROCESSING_ERROR_ACTION: StaffAction = {
  code: 'CHECK_ERROR',
  words: '照会は処理されませんでした（処理結果コードを確認）。入力内容を確認し、資格確認書等の提示を求めてください。',
};
const NOT_ANSWERED_ACTION: StaffAction = {
  code: 'RETRY_LATER',
  words: '照会の回答を得られませんでした。時間をおいて再照会するか、資格確認書等で確認してください。',
};

type BulkUnit = BulkResult['MessageBody']['BulkConfirmUnit'][number];

/** A 個別照会 (or card) answer, judged by §3.2 first. */
export function qualificationViewOfResponse(response: QualificationResponse, expected: ExpectedIdentity): QualificationView {
  const judgement = judgeQualificationResponse(response, expected);
  switch (judgement.kind) {
    case 'qualification':
      return viewOf(judgement.validity, judgement.results);
    case 'processing-error':
      return processingError(judgement.code, judgement.message);
    case 'failed':
      return notAnswered(judgement.errorCode ?? `SEGMENT_OF_RESULT_${judgement.segmentOfResult ?? 'MISSING'}`, judgement.errorMessage);
    case 'pending':
      return notAnswered('PROCESSING', undefined);
    case 'not-ours':
      return notAnswered('NOT_OURS', `${judgement.field} does not match`);
    case 'incomplete':
      return notAnswered('INCOMPLETE', judgement.reason);
    case 'unreadable':
      return notAnswered(judgement.error.code, undefined);
  }
}

/**
 * A kiosk reception's card answer (the flow carries the parsed answer as its document): the same view
 * staff get from 照会. The client checked the answer is ours and bound to the reception.
 */
export function qualificationViewOfCardAnswer(answer: CardConfirmationAnswer): QualificationView {
  const response = qualificationResponseOf(answer.document);
  if (response === undefined) return notAnswered('NO_DOCUMENT', undefined);
  return qualificationViewOfResponse(response, { medicalInstitutionCode: response.MessageHeader.MedicalInstitutionCode, arbitraryFileIdentifier: answer.receptionId });
}

/** One person's unit of a 一括照会 result (the result sits in the unit, without ResultList). */
export function qualificationViewOfBulkUnit(unit: BulkUnit): QualificationView {
  if (unit.ProcessingResultStatus === '2') return processingError(unit.ProcessingResultCode, unit.ProcessingResultMessage);
  const validity = unit.QualificationValidity;
  if (validity === undefined || !isCodeOf(QUALIFICATION_VALIDITY, validity)) return notAnswered('INCOMPLETE', 'QualificationValidity is missing');
  return viewOf(validity, unit.ResultOfQualificationConfirmation);
}

/** A view for an answer that never came (a failure of the call): the code says why. */
export function notAnswered(code: string | undefined, message: string | undefined): QualificationView {
  return { kind: 'not-answered', validity: undefined, action: NOT_ANSWERED_ACTION, needsStaff: true, people: [], problem: { code, message } };
}

function processingError(code: string | undefined, message: string | undefined): QualificationView {
  return { kind: 'processing-error', validity: undefined, action: PROCESSING_ERROR_ACTION, needsStaff: true, people: [], problem: { code, message } };
}

function viewOf(validity: QualificationValidity, results: readonly QualificationResult[]): QualificationView {
  const usable = validity === '1' || validity === '6';
  return {
    kind: 'qualification',
    validity: { code: validity, label: QUALIFICATION_VALIDITY[validity] },
    action: STAFF_ACTION_OF_VALIDITY[validity],
    needsStaff: !usable || results.length !== 1,
    people: results.map(personView),
  };
}

export function personView(result: QualificationResult): PersonQualificationView {
  const elderly = result.ElderlyRecipientCertificateInfo;
  const elderlyRatio = optionalCode(CONTRIBUTION_RATIO, elderly?.ElderlyRecipientContributionRatio);
  return {
    name: result.Name,
    nameKana: result.NameKana,
    birthDate: isoDate(result.Birthdate),
    sex: codeView(SEX, result.Sex1),
    insuredCardClassification: codeView(INSURED_CARD_CLASSIFICATION, result.InsuredCardClassification),
    insurerNumber: insurerNumberView(result.InsurerNumber),
    insurerName: result.InsurerName ?? result.WelfareOfficeName,
    symbol: result.InsuredCardSymbol,
    number: result.InsuredIdentificationNumber,
    branchNumber: result.InsuredBranchNumber,
    personalFamily: optionalCode(PERSONAL_FAMILY_CLASSIFICATION, result.PersonalFamilyClassification),
    contributionRatio: optionalCode(CONTRIBUTION_RATIO, result.InsuredPartialContributionRatio) ?? elderlyRatio,
    elderlyRecipient:
      elderly === undefined
        ? undefined
        : {
            contributionRatio: elderlyRatio,
            certificateDate: optionalIsoDate(elderly.ElderlyRecipientCertificateDate),
            valid: period(elderly.ElderlyRecipientValidStartDate, elderly.ElderlyRecipientValidEndDate),
          },
    limitApplication: limitApplicationView(result),
    specificDiseases: specificDiseasesView(result),
    validPeriod: period(result.InsuredCardValidDate ?? result.QualificationDate, result.InsuredCardExpirationDate ?? result.DisqualificationDate),
    qualificationDate: optionalIsoDate(result.QualificationDate),
    disqualificationDate: optionalIsoDate(result.DisqualificationDate),
    reasonOfLoss: optionalCode(REASON_OF_LOSS, result.ReasonOfLoss),
    preschool: result.PreschoolClassification !== undefined && isCodeOf(PRESCHOOL_CLASSIFICATION, result.PreschoolClassification),
    referenceNumber: result.ReferenceNumber,
  };
}

function limitApplicationView(result: QualificationResult): PersonQualificationView['limitApplication'] {
  const consent = optionalCode(LIMIT_APPLICATION_CONSENT, result.LimitApplicationCertificateRelatedConsFlg);
  const info = result.LimitApplicationCertificateRelatedInfo;
  if (consent === undefined && info === undefined) return undefined;
  if (consent?.code !== '1') return { consent, shown: false };
  return {
    consent,
    shown: true,
    certificate: optionalCode(LIMIT_APPLICATION_CERTIFICATE_CLASSIFICATION, info?.LimitApplicationCertificateClassification),
    classification: optionalCode(LIMIT_APPLICATION_CLASSIFICATION_FLAG, info?.LimitApplicationCertificateClassificationFlag),
    valid: period(info?.LimitApplicationCertificateValidStartDate, info?.LimitApplicationCertificateValidEndDate),
    longTermDate: optionalIsoDate(info?.LimitApplicationCertificateLongTermDate),
  };
}

function specificDiseasesView(result: QualificationResult): PersonQualificationView['specificDiseases'] {
  const consent = optionalCode(SPECIFIC_DISEASES_CONSENT, result.SpecificDiseasesCertificateRelatedConsFlg);
  const list = result.SpecificDiseasesCertificateList ?? [];
  if (consent === undefined && list.length === 0) return undefined;
  const shown = consent === undefined || consent.code === '1';
  return {
    consent,
    shown,
    certificates: shown
      ? list.map((certificate) => ({
          category: optionalCode(SPECIFIC_DISEASES_CATEGORY, certificate.SpecificDiseasesDiseaseCategory),
          valid: period(certificate.SpecificDiseasesValidStartDate, certificate.SpecificDiseasesValidEndDate),
          selfPayYen: certificate.SpecificDiseasesSelfPay === undefined ? undefined : Number(certificate.SpecificDiseasesSelfPay),
        }))
      : [],
  };
}

/** 6 digits for 国保 whichever padding the answer came in: spaces from a file, zeros from the JSON API (§2.3). */
function insurerNumberView(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : canonicalInsurerNumber(value);
}

function codeView(table: CodeTable, code: string): CodeView {
  return { code, label: isCodeOf(table, code) ? table[code] : undefined };
}

function optionalCode(table: CodeTable, code: string | undefined): CodeView | undefined {
  return code === undefined ? undefined : codeView(table, code);
}

function period(from: string | undefined, to: string | undefined): PeriodView {
  return { from: optionalIsoDate(from), to: optionalIsoDate(to) };
}

/** yyyyMMdd (the codec checked it) → YYYY-MM-DD. */
function isoDate(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

function optionalIsoDate(compact: string | undefined): string | undefined {
  return compact === undefined ? undefined : isoDate(compact);
}
