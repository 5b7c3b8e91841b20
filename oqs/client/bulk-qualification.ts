import type { CentralFailure } from '../../flow/ports/central-system';
import {
  bulkQualificationAcceptance,
  bulkQualificationUpload,
  bulkResult,
  bulkResultRequest,
  type BulkResult,
} from '../messages/bulk-messages';
import type { QualificationSearchInfo } from '../messages/qualification-messages';
import type { Wait } from './abortable-wait';
import { failureOfAnsweredHeader } from './answer-header-check';
import { clampedBulkPollPolicy, type BulkPollPolicy } from './central-client-config';
import type { CentralConnection } from './central-connection';
import { centralFailure } from './failure-mapping';
import { exchangeMessage } from './message-exchange';

export const BULK_API_PATHS = {
  upload: '/oqs-api-pro/mock/bulk/upload',
  result: '/oqs-api-pro/mock/bulk/result',
} as const;

export interface BulkSubmitOptions {
  readonly signal?: AbortSignal;
  /** Echoed in the acceptance and checked there. */
  readonly arbitraryFileIdentifier?: string;
  /** yyyyMMdd: the date eligibility is judged on (for tomorrow's appointments, tomorrow). */
  readonly qualificationConfirmationDate?: string;
}

export interface BulkRunOptions extends BulkSubmitOptions {
  /** Overrides the client's polling policy for this run (bounded the same way). */
  readonly poll?: Partial<BulkPollPolicy>;
  /** Told after the upload was accepted and after every fetch that found the result not ready. */
  readonly onProgress?: (progress: BulkProgress) => void;
}

export type BulkProgress =
  | { readonly kind: 'accepted'; readonly receptionNumber: string }
  | { readonly kind: 'processing'; readonly receptionNumber: string; readonly polls: number };

/** The 受付番号 the central system gave the upload (OQSmuquc01res). */
export interface BulkAcceptance {
  readonly ok: true;
  readonly receptionNumber: string;
  /** yyyyMMddHHmmss, when the central system sent it. */
  readonly receptionDateTime?: string;
}

export type BulkResultUnits = BulkResult['MessageBody']['BulkConfirmUnit'];

export type BulkFetchOutcome =
  | { readonly ok: true; readonly state: 'processing' }
  | { readonly ok: true; readonly state: 'done'; readonly result: BulkResult }
  | CentralFailure;

/** A failure after the upload was accepted names the 受付番号, so the result can still be fetched later. */
export type BulkRunFailure =
  | (CentralFailure & { readonly receptionNumber?: string })
  | {
      readonly ok: false;
      /** The central system still said 処理中 when the overall bound ran out. */
      readonly code: 'BULK_STILL_PROCESSING';
      readonly outage: false;
      readonly receptionNumber: string;
      readonly polls: number;
      readonly detail: string;
    };

export type BulkRunOutcome =
  | { readonly ok: true; readonly receptionNumber: string; readonly result: BulkResult; readonly polls: number }
  | BulkRunFailure;

export interface BulkCallsRuntime {
  readonly connection: CentralConnection;
  readonly medicalInstitutionCode: string;
  readonly wait: Wait;
  readonly now: () => Date;
  readonly poll: BulkPollPolicy;
}

/**
 * 一括照会 (§6.3): the upload (01req → 受付番号), the result fetch (02req → 02res, SegmentOfResult 2
 * while 処理中) and both together, polling at the policy's interval until the result is there or the
 * overall bound has passed by the client's clock. Nothing throws; every outcome is coded.
 */
export class BulkQualificationCalls {
  constructor(private readonly runtime: BulkCallsRuntime) {}

