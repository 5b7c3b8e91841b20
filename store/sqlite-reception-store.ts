import type {
  ReceptionAbandon,
  ReceptionCompletion,
  ReceptionHandover,
  ReceptionQueued,
  ReceptionStart,
  ReceptionStore,
} from '../flow/ports/reception-store';
import type { AuditActor, AuditDetail } from './audit-encoding';
import { appendAudit } from './audit-log';
import { queryAuditLog } from './audit-query';
import type { AuditPage, AuditQuery } from './audit-query';
import { StoreError } from './errors';
import {
  requireCertificate,
  requireCode,
  requireConsents,
  requireIdentifier,
  requireIsoDate,
  requireMethod,
  requirePrescriptionForm,
  requireSingleDigit,
  requireTime,
} from './input-checks';
import { insertQueueEntry, listQueue, markDone, markPending, markSending, requireQueueEntryIn } from './outage-queue-rows';
import type { QueuedReception } from './outage-queue-rows';
export type { QueuedReception };
import { findReception, insertOpenReception, listConsentsOf, listOpenReceptions, listReceptionsSince, requireReceptionIn, writeConsents, writeReceptionEnding } from './reception-rows';
import type { ReceptionEndingRow, StoredReception } from './reception-rows';
import type { SqliteDatabase } from './sqlite-driver';
import { verifyAuditChain } from './verify-audit-chain';
import { writeTransaction } from './write-transaction';
import type { AuditChainVerdict } from './verify-audit-chain';

/** A display or data access worth auditing: who looked at what (RESULT_VIEWED, QUEUE_LISTED, …). */
export interface AccessRecord {
  readonly actor: AuditActor;
  /** An upper-case event code. */
  readonly action: string;
  readonly receptionId?: string;
  readonly kioskId?: string;
  readonly at: Date;
  /** Codes only (upper-case codes, counts, flags), checked like every audit detail: never a value a person typed. */
  readonly detail?: AuditDetail;
}

/** The outage worker acts as the terminal itself, not as a kiosk or a staff member. */
export const OUTAGE_WORKER: AuditActor = { kind: 'terminal', id: 'outage-worker' };

const kioskActor = (kioskId: string): AuditActor => ({ kind: 'kiosk', id: kioskId });

/**
 * The terminal's ReceptionStore over SQLite, plus the outage worker's queue operations and access
 * audit. Every method is one IMMEDIATE transaction that writes the change and its audit row, so a
 * crash keeps both or neither. Only codes are kept: the answer document, names, faces and PINs never
 * reach a column.
 */
export class SqliteReceptionStore implements ReceptionStore {
  constructor(private readonly db: SqliteDatabase) {}

  async begin(start: ReceptionStart): Promise<void> {
    const receptionId = requireIdentifier(start.receptionId, 'receptionId');
    const kioskId = requireIdentifier(start.kioskId, 'kioskId');
    const startedAt = requireTime(start.startedAt, 'startedAt');
    this.write(() => {
      insertOpenReception(this.db, receptionId, kioskId, startedAt);
      appendAudit(this.db, { at: start.startedAt, actor: kioskActor(kioskId), event: 'RECEPTION_BEGUN', receptionId, kioskId });
    });
  }

  async complete(completion: ReceptionCompletion): Promise<void> {
    const ending = completedEnding(completion);
    const consents = requireConsents(completion.consents);
    this.write(() => {
      requireReceptionIn(this.db, ending.receptionId, ending.kioskId, 'open');
      writeReceptionEnding(this.db, ending);
      writeConsents(this.db, ending.receptionId, consents, completion.endedAt);
      this.auditEnding(completion.endedAt, kioskActor(ending.kioskId), 'RECEPTION_COMPLETED', ending, { people: completion.answer.people.length });
    });
  }

