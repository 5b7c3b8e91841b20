import type { CentralFailure } from '../../flow/ports/central-system';
import {
  bulkQualificationAcceptance,
  bulkResult,
  checkupResponse,
  drugInfoResponse,
  qualificationResponse,
  referenceNumberResponse,
  type BulkQualificationAcceptance,
  type BulkResult,
  type CheckupResponse,
  type DrugInfoResponse,
  type QualificationResponse,
  type ReferenceNumberResponse,
} from '../../oqs';
import type { OqsCentralSystem } from '../../oqs/client';
import type { FolderRequest } from '../../oqs/receipt-folder';

/** The central client's calls the folders use; tests give a fake. */
export type FolderCentral = Pick<
  OqsCentralSystem,
  'qualificationByInsuranceKeys' | 'drugInformation' | 'checkupInformation' | 'submitBulkQualification' | 'bulkQualificationResult' | 'registerReferenceNumber'
>;

/** A response message with the codec that writes it. */
export type FamilyResponse =
  | { readonly codec: typeof qualificationResponse; readonly model: QualificationResponse }
  | { readonly codec: typeof bulkQualificationAcceptance; readonly model: BulkQualificationAcceptance }
  | { readonly codec: typeof bulkResult; readonly model: BulkResult }
  | { readonly codec: typeof referenceNumberResponse; readonly model: ReferenceNumberResponse }
  | { readonly codec: typeof drugInfoResponse; readonly model: DrugInfoResponse }
  | { readonly codec: typeof checkupResponse; readonly model: CheckupResponse };

export type FamilyOutcome = { readonly ok: true; readonly response: FamilyResponse } | CentralFailure;

export interface FamilyContext {
  readonly medicalInstitutionCode: string;
  /** yyyyMMddHHmmss JST, for the responses this terminal writes itself (一括照会 acceptance, 処理中). */
  readonly processExecutionTime: string;
}

/**
 * Asks the central system what a request in Req asks, through the terminal's central client, and
 * returns the answer as the response message to write into Res. The client returns the central
 * system's refusals (NO_CONSENT for 薬剤情報/特定健診 without a consent in force, VIEWING_BLOCKED, …)
 * as failures with their code: they are passed on, never worked around.
 */
export async function answerFamily(request: FolderRequest, central: FolderCentral, context: FamilyContext): Promise<FamilyOutcome> {
  switch (request.family) {
    case 'qualification': {
      const header = request.model.MessageHeader;
      const outcome = await central.qualificationByInsuranceKeys(request.model.MessageBody.QualificationConfirmSearchInfo, {
        ...(header.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: header.ArbitraryFileIdentifier }),
        ...(header.QualificationConfirmationDate === undefined ? {} : { qualificationConfirmationDate: header.QualificationConfirmationDate }),
      });
      return outcome.ok ? { ok: true, response: { codec: qualificationResponse, model: outcome.response } } : outcome;
    }
    case 'drug-info': {
      const { MedicalInstitutionCode: _facility, ...keys } = request.model.MessageHeader;
      const outcome = await central.drugInformation(keys, request.model.MessageBody);
      return outcome.ok ? { ok: true, response: { codec: drugInfoResponse, model: outcome.response } } : outcome;
    }
    case 'checkup': {
      const { MedicalInstitutionCode: _facility, ...keys } = request.model.MessageHeader;
      const outcome = await central.checkupInformation(keys, request.model.MessageBody);
      return outcome.ok ? { ok: true, response: { codec: checkupResponse, model: outcome.response } } : outcome;
    }
    case 'reference-number': {
      const header = request.model.MessageHeader;
      const outcome = await central.registerReferenceNumber(request.model.MessageBody.ReferenceNumberRegistrationInfo, {
        ...(header.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: header.ArbitraryFileIdentifier }),
      });
      return outcome.ok ? { ok: true, response: { codec: referenceNumberResponse, model: outcome.response } } : outcome;
    }
    case 'bulk-upload': {
      const header = request.model.MessageHeader;
      const accepted = await central.submitBulkQualification(request.model.MessageBody.QualificationConfirmSearchInfo, {
        ...(header.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: header.ArbitraryFileIdentifier }),
        ...(header.QualificationConfirmationDate === undefined ? {} : { qualificationConfirmationDate: header.QualificationConfirmationDate }),
      });
      if (!accepted.ok) return accepted;
      // OQSmuquc01res as §6.3 shows it: the 受付番号 and when it was given.
      const model: BulkQualificationAcceptance = {
        MessageHeader: {
          ProcessExecutionTime: accepted.receptionDateTime ?? context.processExecutionTime,
          MedicalInstitutionCode: context.medicalInstitutionCode,
          ...(header.ArbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: header.ArbitraryFileIdentifier }),
          SegmentOfResult: '1',
        },
        MessageBody: {
          ProcessingResultStatus: '1',
          ReceptionNumber: accepted.receptionNumber,
          ...(accepted.receptionDateTime === undefined ? {} : { ReceptionDateTime: accepted.receptionDateTime }),
        },
      };
      return { ok: true, response: { codec: bulkQualificationAcceptance, model } };
    }
    case 'bulk-result': {
      const receptionNumber = request.model.MessageBody.ReceptionNumber;
      const fetched = await central.bulkQualificationResult(receptionNumber);
      if (!fetched.ok) return fetched;
      if (fetched.state === 'done') return { ok: true, response: { codec: bulkResult, model: fetched.result } };
      // Asked too early: 処理中 (SegmentOfResult 2, §6.3); the レセコン asks again with a new 02req.
      const model: BulkResult = {
        MessageHeader: {
          ProcessExecutionTime: context.processExecutionTime,
          MedicalInstitutionCode: context.medicalInstitutionCode,
          ReceptionNumber: receptionNumber,
          SegmentOfResult: '2',
        },
        MessageBody: { BulkConfirmUnit: [] },
      };
      return { ok: true, response: { codec: bulkResult, model } };
    }
  }
}

/**
 * Whether a failure may be waited out (the request kept and asked again after recovery): an outage.
 * An 一括照会 upload registers a reception, so it is asked again only when it cannot have arrived
 * (no connection); a timeout of it is answered with its code for the レセコン to decide.
 */
export function isRetryableOutage(request: FolderRequest, failure: CentralFailure): boolean {
  if (!failure.outage) return false;
  return request.family !== 'bulk-upload' || failure.code === 'CENTRAL_UNAVAILABLE';
}
