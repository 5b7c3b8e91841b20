import type { Clock } from '../../../flow/ports/clock';
import type { BulkPollPolicy } from '../../../oqs/client';
import type { AppointmentRow, InvalidAppointmentRow } from './appointment-csv';
import { searchInfoOf, type InquiryCentral } from './inquiry-central';
import { qualificationViewOfBulkUnit } from './qualification-view';
import type { BulkJobState, BulkJobProgress, BulkRowResult } from '../../../flow/contract/inquiry-views';
export type { BulkJobState, BulkJobProgress, BulkRowOutcome, BulkRowResult } from '../../../flow/contract/inquiry-views';

export interface BulkJobInput {
  readonly jobId: string;
  readonly confirmationDate: string;
  readonly valid: readonly AppointmentRow[];
  readonly invalid: readonly InvalidAppointmentRow[];
  /** Whether staff confirmed the patients' consent to 限度額適用 information (sent with every row). */
  readonly limitApplicationConsent?: boolean;
}

export interface BulkJobDeps {
  readonly central: InquiryCentral;
  readonly clock: Clock;
  readonly poll?: Partial<BulkPollPolicy>;
}

/** Each row's ArbitraryIdentifier: its row number, which the answer echoes and is nobody's data. */
export function rowIdentifierOf(rowNumber: number): string {
  return `ROW-${rowNumber}`;
}

const FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  CENTRAL_UNAVAILABLE: 'オンライン資格確認等システムにつながりません',
  CENTRAL_TIMEOUT: 'オンライン資格確認等システムから時間内に回答がありません',
  CENTRAL_REFUSED: 'オンライン資格確認等システムが照会を受け付けませんでした',
  CENTRAL_MALFORMED_ANSWER: 'オンライン資格確認等システムの回答を読めませんでした',
  CENTRAL_AUTH_FAILED: '医療機関の証明書または認証が拒否されました（管理者に連絡してください）',
  BULK_STILL_PROCESSING: '待ち時間の上限まで処理中のままでした。受付番号で後から結果を取得できます',
  NO_ANSWER_FOR_ROW: '一括照会の結果にこの行の回答がありません',
  JOB_CANCELLED: '一括照会を取り消しました',
};

