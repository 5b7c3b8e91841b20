import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../flow/ports/clock';
import { BulkInquiryJob, type BulkJobDeps, type BulkJobInput } from './bulk-inquiry-job';

/**
 * The 一括照会 jobs of this terminal, in memory: a bounded number running at once, finished ones kept
 * for a while for their page and CSV, then forgotten (their rows hold people's data). Ids are 128
 * random bits in upper-case hex: unguessable, and a code the audit log may keep.
 */

export interface BulkJobLimits {
  /** Jobs waiting for the central system at once; another upload is refused meanwhile. */
  readonly maxRunning: number;
  /** Jobs kept in all; the oldest finished one makes room. */
  readonly maxKept: number;
  /** How long a finished job stays readable. */
  readonly keepFinishedMs: number;
}

export const DEFAULT_BULK_JOB_LIMITS: BulkJobLimits = { maxRunning: 2, maxKept: 20, keepFinishedMs: 4 * 60 * 60_000 };

export type JobCreation = { readonly ok: true; readonly job: BulkInquiryJob } | { readonly ok: false; readonly code: 'BULK_JOBS_BUSY' };

export class BulkInquiryJobs {
  private readonly jobs = new Map<string, BulkInquiryJob>();

  constructor(
    private readonly limits: BulkJobLimits,
    private readonly clock: Clock,
    private readonly newId: () => string = () => randomBytes(16).toString('hex').toUpperCase(),
  ) {}

  /** A new job (not started), or BULK_JOBS_BUSY when as many as allowed are running or kept unfinished. */
  create(input: Omit<BulkJobInput, 'jobId'>, deps: Omit<BulkJobDeps, 'clock'>): JobCreation {
    this.forgetExpired();
    const running = [...this.jobs.values()].filter((job) => !job.finished).length;
    if (running >= this.limits.maxRunning) return { ok: false, code: 'BULK_JOBS_BUSY' };
    while (this.jobs.size >= this.limits.maxKept) {
      const oldest = [...this.jobs.values()].filter((job) => job.finished).sort((left, right) => (left.finishedAtTime?.getTime() ?? 0) - (right.finishedAtTime?.getTime() ?? 0))[0];
      if (oldest === undefined) return { ok: false, code: 'BULK_JOBS_BUSY' };
      this.jobs.delete(oldest.jobId);
    }
    const job = new BulkInquiryJob({ ...input, jobId: this.newId() }, { ...deps, clock: this.clock });
    this.jobs.set(job.jobId, job);
    return { ok: true, job };
  }

  get(jobId: string): BulkInquiryJob | undefined {
    this.forgetExpired();
    return this.jobs.get(jobId);
  }

  /** Cancels every running job and forgets all (the server is closing). */
  close(): void {
    for (const job of this.jobs.values()) job.cancel();
    this.jobs.clear();
  }

  private forgetExpired(): void {
    const now = this.clock.now().getTime();
    for (const [jobId, job] of this.jobs) {
      const finishedAt = job.finishedAtTime;
      if (finishedAt !== undefined && now - finishedAt.getTime() >= this.limits.keepFinishedMs) this.jobs.delete(jobId);
    }
  }
}