  async queue(queued: ReceptionQueued): Promise<void> {
    const receptionId = requireIdentifier(queued.receptionId, 'receptionId');
    const kioskId = requireIdentifier(queued.kioskId, 'kioskId');
    const queuedAt = requireTime(queued.queuedAt, 'queuedAt');
    const method = requireMethod(queued.facts.method, 'facts.method');
    const consents = requireConsents(queued.facts.consents);
    const prescriptionForm = requirePrescriptionForm(queued.facts.prescriptionForm);
    requireCertificate(queued.facts.certificateDer);
    if (queued.cardFace !== undefined) {
      requireIsoDate(queued.cardFace.birthDate, 'cardFace.birthDate');
      requireSingleDigit(queued.cardFace.sexCode, 'cardFace.sexCode', '123');
    }
    const ending: ReceptionEndingRow = { ...emptyEnding(receptionId, kioskId, queuedAt), state: 'queued', method };
    this.write(() => {
      requireReceptionIn(this.db, receptionId, kioskId, 'open');
      writeReceptionEnding(this.db, ending);
      writeConsents(this.db, receptionId, consents, queued.queuedAt);
      // Re-built from the checked parts, so nothing else on the object can ride into the queue.
      insertQueueEntry(
        this.db,
        {
          receptionId,
          kioskId,
          queuedAt: queued.queuedAt,
          facts: { certificateDer: queued.facts.certificateDer, method, consents, ...(prescriptionForm === null ? {} : { prescriptionForm }) },
          ...(queued.cardFace === undefined ? {} : { cardFace: { birthDate: queued.cardFace.birthDate, sexCode: queued.cardFace.sexCode } }),
        },
        queuedAt,
      );
      this.auditEnding(queued.queuedAt, kioskActor(kioskId), 'RECEPTION_QUEUED', ending);
    });
  }

  async handOver(handover: ReceptionHandover): Promise<void> {
    const ending: ReceptionEndingRow = {
      ...this.checkedEndingBase(handover.receptionId, handover.kioskId, handover.endedAt),
      state: 'handed-to-staff',
      method: handover.method === undefined ? null : requireMethod(handover.method),
      endingCode: requireCode(handover.code, 'code'),
    };
    this.write(() => {
      requireReceptionIn(this.db, ending.receptionId, ending.kioskId, 'open');
      writeReceptionEnding(this.db, ending);
      this.auditEnding(handover.endedAt, kioskActor(ending.kioskId), 'RECEPTION_HANDED_TO_STAFF', ending);
    });
  }

  async abandon(abandon: ReceptionAbandon): Promise<void> {
    const ending: ReceptionEndingRow = {
      ...this.checkedEndingBase(abandon.receptionId, abandon.kioskId, abandon.endedAt),
      state: 'abandoned',
      endingCode: requireCode(abandon.code, 'code'),
    };
    this.write(() => {
      requireReceptionIn(this.db, ending.receptionId, ending.kioskId, 'open');
      writeReceptionEnding(this.db, ending);
      this.auditEnding(abandon.endedAt, kioskActor(ending.kioskId), 'RECEPTION_ABANDONED', ending);
    });
  }

  /** Queued receptions waiting for the worker, oldest first. */
  async pendingQueue(): Promise<readonly QueuedReception[]> {
    return listQueue(this.db, 'pending');
  }

  /** pending → sending, atomically: of two workers claiming one entry, the second is refused (QUEUE_NOT_PENDING). */
  async claimQueued(receptionId: string, at: Date): Promise<QueuedReception> {
    const id = requireIdentifier(receptionId, 'receptionId');
    requireTime(at, 'at');
    return this.write(() => {
      const entry = requireQueueEntryIn(this.db, id, 'pending');
      const attempt = markSending(this.db, id, at.toISOString());
      appendAudit(this.db, { at, actor: OUTAGE_WORKER, event: 'QUEUE_CLAIMED', receptionId: id, kioskId: entry.kioskId, detail: { attempt } });
      return { ...entry, attempts: attempt };
    });
  }

  /** sending → pending after a failed try; `failureCode` (CENTRAL_UNAVAILABLE, …) goes to the audit row. */
  async releaseQueued(receptionId: string, at: Date, failureCode: string): Promise<void> {
    const id = requireIdentifier(receptionId, 'receptionId');
    const code = requireCode(failureCode, 'failureCode');
    requireTime(at, 'at');
    this.write(() => {
      const entry = requireQueueEntryIn(this.db, id, 'sending');
      markPending(this.db, id);
      appendAudit(this.db, { at, actor: OUTAGE_WORKER, event: 'QUEUE_RELEASED', receptionId: id, kioskId: entry.kioskId, detail: { attempt: entry.attempts, code } });
    });
  }