  /**
   * The upload registers a reception at the central system: it is sent again only when no byte of it
   * was written, so a lost answer never leaves two receptions behind.
   */
  async submit(persons: readonly QualificationSearchInfo[], options: BulkSubmitOptions = {}): Promise<BulkAcceptance | CentralFailure> {
    if (persons.length === 0) return centralFailure('CENTRAL_REFUSED', false, 'OQSmuquc01req not sent: no person to confirm');
    const header = {
      MedicalInstitutionCode: this.runtime.medicalInstitutionCode,
      ...(options.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: options.arbitraryFileIdentifier }),
      ...(options.qualificationConfirmationDate === undefined ? {} : { QualificationConfirmationDate: options.qualificationConfirmationDate }),
    };
    const outcome = await exchangeMessage(
      this.runtime.connection,
      BULK_API_PATHS.upload,
      { codec: bulkQualificationUpload, model: { MessageHeader: header, MessageBody: { QualificationConfirmSearchInfo: [...persons] } } },
      bulkQualificationAcceptance,
      { rule: 'only-if-unsent', ...signalOf(options) },
    );
    if (!outcome.ok) return outcome;
    const failure = failureOfAnsweredHeader(outcome.message.MessageHeader, {
      medicalInstitutionCode: this.runtime.medicalInstitutionCode,
      ...(options.arbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: options.arbitraryFileIdentifier }),
    });
    if (failure !== undefined) return failure;
    const body = outcome.message.MessageBody;
    if (body.ProcessingResultStatus === '2') {
      return centralFailure('CENTRAL_REFUSED', false, `upload refused${body.ProcessingResultCode === undefined ? '' : ` ${body.ProcessingResultCode}`}`, body.ProcessingResultCode);
    }
    const receptionNumber = body.ReceptionNumber ?? outcome.message.MessageHeader.ReceptionNumber;
    if (receptionNumber === undefined || receptionNumber.trim() === '') return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'OQSmuquc01res without ReceptionNumber');
    return { ok: true, receptionNumber, ...(body.ReceptionDateTime === undefined ? {} : { receptionDateTime: body.ReceptionDateTime }) };
  }

  /** One fetch of the result: 処理中 (SegmentOfResult 2) is an outcome, not a failure. */
  async fetch(receptionNumber: string, options: { readonly signal?: AbortSignal } = {}): Promise<BulkFetchOutcome> {
    const outcome = await exchangeMessage(
      this.runtime.connection,
      BULK_API_PATHS.result,
      { codec: bulkResultRequest, model: { MessageHeader: { MedicalInstitutionCode: this.runtime.medicalInstitutionCode }, MessageBody: { ReceptionNumber: receptionNumber } } },
      bulkResult,
      { rule: 'repeatable', ...signalOf(options) },
    );
    if (!outcome.ok) return outcome;
    const header = outcome.message.MessageHeader;
    if (header.ReceptionNumber !== undefined && header.ReceptionNumber !== receptionNumber) {
      return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'the answer names another ReceptionNumber');
    }
    if (header.SegmentOfResult === '2') {
      if (header.MedicalInstitutionCode !== this.runtime.medicalInstitutionCode) return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'the answer names another facility');
      return { ok: true, state: 'processing' };
    }
    const failure = failureOfAnsweredHeader(header, { medicalInstitutionCode: this.runtime.medicalInstitutionCode });
    if (failure !== undefined) return failure;
    const units = outcome.message.MessageBody.BulkConfirmUnit;
    if (header.NumberOfProcessingResult !== undefined && Number(header.NumberOfProcessingResult) !== units.length) {
      return centralFailure('CENTRAL_MALFORMED_ANSWER', false, `NumberOfProcessingResult ${header.NumberOfProcessingResult} but ${units.length} units`);
    }
    return { ok: true, state: 'done', result: outcome.message };
  }

  /** Upload, then fetch until done: at most one fetch per interval, and none after the overall bound. */
  async run(persons: readonly QualificationSearchInfo[], options: BulkRunOptions = {}): Promise<BulkRunOutcome> {
    const policy = clampedBulkPollPolicy({ ...this.runtime.poll, ...options.poll });
    const accepted = await this.submit(persons, options);
    if (!accepted.ok) return accepted;
    const { receptionNumber } = accepted;
    options.onProgress?.({ kind: 'accepted', receptionNumber });
    const deadline = this.runtime.now().getTime() + policy.maxWaitMs;
    for (let polls = 1; ; polls += 1) {
      // The central system needs time before the first fetch can succeed: wait first, then ask.
      if (this.runtime.now().getTime() + policy.intervalMs > deadline) {
        return { ok: false, code: 'BULK_STILL_PROCESSING', outage: false, receptionNumber, polls: polls - 1, detail: `still 処理中 after ${policy.maxWaitMs} ms` };
      }
      const waited = await this.runtime.wait(policy.intervalMs, options.signal);
      if (!waited) return { ...centralFailure('CENTRAL_TIMEOUT', false, 'aborted by the caller while waiting for the result'), receptionNumber };
      const fetched = await this.fetch(receptionNumber, signalOf(options));
      if (!fetched.ok) return { ...fetched, receptionNumber };
      if (fetched.state === 'done') return { ok: true, receptionNumber, result: fetched.result, polls };
      options.onProgress?.({ kind: 'processing', receptionNumber, polls });
    }
  }
}

function signalOf(options: { readonly signal?: AbortSignal }): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}