export class BulkInquiryJob {
  private state: BulkJobState = 'submitting';
  private readonly rows: Map<number, BulkRowResult>;
  private readonly listeners = new Set<(progress: BulkJobProgress) => void>();
  private readonly abort = new AbortController();
  private sent = 0;
  private processingPolls = 0;
  private receptionNumber: string | undefined;
  private failure: { code: string; message: string } | undefined;
  private readonly createdAt: Date;
  private updatedAt: Date;
  private finishedAt: Date | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly input: BulkJobInput,
    private readonly deps: BulkJobDeps,
  ) {
    this.createdAt = deps.clock.now();
    this.updatedAt = this.createdAt;
    const rows: BulkRowResult[] = [
      ...input.invalid.map(({ problems, ...label }): BulkRowResult => ({ ...label, outcome: { status: 'not-sent', problems } })),
      ...input.valid.map(({ keys: _keys, ...label }): BulkRowResult => ({ ...label, outcome: { status: 'waiting' } })),
    ].sort((left, right) => left.rowNumber - right.rowNumber);
    this.rows = new Map(rows.map((row) => [row.rowNumber, row]));
  }

  get jobId(): string {
    return this.input.jobId;
  }

  get finished(): boolean {
    return this.state === 'done' || this.state === 'failed';
  }

  /** When the job finished, for the registry's expiry. */
  get finishedAtTime(): Date | undefined {
    return this.finishedAt;
  }

  /** Starts the run once; the promise settles when the job is done or failed and never rejects. */
  start(): Promise<void> {
    this.running ??= this.run().catch(() => this.fail('INTERNAL', '一括照会の処理中に内部エラーが起きました'));
    return this.running;
  }

  /** Stops waiting for the central system; rows without an answer are failed. */
  cancel(): void {
    this.abort.abort();
  }

  subscribe(listener: (progress: BulkJobProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  progress(): BulkJobProgress {
    const outcomes = [...this.rows.values()].map((row) => row.outcome);
    const byValidity: Record<string, number> = {};
    let answered = 0;
    let failed = 0;
    let needsStaff = 0;
    for (const outcome of outcomes) {
      if (outcome.status === 'failed') failed += 1;
      if (outcome.status !== 'answered') continue;
      answered += 1;
      if (outcome.view.needsStaff) needsStaff += 1;
      const code = outcome.view.validity?.code;
      if (code !== undefined) byValidity[code] = (byValidity[code] ?? 0) + 1;
    }
    return {
      jobId: this.input.jobId,
      state: this.state,
      confirmationDate: this.input.confirmationDate,
      rows: { total: this.rows.size, valid: this.input.valid.length, invalid: this.input.invalid.length },
      sent: this.sent,
      processingPolls: this.processingPolls,
      ...(this.receptionNumber === undefined ? {} : { receptionNumber: this.receptionNumber }),
      answered,
      failed,
      byValidity,
      needsStaff,
      ...(this.failure === undefined ? {} : { failure: this.failure }),
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
      ...(this.finishedAt === undefined ? {} : { finishedAt: this.finishedAt.toISOString() }),
    };
  }

  /** Every row of the file, in row order, with its outcome so far. */
  results(): readonly BulkRowResult[] {
    return [...this.rows.values()];
  }

  private async run(): Promise<void> {
    if (this.input.valid.length === 0) {
      this.finish('done');
      return;
    }
    const persons = this.input.valid.map((row) =>
      searchInfoOf(row.keys, {
        arbitraryIdentifier: rowIdentifierOf(row.rowNumber),
        ...(this.input.limitApplicationConsent === undefined ? {} : { limitApplicationConsent: this.input.limitApplicationConsent }),
      }),
    );
    const outcome = await this.deps.central.bulkQualification(persons, {
      signal: this.abort.signal,
      arbitraryFileIdentifier: this.input.jobId,
      qualificationConfirmationDate: this.input.confirmationDate,
      ...(this.deps.poll === undefined ? {} : { poll: this.deps.poll }),
      onProgress: (event) => {
        this.receptionNumber = event.receptionNumber;
        if (event.kind === 'accepted') this.sent = persons.length;
        else this.processingPolls = event.polls;
        this.state = 'processing';
        this.changed();
      },
    });
    if (!outcome.ok) {
      if (outcome.receptionNumber !== undefined) this.receptionNumber = outcome.receptionNumber;
      const code = this.abort.signal.aborted ? 'JOB_CANCELLED' : outcome.code;
      const centralCode = 'centralCode' in outcome ? outcome.centralCode : undefined;
      this.fail(code, `${FAILURE_MESSAGES[code] ?? '一括照会に失敗しました'}${centralCode === undefined ? '' : `（${centralCode}）`}`);
      return;
    }
    this.receptionNumber = outcome.receptionNumber;
    const units = new Map(outcome.result.MessageBody.BulkConfirmUnit.map((unit) => [unit.ArbitraryIdentifier ?? unit.QualificationConfirmSearchInfo?.ArbitraryIdentifier, unit]));
    for (const row of this.input.valid) {
      const unit = units.get(rowIdentifierOf(row.rowNumber));
      const existing = this.rows.get(row.rowNumber);
      if (existing === undefined) continue;
      this.rows.set(row.rowNumber, {
        ...existing,
        outcome:
          unit === undefined
            ? { status: 'failed', code: 'NO_ANSWER_FOR_ROW', message: FAILURE_MESSAGES['NO_ANSWER_FOR_ROW'] ?? '' }
            : { status: 'answered', view: qualificationViewOfBulkUnit(unit) },
      });
    }
    this.finish('done');
  }

  private fail(code: string, message: string): void {
    this.failure = { code, message };
    for (const [rowNumber, row] of this.rows) {
      if (row.outcome.status === 'waiting') this.rows.set(rowNumber, { ...row, outcome: { status: 'failed', code, message } });
    }
    this.finish('failed');
  }

  private finish(state: 'done' | 'failed'): void {
    this.state = state;
    this.finishedAt = this.deps.clock.now();
    this.changed();
  }

  private changed(): void {
    this.updatedAt = this.deps.clock.now();
    const snapshot = this.progress();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A listener's failure (a closed socket) is its own; the job goes on.
      }
    }
  }
}
