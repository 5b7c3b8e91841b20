import { describe, expect, it } from 'vitest';
import type { QualificationSearchInfo } from '../../../oqs';
import type { BulkRunOptions, BulkRunOutcome } from '../../../oqs/client';
import type { AppointmentRow, InvalidAppointmentRow } from './appointment-csv';
import { BulkInquiryJob, type BulkJobProgress } from './bulk-inquiry-job';
import type { InquiryCentral } from './inquiry-central';

const clock = { now: () => new Date('2026-11-21T09:00:00.000Z') };
const KEYS = { insurerNumber: '01130012', symbol: '1234', number: '5678', branchNumber: '00', birthDate: '19800217' };
const VALID: AppointmentRow[] = [
  { rowNumber: 2, patientId: 'P-1', keys: KEYS },
  { rowNumber: 4, patientId: 'P-3', keys: { ...KEYS, number: '9999' } },
];
const INVALID: InvalidAppointmentRow[] = [{ rowNumber: 3, patientId: 'P-2', problems: [{ field: 'number', code: 'NUMBER_MISSING', message: '番号を入力してください' }] }];
const PERSON = { InsuredCardClassification: '01' as const, Name: '試験　太郎', Sex1: '1' as const, Birthdate: '19800217' };

/** A central system that answers with `run`'s outcome after telling the job what `run` says. */
function centralAnswering(run: (persons: readonly QualificationSearchInfo[], options: BulkRunOptions) => Promise<BulkRunOutcome>) {
  const calls: { persons: readonly QualificationSearchInfo[]; options: BulkRunOptions }[] = [];
  const central: InquiryCentral = {
    qualificationByInsuranceKeys: () => Promise.reject(new Error('not used')),
    bulkQualification: (persons, options = {}) => {
      calls.push({ persons, options });
      return run(persons, options);
    },
  };
  return { central, calls };
}

const done = (units: NonNullable<Extract<BulkRunOutcome, { ok: true }>['result']['MessageBody']['BulkConfirmUnit']>): BulkRunOutcome => ({
  ok: true,
  receptionNumber: 'R-1',
  polls: 2,
  result: { MessageHeader: { MedicalInstitutionCode: '1399999999', SegmentOfResult: '1' }, MessageBody: { BulkConfirmUnit: units } },
});

describe('一括照会 job', () => {
  it('sends only the valid rows, each under its row number, and reports every step', async () => {
    const { central, calls } = centralAnswering(async (_persons, options) => {
      options.onProgress?.({ kind: 'accepted', receptionNumber: 'R-1' });
      options.onProgress?.({ kind: 'processing', receptionNumber: 'R-1', polls: 1 });
      return done([
        { ProcessingResultStatus: '1', QualificationValidity: '1', ArbitraryIdentifier: 'ROW-2', ResultOfQualificationConfirmation: [PERSON] },
        { ProcessingResultStatus: '1', QualificationValidity: '4', ArbitraryIdentifier: 'ROW-4', ResultOfQualificationConfirmation: [] },
      ]);
    });
    const job = new BulkInquiryJob({ jobId: 'J1', confirmationDate: '20261122', valid: VALID, invalid: INVALID, limitApplicationConsent: false }, { central, clock });
    const seen: BulkJobProgress[] = [];
    job.subscribe((progress) => seen.push(progress));
    expect(job.progress()).toMatchObject({ state: 'submitting', rows: { total: 3, valid: 2, invalid: 1 }, sent: 0 });
    await job.start();

    expect(calls).toHaveLength(1);
    expect(calls[0]?.persons.map((person) => [person.ArbitraryIdentifier, person.InsuredIdentificationNumber, person.LimitApplicationCertificateRelatedConsFlg])).toEqual([
      ['ROW-2', '5678', '0'],
      ['ROW-4', '9999', '0'],
    ]);
    expect(calls[0]?.options).toMatchObject({ arbitraryFileIdentifier: 'J1', qualificationConfirmationDate: '20261122' });
    expect(seen.map((progress) => [progress.state, progress.sent, progress.processingPolls])).toEqual([
      ['processing', 2, 0],
      ['processing', 2, 1],
      ['done', 2, 1],
    ]);
    expect(job.progress()).toMatchObject({ state: 'done', receptionNumber: 'R-1', answered: 2, failed: 0, byValidity: { '1': 1, '4': 1 }, needsStaff: 1 });
    expect(job.results().map((row) => [row.rowNumber, row.outcome.status])).toEqual([
      [2, 'answered'],
      [3, 'not-sent'],
      [4, 'answered'],
    ]);
    // The keys stay out of the results: what a row is known by is what staff wrote beside them.
    expect(JSON.stringify(job.results())).not.toContain('5678');
  });

  it('a row the result leaves out fails on its own', async () => {
    const { central } = centralAnswering(async () => done([{ ProcessingResultStatus: '1', QualificationValidity: '1', ArbitraryIdentifier: 'ROW-2', ResultOfQualificationConfirmation: [PERSON] }]));
    const job = new BulkInquiryJob({ jobId: 'J2', confirmationDate: '20261122', valid: VALID, invalid: [] }, { central, clock });
    await job.start();
    expect(job.results().map((row) => [row.rowNumber, row.outcome.status])).toEqual([
      [2, 'answered'],
      [4, 'failed'],
    ]);
    expect(job.progress()).toMatchObject({ state: 'done', answered: 1, failed: 1 });
  });

  it('a central failure fails every sent row with the code and keeps the 受付番号', async () => {
    const { central } = centralAnswering(async () => ({ ok: false, code: 'BULK_STILL_PROCESSING', outage: false, receptionNumber: 'R-9', polls: 5, detail: 'x' }));
    const job = new BulkInquiryJob({ jobId: 'J3', confirmationDate: '20261122', valid: VALID, invalid: INVALID }, { central, clock });
    await job.start();
    expect(job.progress()).toMatchObject({ state: 'failed', receptionNumber: 'R-9', failed: 2, failure: { code: 'BULK_STILL_PROCESSING' } });
    expect(job.results().find((row) => row.rowNumber === 3)?.outcome.status).toBe('not-sent');
  });

  it('cancel aborts the wait and names the cancellation', async () => {
    const { central } = centralAnswering(
      (_persons, options) =>
        new Promise((resolve) => {
          options.signal?.addEventListener('abort', () => resolve({ ok: false, code: 'CENTRAL_TIMEOUT', outage: false, detail: 'aborted', receptionNumber: 'R-2' }));
        }),
    );
    const job = new BulkInquiryJob({ jobId: 'J4', confirmationDate: '20261122', valid: VALID, invalid: [] }, { central, clock });
    const running = job.start();
    job.cancel();
    await running;
    expect(job.progress()).toMatchObject({ state: 'failed', failure: { code: 'JOB_CANCELLED' } });
  });

  it('a client that throws (it must not) fails the job instead of the process', async () => {
    const { central } = centralAnswering(() => Promise.reject(new Error('bug')));
    const job = new BulkInquiryJob({ jobId: 'J5', confirmationDate: '20261122', valid: VALID, invalid: [] }, { central, clock });
    await job.start();
    expect(job.progress()).toMatchObject({ state: 'failed', failure: { code: 'INTERNAL' }, failed: 2 });
  });
});
