import {
  type CardQualificationRequest,
  type QualificationRequest,
  type QualificationResponse,
  type QualificationResult,
} from '../../oqs';
import { judgeInsuranceKeyMatches, judgeQualification, qualificationResultOf } from '../answers';
import { isCentralStoreError, type ConsentDecision, type PersonWithRecords, type ConsentSource, type StoredInsuranceRecord, type StoredPerson } from '../store';
import { CENTRAL_ERRORS, CentralRefusal, type CentralErrorCode } from './central-errors';
import { consentFlagsAt } from './consent-flags';
import { jstDate, jstDateTime } from './jst-time';
import { providedCategoriesOf } from './provided-categories';
import type { RequestingFacility, ServiceContext } from './service-context';

type ResponseBody = QualificationResponse['MessageBody'];

/** What the server knows of a card request beyond its message. */
export interface CardRequestContext {
  /** True once the client closed its connection. */
  clientGone(): boolean;
  /** Spends the request's proof of presence; throws when it was spent meanwhile. */
  spendProof(): void;
}

const NO_CONTEXT: CardRequestContext = { clientGone: () => false, spendProof: () => undefined };

const SOURCE_OF_METHOD: Record<string, ConsentSource> = { '1': 'reader-face', '2': 'reader-pin', '3': 'reader-visual' };

/** The consent screens' categories as the store names them. */
const CONSENT_FIELDS = [
  ['PharmaceuticalInfoConsFlg', 'pharmaceutical'],
  ['SpecificHealthCheckupsInfoConsFlg', 'specific-health-checkup'],
  ['DiagnosisInfoConsFlg', 'diagnosis'],
  ['OperationInfoConsFlg', 'operation'],
] as const;

/**
 * 資格確認: by card (ReferenceClassification 1: the certificate is verified, then the person it was
 * linked to is answered, and the consent screens' answers are registered for this facility) and by
 * 記号・番号・枝番 + 生年月日 (個別照会, ReferenceClassification 2). Every answer that names a person is
 * written to that person's やりとり履歴.
 */
export class QualificationService {
  constructor(private readonly context: ServiceContext) {}

  /**
   * `clientGone` is asked once the certificate is verified: a client that gave up by then gets nothing
   * registered. Spending the proof, the consents, the provision record and the answer are then one
   * transaction.
   */
  async byCard(facility: RequestingFacility, request: CardQualificationRequest, now: Date, within: CardRequestContext = NO_CONTEXT): Promise<QualificationResponse> {
    const header = this.header(facility, request.MessageHeader, now, '1');
    const certificate = decodeBase64(request.MessageBody.CardAuthenticationInfo.UserAuthCertificate);
    const identity = await this.context.identities.resolve(certificate, now);
    if (!identity.ok) {
      this.context.inTransaction(within.spendProof);
      this.context.auditRefusal(identity.code, 'qualification-by-card', facility.medicalInstitutionCode, now);
      return { MessageHeader: header, MessageBody: processingError(identity.code, identity.verificationCode) };
    }
    const { found } = identity;
    return this.context.inTransaction(() => {
      if (within.clientGone()) throw new CentralRefusal('REQUEST_ABORTED', 'the client left before the answer');
      within.spendProof();
      return this.answerCard(facility, request, found, header, now);
    });
  }

  private answerCard(
    facility: RequestingFacility,
    request: CardQualificationRequest,
    found: PersonWithRecords,
    header: QualificationResponse['MessageHeader'],
    now: Date,
  ): QualificationResponse {
    const answers = request.MessageBody.ConsentInfo;
    if (answers !== undefined) this.registerConsents(facility, found.person, answers, request.MessageBody.CardAuthenticationInfo.AuthenticationMethod, now);

    const judgedOn = header.QualificationConfirmationDate ?? jstDate(now);
    const judged = judgeQualification(found, judgedOn);
    const limitConsent = answers?.LimitApplicationCertificateRelatedConsFlg === '1';
    const consents = consentFlagsAt(this.context.consents, facility.facilityId, found.person.personId, now);
    const results = judged.records.map((record) =>
      this.result(found.person, record, { limitConsent, now, consents }),
    );
    this.recordProvision(facility, found.person, 'qualification-by-card', judged.records, limitConsent, now);
    return { MessageHeader: header, MessageBody: this.body(judged.validity, results, facility, now) };
  }

  byInsuranceKeys(facility: RequestingFacility, request: QualificationRequest, now: Date): QualificationResponse {
    const header = this.header(facility, request.MessageHeader, now, '2');
    const keys = request.MessageBody.QualificationConfirmSearchInfo;
    const judgedOn = header.QualificationConfirmationDate ?? jstDate(now);
    const judged = judgeInsuranceKeyMatches(this.findByKeys(keys), judgedOn, { recordsOf: this.recordsOf });
    const limitConsent = keys.LimitApplicationCertificateRelatedConsFlg === '1';
    const results = judged.results.map(({ person, record }) =>
      this.result(person, record, { limitConsent, now, ...(keys.ArbitraryIdentifier === undefined ? {} : { arbitraryIdentifier: keys.ArbitraryIdentifier }) }),
    );
    for (const person of distinctPersons(judged.results.map((result) => result.person))) {
      const records = judged.results.filter((result) => result.person.personId === person.personId).map((result) => result.record);
      this.recordProvision(facility, person, 'qualification-by-insurance-keys', records, limitConsent, now);
    }
    return {
      MessageHeader: header,
      MessageBody: { ...this.body(judged.validity, results, facility, now), QualificationConfirmSearchInfo: searchInfoEcho(keys, limitConsent) },
    };
  }

