import type {
  CardConfirmationFacts,
  CardConfirmationOutcome,
  CardConfirmationRequest,
  CentralFailure,
  CentralSystem,
  PresenceChallenge,
} from '../../flow/ports/central-system';
import { cardQualificationRequest } from '../messages/card-qualification-messages';
import {
  checkupRequest,
  checkupResponse,
  drugInfoRequest,
  drugInfoResponse,
  type CheckupRequest,
  type CheckupResponse,
  type DrugInfoRequest,
  type DrugInfoResponse,
} from '../messages/drug-and-checkup-messages';
import { qualificationRequest, qualificationResponse, type QualificationResponse, type QualificationSearchInfo } from '../messages/qualification-messages';
import {
  referenceNumberRequest,
  referenceNumberResponse,
  type ReferenceNumberRequest,
  type ReferenceNumberResponse,
} from '../messages/reference-number-messages';
import { failureOfAnsweredHeader } from './answer-header-check';
import {
  BULK_API_PATHS,
  BulkQualificationCalls,
  type BulkAcceptance,
  type BulkCallsRuntime,
  type BulkFetchOutcome,
  type BulkRunOptions,
  type BulkRunOutcome,
  type BulkSubmitOptions,
} from './bulk-qualification';
import { cardConfirmationAnswerOf } from './card-answer';
import { cardQualificationRequestOf } from './card-request';
import { jsonOf, type CentralConnection } from './central-connection';
import { centralFailure } from './failure-mapping';
import { exchangeMessage } from './message-exchange';
import { timerWait } from './abortable-wait';
import { DEFAULT_BULK_POLL_POLICY } from './central-client-config';
import { presenceDigestOf, type ReaderSigner } from './presence-proof';

export const CENTRAL_API_PATHS = {
  qualificationSearch: '/oqs-api-pro/MSA01030/ILI01030SV01/search',
  cardChallenge: '/oqs-api-pro/mock/card/challenge',
  cardSearch: '/oqs-api-pro/mock/card/search',
  drugInfo: '/oqs-api-pro/mock/yzk/search',
  checkup: '/oqs-api-pro/mock/tkk/search',
  referenceNumber: '/oqs-api-pro/mock/siimm/register',
  bulkUpload: BULK_API_PATHS.upload,
  bulkResult: BULK_API_PATHS.result,
} as const;

/** Per call: the caller may give up early (the request's own time limit applies anyway). */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface QualificationQueryOptions extends CallOptions {
  /** Echoed in the answer and checked there. */
  readonly arbitraryFileIdentifier?: string;
  /** yyyyMMdd: the date eligibility is judged on; default the central system's today. */
  readonly qualificationConfirmationDate?: string;
}

/** The 被保険者証 keys and options of a 薬剤情報 or 特定健診 request (the facility is added here). */
export type MedicalDataKeys = Omit<DrugInfoRequest['MessageHeader'], 'MedicalInstitutionCode'>;

export type QueryOutcome<T> = { readonly ok: true; readonly response: T } | CentralFailure;

/**
 * The terminal's client of the central system: the flow's `CentralSystem` port (challenge, digest, card
 * request) and the queries the terminal makes besides (個別照会, 薬剤情報, 特定健診, 一括照会, 照会番号登録). Every method
 * returns a result; refusals (NO_CONSENT, VIEWING_BLOCKED, MULTIPLE_PERSONS, …) are CENTRAL_REFUSED
 * with their `centralCode`.
 */
export class OqsCentralSystem implements CentralSystem {
  private readonly bulk: BulkQualificationCalls;

  constructor(
    private readonly connection: CentralConnection,
    private readonly medicalInstitutionCode: string,
    private readonly reader: ReaderSigner | undefined,
    private readonly onClose: () => void = () => {},
    bulkRuntime: Omit<BulkCallsRuntime, 'connection' | 'medicalInstitutionCode'> = { wait: timerWait, now: () => new Date(), poll: DEFAULT_BULK_POLL_POLICY },
  ) {
    this.bulk = new BulkQualificationCalls({ ...bulkRuntime, connection, medicalInstitutionCode });
  }

