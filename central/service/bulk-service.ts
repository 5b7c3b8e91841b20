import { randomBytes } from 'node:crypto';
import { toHex } from '../../kernel/bytes';
import type { BulkQualificationAcceptance, BulkQualificationUpload, BulkResult, BulkResultRequest, QualificationSearchInfo } from '../../oqs';
import { judgeInsuranceKeyMatches, qualificationResultOf } from '../answers';
import type { BulkReceptionRepository, StoredBulkReception } from '../store';
import { CentralRefusal } from './central-errors';
import { jstDate, jstDateTime } from './jst-time';
import { providedCategoriesOf } from './provided-categories';
import type { QualificationService } from './qualification-service';
import type { RequestingFacility, ServiceContext } from './service-context';

type ConfirmUnit = BulkResult['MessageBody']['BulkConfirmUnit'][number];

type BulkReception = StoredBulkReception<QualificationSearchInfo, ConfirmUnit>;

/** Collected receptions answer repeated fetches for an hour, then are forgotten. */
const KEEP_COLLECTED_MS = 60 * 60 * 1000;
/** A reception nobody fetched for a day after it was ready is abandoned: it stops counting and is forgotten. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * 一括照会 (§6.3): an upload is accepted with a 受付番号 and answered later. Until `bulkProcessingMs`
 * have passed (by the injected clock, so tests need no waiting) a fetch gets SegmentOfResult 2
 * 処理中; then the results, once and for ever. A 受付番号 is only ever visible to the facility that
 * uploaded it. Receptions live in the store: a restarted mock, or another server process, answers them
 * as before. Only receptions not yet collected count against the open-reception limit.
 */
export class BulkService {
  constructor(
    private readonly context: ServiceContext,
    private readonly qualification: QualificationService,
    private readonly receptions: BulkReceptionRepository,
  ) {}

  accept(facility: RequestingFacility, upload: BulkQualificationUpload, now: Date): BulkQualificationAcceptance {
    if (upload.MessageHeader.MedicalInstitutionCode !== facility.medicalInstitutionCode) throw new CentralRefusal('FACILITY_MISMATCH');
    const receptionNumber = `R${jstDate(now)}${toHex(randomBytes(6))}`;
    const abandonedBefore = new Date(now.getTime() - ABANDONED_AFTER_MS);
    // Counted and added in one write transaction: two server processes cannot both take the last place.
    this.context.inTransaction(() => {
      this.receptions.forget(new Date(now.getTime() - KEEP_COLLECTED_MS), abandonedBefore);
      const open = this.receptions.openCount(facility.facilityId, abandonedBefore);
      if (open >= this.context.settings.maxOpenBulkReceptions) throw new CentralRefusal('TOO_MANY_OPEN_RECEPTIONS', `limit ${this.context.settings.maxOpenBulkReceptions}`);
      this.receptions.add({
        receptionNumber,
        facilityId: facility.facilityId,
        acceptedAt: now,
        readyAt: new Date(now.getTime() + this.context.settings.bulkProcessingMs),
        judgedOn: upload.MessageHeader.QualificationConfirmationDate ?? jstDate(now),
        keys: [...upload.MessageBody.QualificationConfirmSearchInfo],
        ...(upload.MessageHeader.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: upload.MessageHeader.ArbitraryFileIdentifier }),
      });
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
    const reception = this.receptions.find<QualificationSearchInfo, ConfirmUnit>(receptionNumber);
    // Another facility's number is answered exactly like a number that never existed.
    if (reception === undefined || reception.facilityId !== facility.facilityId) throw new CentralRefusal('RECEPTION_NOT_FOUND');
    const header = {
      ProcessExecutionTime: jstDateTime(now),
      MedicalInstitutionCode: facility.medicalInstitutionCode,
      ...(reception.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: reception.arbitraryFileIdentifier }),
      ReceptionNumber: receptionNumber,
    };
    if (now.getTime() < reception.readyAt.getTime()) return { MessageHeader: { ...header, SegmentOfResult: '2' }, MessageBody: { BulkConfirmUnit: [] } };
    const units = reception.units ?? this.collect(facility, reception, now);
    const errors = units.filter((unit) => unit.ProcessingResultStatus === '2').length;
    return {
      MessageHeader: {
        ...header,
        SegmentOfResult: '1',
        NumberOfProcessingResult: String(units.length),
        NumberOfNormalProcessing: String(units.length - errors),
        NumberOfError: String(errors),
      },
      MessageBody: { BulkConfirmUnit: units },
    };
  }

  /**
   * Works the answer out once, with its provision records, in one write transaction: two processes
   * fetching at once give one answer and one set of records (the later one reads the stored answer).
   */
  private collect(facility: RequestingFacility, reception: BulkReception, now: Date): ConfirmUnit[] {
    return this.context.inTransaction(() => {
      const stored = this.receptions.find<QualificationSearchInfo, ConfirmUnit>(reception.receptionNumber)?.units;
      if (stored !== undefined) return stored;
      const units = this.work(facility, reception, now);
      this.receptions.saveUnits(reception.receptionNumber, units, now);
      return units;
    });
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
}