  /** At start-up: entries left `sending` by a crash go back to pending. Returns how many. */
  async releaseInterruptedSends(at: Date): Promise<number> {
    requireTime(at, 'at');
    return this.write(() => {
      const interrupted = listQueue(this.db, 'sending');
      for (const entry of interrupted) {
        markPending(this.db, entry.receptionId);
        appendAudit(this.db, { at, actor: OUTAGE_WORKER, event: 'QUEUE_RELEASED', receptionId: entry.receptionId, kioskId: entry.kioskId, detail: { attempt: entry.attempts, code: 'INTERRUPTED' } });
      }
      return interrupted.length;
    });
  }

  /**
   * Completes a claimed queue entry and its reception, exactly once: a second call is refused with
   * QUEUE_ALREADY_DONE and changes nothing. The consents were recorded when the entry was queued.
   */
  async completeQueued(completion: ReceptionCompletion): Promise<void> {
    const ending = completedEnding(completion);
    this.write(() => {
      const entry = requireQueueEntryIn(this.db, ending.receptionId, 'sending');
      requireReceptionIn(this.db, ending.receptionId, ending.kioskId, 'queued');
      if (entry.facts.method !== ending.method) throw new StoreError('INVALID_INPUT', `the completion's method differs from the one queued for ${ending.receptionId}`);
      markDone(this.db, ending.receptionId, ending.endedAt);
      writeReceptionEnding(this.db, ending);
      this.auditEnding(completion.endedAt, OUTAGE_WORKER, 'QUEUED_RECEPTION_COMPLETED', ending, { people: completion.answer.people.length });
    });
  }

  /**
   * Ends a claimed queue entry without a result: the central system refused it, or its answer failed
   * the cross-check. The reception goes to staff with the code; the entry is done and never sent again.
   */
  async handOverQueued(receptionId: string, at: Date, code: string): Promise<void> {
    const id = requireIdentifier(receptionId, 'receptionId');
    const endingCode = requireCode(code, 'code');
    const endedAt = requireTime(at, 'at');
    this.write(() => {
      const entry = requireQueueEntryIn(this.db, id, 'sending');
      requireReceptionIn(this.db, id, entry.kioskId, 'queued');
      markDone(this.db, id, endedAt);
      const ending: ReceptionEndingRow = { ...emptyEnding(id, entry.kioskId, endedAt), state: 'handed-to-staff', method: entry.facts.method, endingCode };
      writeReceptionEnding(this.db, ending);
      this.auditEnding(at, OUTAGE_WORKER, 'QUEUED_RECEPTION_HANDED_TO_STAFF', ending);
    });
  }

  /**
   * At start-up: receptions a crashed terminal left open end as abandoned with `code` (their patient
   * is no longer in any flow). Returns how many.
   */
  async abandonOpenReceptions(at: Date, code: string): Promise<number> {
    const endingCode = requireCode(code, 'code');
    const endedAt = requireTime(at, 'at');
    return this.write(() => {
      const open = listOpenReceptions(this.db);
      for (const reception of open) {
        const ending: ReceptionEndingRow = { ...emptyEnding(reception.receptionId, reception.kioskId, endedAt), endingCode };
        writeReceptionEnding(this.db, ending);
        this.auditEnding(at, { kind: 'terminal', id: 'start-up' }, 'RECEPTION_ABANDONED', ending);
      }
      return open.length;
    });
  }

  /** Audits a display or data access; the reception, when named, must exist. */
  async recordAccess(access: AccessRecord): Promise<void> {
    await this.recordAccesses([access]);
  }

  /** Audits several accesses (e.g. every person of a 一括照会) in one transaction: all of them or none. */
  async recordAccesses(accesses: readonly AccessRecord[]): Promise<void> {
    const checked = accesses.map((access) => ({ access, receptionId: access.receptionId === undefined ? undefined : requireIdentifier(access.receptionId, 'receptionId') }));
    this.write(() => {
      for (const { access, receptionId } of checked) {
        if (receptionId !== undefined && findReception(this.db, receptionId) === undefined) {
          throw new StoreError('RECEPTION_NOT_FOUND', `reception ${receptionId} is unknown`);
        }
        appendAudit(this.db, {
          at: access.at,
          actor: access.actor,
          event: access.action,
          ...(receptionId === undefined ? {} : { receptionId }),
          ...(access.kioskId === undefined ? {} : { kioskId: access.kioskId }),
          ...(access.detail === undefined ? {} : { detail: access.detail }),
        });
      }
    });
  }