  async presenceChallenge(options: CallOptions = {}): Promise<PresenceChallenge | CentralFailure> {
    return guarded(async () => {
      // A challenge only costs the central system a row that expires: asking again is harmless.
      const outcome = await this.connection.postJson(CENTRAL_API_PATHS.cardChallenge, {}, { rule: 'repeatable', ...options });
      if (!outcome.ok) return outcome;
      const issued = jsonOf(outcome.answer) as { Challenge?: unknown; ExpiresAt?: unknown } | undefined;
      const challenge = typeof issued?.Challenge === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(issued.Challenge) ? Buffer.from(issued.Challenge, 'base64') : undefined;
      const expiresAt = typeof issued?.ExpiresAt === 'string' ? new Date(issued.ExpiresAt) : undefined;
      if (challenge === undefined || challenge.length === 0 || expiresAt === undefined || Number.isNaN(expiresAt.getTime())) {
        return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'challenge answer without Challenge (base64) and ExpiresAt');
      }
      return { challenge: new Uint8Array(challenge), expiresAt };
    });
  }

  presenceDigest(challenge: Uint8Array, facts: CardConfirmationFacts): Uint8Array {
    return presenceDigestOf(this.medicalInstitutionCode, challenge, facts);
  }

  async confirmByCard(request: CardConfirmationRequest, options: CallOptions = {}): Promise<CardConfirmationOutcome> {
    return guarded(async () => {
      const model = cardQualificationRequestOf(this.medicalInstitutionCode, request, this.reader);
      if (model === undefined) return centralFailure('CENTRAL_AUTH_FAILED', false, 'no reader key configured for a reader attestation');
      const outcome = await exchangeMessage(
        this.connection,
        CENTRAL_API_PATHS.cardSearch,
        { codec: cardQualificationRequest, model },
        qualificationResponse,
        { rule: 'only-if-unsent', ...options },
      );
      if (!outcome.ok) return outcome;
      return cardConfirmationAnswerOf(outcome.message, { medicalInstitutionCode: this.medicalInstitutionCode, receptionId: request.receptionId });
    });
  }

  /** 個別照会 (OQSsiquc01req) by the 被保険者証 keys. */
  async qualificationByInsuranceKeys(search: QualificationSearchInfo, options: QualificationQueryOptions = {}): Promise<QueryOutcome<QualificationResponse>> {
    return guarded(async () => {
      const header = {
        MedicalInstitutionCode: this.medicalInstitutionCode,
        ...(options.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: options.arbitraryFileIdentifier }),
        ...(options.qualificationConfirmationDate === undefined ? {} : { QualificationConfirmationDate: options.qualificationConfirmationDate }),
      };
      const outcome = await exchangeMessage(
        this.connection,
        CENTRAL_API_PATHS.qualificationSearch,
        { codec: qualificationRequest, model: { MessageHeader: header, MessageBody: { QualificationConfirmSearchInfo: search } } },
        qualificationResponse,
        callRule(options),
      );
      return this.checked(outcome, options.arbitraryFileIdentifier);
    });
  }

  /** 薬剤情報・診療情報 (YZK): only with the person's consent to this facility in force. */
  async drugInformation(keys: MedicalDataKeys, body: DrugInfoRequest['MessageBody'], options: CallOptions = {}): Promise<QueryOutcome<DrugInfoResponse>> {
    return guarded(async () => {
      const outcome = await exchangeMessage(
        this.connection,
        CENTRAL_API_PATHS.drugInfo,
        { codec: drugInfoRequest, model: { MessageHeader: { ...keys, MedicalInstitutionCode: this.medicalInstitutionCode }, MessageBody: body } },
        drugInfoResponse,
        callRule(options),
      );
      return this.checked(outcome, keys.ArbitraryFileIdentifier);
    });
  }

  /** 特定健診情報 (TKK): only with the person's consent to this facility in force. */
  async checkupInformation(keys: MedicalDataKeys, body: CheckupRequest['MessageBody'], options: CallOptions = {}): Promise<QueryOutcome<CheckupResponse>> {
    return guarded(async () => {
      const outcome = await exchangeMessage(
        this.connection,
        CENTRAL_API_PATHS.checkup,
        { codec: checkupRequest, model: { MessageHeader: { ...keys, MedicalInstitutionCode: this.medicalInstitutionCode }, MessageBody: body } },
        checkupResponse,
        callRule(options),
      );
      return this.checked(outcome, keys.ArbitraryFileIdentifier);
    });
  }

  /**
   * 照会番号登録 (OQSsiimm01req): the facility's key for the person the 被保険者証 keys name. Sending it
   * again stores the same number again, so a repetition is harmless.
   */
  async registerReferenceNumber(
    info: ReferenceNumberRequest['MessageBody']['ReferenceNumberRegistrationInfo'],
    options: CallOptions & { readonly arbitraryFileIdentifier?: string } = {},
  ): Promise<QueryOutcome<ReferenceNumberResponse>> {
    return guarded(async () => {
      const header = {
        MedicalInstitutionCode: this.medicalInstitutionCode,
        ...(options.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: options.arbitraryFileIdentifier }),
      };
      const outcome = await exchangeMessage(
        this.connection,
        CENTRAL_API_PATHS.referenceNumber,
        { codec: referenceNumberRequest, model: { MessageHeader: header, MessageBody: { ReferenceNumberRegistrationInfo: info } } },
        referenceNumberResponse,
        callRule(options),
      );
      return this.checked(outcome, options.arbitraryFileIdentifier);
    });
  }

  /** 一括照会 upload (OQSmuquc01req): the 受付番号 to fetch the result with. */
  async submitBulkQualification(persons: readonly QualificationSearchInfo[], options: BulkSubmitOptions = {}): Promise<BulkAcceptance | CentralFailure> {
    return guarded(() => this.bulk.submit(persons, options));
  }

  /** 一括照会 result (OQSmuquc02req), once: `processing` while the central system says 処理中. */
  async bulkQualificationResult(receptionNumber: string, options: CallOptions = {}): Promise<BulkFetchOutcome> {
    return guarded(() => this.bulk.fetch(receptionNumber, options));
  }

  /** 一括照会 from upload to result, polling while 処理中 within the client's (or the call's) bounds. */
  async bulkQualification(persons: readonly QualificationSearchInfo[], options: BulkRunOptions = {}): Promise<BulkRunOutcome> {
    return guarded(() => this.bulk.run(persons, options));
  }

  /** Ends the kept-alive connections; later calls open new ones. */
  close(): void {
    this.onClose();
  }

  private checked<T extends { MessageHeader: Parameters<typeof failureOfAnsweredHeader>[0] }>(
    outcome: { ok: true; message: T } | CentralFailure,
    arbitraryFileIdentifier: string | undefined,
  ): QueryOutcome<T> {
    if (!outcome.ok) return outcome;
    const failure = failureOfAnsweredHeader(outcome.message.MessageHeader, {
      medicalInstitutionCode: this.medicalInstitutionCode,
      ...(arbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier }),
    });
    return failure ?? { ok: true, response: outcome.message };
  }
}

/** Read-only queries: a repetition returns the same answer (it only adds a provision record). */
function callRule(options: CallOptions) {
  return { rule: 'repeatable' as const, ...(options.signal === undefined ? {} : { signal: options.signal }) };
}

/** The port's promise: nothing throws out. A throw here is a bug of ours, reported as a failure to read. */
async function guarded<T>(call: () => Promise<T | CentralFailure>): Promise<T | CentralFailure> {
  try {
    return await call();
  } catch (error) {
    return centralFailure('CENTRAL_MALFORMED_ANSWER', false, `client error: ${error instanceof Error ? error.name : 'unknown'}`);
  }
}
