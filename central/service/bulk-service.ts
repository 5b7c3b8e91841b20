import { randomBytes } from 'node:crypto';
import type { BulkQualificationAcceptance, BulkQualificationUpload, BulkResult, BulkResultRequest, QualificationSearchInfo } from '../../oqs';
import { judgeInsuranceKeyMatches, qualificationResultOf } from '../answers';
import { CentralRefusal } from './central-errors';
import { jstDate, jstDateTime } from './jst-time';
import { providedCategoriesOf } from './provided-categories';
import type { QualificationService } from './qualification-service';
import type { RequestingFacility, ServiceContext } from './service-context';

type ConfirmUnit = BulkResult['MessageBody']['BulkConfirmUnit'][number];

interface BulkReception {
  facilityId: number;
  acceptedAt: number;
  readyAt: number;
  judgedOn: string;
  keys: ReadonlyArray<QualificationSearchInfo>;
  arbitraryFileIdentifier?: string;
  /** Worked out once, at the first fetch after readyAt, so the やりとり履歴 gets one entry per person. */
  units?: ConfirmUnit[];
}

/**
 * 一括照会 (§6.3): an upload is accepted with a 受付番号 and answered later. Until `bulkProcessingMs`
 * have passed (by the injected clock, so tests need no waiting) a fetch gets SegmentOfResult 2
 * 処理中; then the results, once and for ever. A 受付番号 is only ever visible to the facility that
 * uploaded it. Receptions live in memory: a restarted mock has forgotten them (RECEPTION_NOT_FOUND).
 */
export class BulkService {
  private readonly receptions = new Map<string, BulkReception>();

  constructor(
    private readonly context: ServiceContext,
    private readonly qualification: QualificationService,
  ) {}

  accept(facility: RequestingFacility, upload: BulkQualificationUpload, now: Date): BulkQualificationAcceptance {
    if (upload.MessageHeader.MedicalInstitutionCode !== facility.medicalInstitutionCode) throw new CentralRefusal('FACILITY_MISMATCH');
    this.forgetCollected(facility.facilityId, now);
    const open = [...this.receptions.values()].filter((reception) => reception.facilityId === facility.facilityId).length;
    if (open >= this.context.settings.maxOpenBulkReceptions) throw new CentralRefusal('SERVICE_UNAVAILABLE', 'too many open receptions');
    const receptionNumber = `R${jstDate(now)}${randomBytes(6).toString('hex').toUpperCase()}`;
    this.receptions.set(receptionNumber, {
      facilityId: facility.facilityId,
      acceptedAt: now.getTime(),
      readyAt: now.getTime() + this.context.settings.bulkProcessingMs,
      judgedOn: upload.MessageHeader.QualificationConfirmationDate ?? jstDate(now),
      keys: upload.MessageBody.QualificationConfirmSearchInfo,
      ...(upload.MessageHeader.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: upload.MessageHeader.ArbitraryFileIdentifier }),
    });
    return {
      MessageHeader: {
        ProcessExecutionTime: jstDateTime(now),
        MedicalInstitutionCode: facility.medicalInstitutionCode,
        ...(upload.MessageHeader.ArbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: upload.MessageHeader.ArbitraryFileIdentifier }),
        SegmentOfResult: '1',
        ReceptionNumber: receptionNumber,
      },
      MessageBody: { ProcessingResultStatus: '1', ReceptionNumber: receptionNumber, ReceptionDateTime: jstDateTime(now) },
    };
  }

  result(facility: RequestingFacility, request: BulkResultRequest, now: Date): BulkResult {
    const receptionNumber = request.MessageBody.ReceptionNumber;
    const reception = this.receptions.get(receptionNumber);
    // Another facility's number is answered exactly like a number that never existed.
    if (reception === undefined || reception.facilityId !== facility.facilityId) throw new CentralRefusal('RECEPTION_NOT_FOUND');
    const header = {
      ProcessExecutionTime: jstDateTime(now),
      MedicalInstitutionCode: facility.medicalInstitutionCode,
      ...(reception.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: reception.arbitraryFileIdentifier }),
      ReceptionNumber: receptionNumber,
    };
    if (now.getTime() < reception.readyAt) return { MessageHeader: { ...header, SegmentOfResult: '2' }, MessageBody: { BulkConfirmUnit: [] } };
    reception.units ??= this.work(facility, reception, now);
    const errors = reception.units.filter((unit) => unit.ProcessingResultStatus === '2').length;
    return {
      MessageHeader: {
        ...header,
        SegmentOfResult: '1',
        NumberOfProcessingResult: String(reception.units.length),
        NumberOfNormalProcessing: String(reception.units.length - errors),
        NumberOfError: String(errors),
      },
      MessageBody: { BulkConfirmUnit: reception.units },
    };
  }

  private work(facility: RequestingFacility, reception: BulkReception, now: Date): ConfirmUnit[] {
    return reception.keys.map((keys) => {
      let matches;
      try {
        matches = this.qualification.findByKeys(keys);
      } catch (error) {
        if (!(error instanceof CentralRefusal)) throw error;
        return { ProcessingResultStatus: '2', ProcessingResultCode: error.code, ProcessingResultMessage: error.message, QualificationConfirmSearchInfo: keys, ResultOfQualificationConfirmation: [] };
      }
      const judged = judgeInsuranceKeyMatches(matches, reception.judgedOn, { recordsOf: this.qualification.recordsOf });
      const results = judged.results.map(({ person, record }) => qualificationResultOf(person, record, { consentNaming: this.context.settings.consentNaming }));
      for (const personId of new Set(judged.results.map((result) => result.person.personId))) {
        const records = judged.results.filter((result) => result.person.personId === personId).map((result) => result.record);
        this.context.provisions.append({
          facilityId: facility.facilityId,
          personId,
          operation: 'qualification-bulk',
          dataCategories: providedCategoriesOf(records, false),
          providedAt: now,
        });
      }
      return {
        ProcessingResultStatus: '1',
        QualificationValidity: judged.validity,
        ...(keys.ArbitraryIdentifier === undefined ? {} : { ArbitraryIdentifier: keys.ArbitraryIdentifier }),
        QualificationConfirmSearchInfo: keys,
        ResultOfQualificationConfirmation: results.map(({ LimitApplicationCertificateRelatedInfo: _withheld, ...result }) => result),
      } satisfies ConfirmUnit;
    });
  }

  /** Collected receptions are kept an hour for repeated fetches, then dropped, so memory stays bounded. */
  private forgetCollected(facilityId: number, now: Date): void {
    for (const [number, reception] of this.receptions) {
      if (reception.facilityId === facilityId && reception.units !== undefined && now.getTime() - reception.readyAt > 60 * 60 * 1000) this.receptions.delete(number);
    }
  }
}