  /** Every record of a person: old keys answer 3 (無効（新しい資格あり）) only if the newer record is seen. */
  readonly recordsOf = (person: StoredPerson): StoredInsuranceRecord[] => this.context.people.findByExternalId(person.externalId)?.records ?? [];

  /** 個別照会 keys → matches; a key the store cannot read is the caller's invalid value. */
  findByKeys(keys: QualificationRequest['MessageBody']['QualificationConfirmSearchInfo']) {
    try {
      return this.context.people.findByInsuranceKeys({
        insurerNumber: keys.InsurerNumber,
        insuredIdentificationNumber: keys.InsuredIdentificationNumber,
        birthDate: keys.Birthdate,
        ...(keys.InsuredCardSymbol === undefined ? {} : { insuredCardSymbol: keys.InsuredCardSymbol }),
        ...(keys.InsuredBranchNumber === undefined ? {} : { insuredBranchNumber: keys.InsuredBranchNumber }),
      });
    } catch (error) {
      if (isCentralStoreError(error)) throw new CentralRefusal('INVALID_VALUE', error.code);
      throw error;
    }
  }

  private registerConsents(
    facility: RequestingFacility,
    person: StoredPerson,
    answers: NonNullable<CardQualificationRequest['MessageBody']['ConsentInfo']>,
    method: string,
    now: Date,
  ): void {
    const decisions: ConsentDecision[] = [];
    for (const [field, category] of CONSENT_FIELDS) {
      const answer = answers[field];
      if (answer !== undefined) decisions.push({ category, granted: answer === '1' });
    }
    if (decisions.length === 0) return;
    this.context.consents.record({
      facilityId: facility.facilityId,
      personId: person.personId,
      decisions,
      consentedAt: now,
      source: SOURCE_OF_METHOD[method] ?? 'reader-visual',
    });
  }

  private result(
    person: StoredPerson,
    record: StoredInsuranceRecord,
    options: { limitConsent: boolean; now: Date; consents?: ReturnType<typeof consentFlagsAt>; arbitraryIdentifier?: string },
  ): QualificationResult {
    const result = qualificationResultOf(person, record, {
      consentNaming: this.context.settings.consentNaming,
      ...(options.consents === undefined ? {} : { consents: options.consents }),
      ...(options.arbitraryIdentifier === undefined ? {} : { arbitraryIdentifier: options.arbitraryIdentifier }),
    });
    // 限度額適用認定証 information leaves only with the patient's consent to it (OQSCD001).
    if (!options.limitConsent) {
      const { LimitApplicationCertificateRelatedInfo: _withheld, ...rest } = result;
      return { ...rest, LimitApplicationCertificateRelatedConsFlg: '0' };
    }
    return { ...result, LimitApplicationCertificateRelatedConsFlg: '1', LimitApplicationCertificateRelatedConsTime: jstDateTime(options.now) };
  }

  private body(validity: string, results: QualificationResult[], facility: RequestingFacility, now: Date): ResponseBody {
    if (validity === '4' && this.context.settings.notFoundAs === 'processing-error') {
      this.context.auditRefusal('PERSON_NOT_FOUND', 'qualification-by-insurance-keys', facility.medicalInstitutionCode, now);
      return processingError('PERSON_NOT_FOUND');
    }
    return {
      ProcessingResultStatus: '1',
      QualificationValidity: validity as NonNullable<ResponseBody['QualificationValidity']>,
      ...(results.length > 0 ? { ResultList: results } : {}),
    };
  }

  private header(facility: RequestingFacility, request: { QualificationConfirmationDate?: string; ArbitraryFileIdentifier?: string }, now: Date, classification: '1' | '2') {
    return {
      ProcessExecutionTime: jstDateTime(now),
      QualificationConfirmationDate: request.QualificationConfirmationDate ?? jstDate(now),
      MedicalInstitutionCode: facility.medicalInstitutionCode,
      ...(request.ArbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: request.ArbitraryFileIdentifier }),
      ReferenceClassification: classification,
      SegmentOfResult: '1',
    } satisfies QualificationResponse['MessageHeader'];
  }

  private recordProvision(
    facility: RequestingFacility,
    person: StoredPerson,
    operation: 'qualification-by-card' | 'qualification-by-insurance-keys',
    records: ReadonlyArray<StoredInsuranceRecord>,
    limitConsent: boolean,
    now: Date,
  ): void {
    this.context.provisions.append({
      facilityId: facility.facilityId,
      personId: person.personId,
      operation,
      dataCategories: providedCategoriesOf(records, limitConsent),
      providedAt: now,
    });
  }
}

/**
 * The search keys as a real 個別照会 answer echoes them, which field clients insist on: every key the
 * request carried (記号, 枝番, ArbitraryIdentifier…), and the 限度額 consent flag the answer was judged
 * by, 0 when the request left it out. The codec writes the 保険者番号 in the answer's width.
 */
function searchInfoEcho(keys: QualificationRequest['MessageBody']['QualificationConfirmSearchInfo'], limitConsent: boolean): ResponseBody['QualificationConfirmSearchInfo'] {
  return { ...keys, LimitApplicationCertificateRelatedConsFlg: limitConsent ? '1' : '0' };
}

/** ProcessingResultStatus 2 with our code: the request was fine, the answer is "cannot". */
export function processingError(code: CentralErrorCode, detail?: string): ResponseBody {
  return {
    ProcessingResultStatus: '2',
    ProcessingResultCode: code,
    ProcessingResultMessage: detail === undefined ? CENTRAL_ERRORS[code].message : `${CENTRAL_ERRORS[code].message} [${detail}]`,
  };
}

function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}

function distinctPersons(persons: ReadonlyArray<StoredPerson>): StoredPerson[] {
  const seen = new Map<number, StoredPerson>();
  for (const person of persons) seen.set(person.personId, person);
  return [...seen.values()];
}