  findReception(receptionId: string): StoredReception | undefined {
    return findReception(this.db, receptionId);
  }

  /** The consents given in a reception (empty for an unknown one). */
  consentsOf(receptionId: string): ReturnType<typeof listConsentsOf> {
    return listConsentsOf(this.db, requireIdentifier(receptionId, 'receptionId'));
  }

  /** Receptions begun since `since` (newest first, at most `limit`), with their consents: the console's list. */
  receptionsSince(since: Date, limit = 200): ReturnType<typeof listReceptionsSince> {
    return listReceptionsSince(this.db, requireTime(since, 'since'), Math.max(1, Math.min(Math.trunc(limit) || 1, 2000)));
  }

  verifyAuditChain(): AuditChainVerdict {
    return verifyAuditChain(this.db);
  }

  /** A page of the audit log for an auditor (newest first, filtered) and the chain's verdict; reads only. */
  queryAudit(query: AuditQuery = {}): AuditPage {
    return queryAuditLog(this.db, query);
  }

  private checkedEndingBase(receptionId: string, kioskId: string, endedAt: Date): ReceptionEndingRow {
    return emptyEnding(requireIdentifier(receptionId, 'receptionId'), requireIdentifier(kioskId, 'kioskId'), requireTime(endedAt, 'endedAt'));
  }

  private auditEnding(at: Date, actor: AuditActor, event: string, ending: ReceptionEndingRow, extra: AuditDetail = {}): void {
    const detail: Record<string, string | number | boolean> = { ...extra };
    if (ending.method !== null) detail['method'] = ending.method;
    if (ending.endingCode !== null) detail['code'] = ending.endingCode;
    if (ending.processingResultStatus !== null) detail['processingResultStatus'] = ending.processingResultStatus;
    if (ending.processingResultCode !== null) detail['processingResultCode'] = ending.processingResultCode;
    if (ending.qualificationValidity !== null) detail['qualificationValidity'] = ending.qualificationValidity;
    if (ending.crossCheck !== null) detail['crossCheck'] = ending.crossCheck;
    appendAudit(this.db, { at, actor, event, receptionId: ending.receptionId, kioskId: ending.kioskId, detail });
  }

  private write<Result>(work: () => Result): Result {
    return writeTransaction(this.db, work);
  }
}

function emptyEnding(receptionId: string, kioskId: string, endedAt: string): ReceptionEndingRow {
  return {
    receptionId,
    kioskId,
    state: 'abandoned',
    endedAt,
    method: null,
    endingCode: null,
    processingResultStatus: null,
    processingResultCode: null,
    qualificationValidity: null,
    crossCheck: null,
  };
}

/** The answer's codes only; its document and people stay out of the store. */
function completedEnding(completion: ReceptionCompletion): ReceptionEndingRow {
  const receptionId = requireIdentifier(completion.receptionId, 'receptionId');
  const { answer } = completion;
  if (answer.receptionId !== receptionId) throw new StoreError('INVALID_INPUT', `the answer belongs to another reception than ${receptionId}`);
  if (completion.crossCheck !== 'matched' && completion.crossCheck !== 'not-cross-checked') throw new StoreError('INVALID_INPUT', 'crossCheck is not matched or not-cross-checked');
  return {
    ...emptyEnding(receptionId, requireIdentifier(completion.kioskId, 'kioskId'), requireTime(completion.endedAt, 'endedAt')),
    state: 'completed',
    method: requireMethod(completion.method),
    processingResultStatus: requireSingleDigit(answer.processingResultStatus, 'answer.processingResultStatus', '0123456789'),
    processingResultCode: answer.processingResultCode === undefined ? null : requireCode(answer.processingResultCode, 'answer.processingResultCode'),
    qualificationValidity: answer.qualificationValidity === undefined ? null : requireSingleDigit(answer.qualificationValidity, 'answer.qualificationValidity', '123456'),
    crossCheck: completion.crossCheck,
  };
}
