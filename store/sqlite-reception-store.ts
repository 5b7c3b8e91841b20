import Database from 'better-sqlite3';
import type { CardConfirmationFacts } from '../flow/ports/central-system';
import type {
  ReceptionAbandon,
  ReceptionCompletion,
  ReceptionHandover,
  ReceptionQueued,
  ReceptionStart,
  ReceptionStore,
} from '../flow/ports/reception-store';
import { appendAudit, verifyAuditChain, type AuditEntry, type ChainVerification } from './audit-chain';
import { createMigrationRunner, StoreError } from './migration-runner';
import { TERMINAL_MIGRATIONS } from './migrations';

const CONSENT_VALIDITY_MS = 24 * 60 * 60 * 1000;

/** A reception waiting in the outage queue, as the terminal's worker sends it again. */
export interface QueuedReception {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly queuedAt: Date;
  readonly facts: CardConfirmationFacts;
  readonly cardFace?: { readonly birthDate: string; readonly sexCode: string };
  readonly attempts: number;
}

interface QueueRow {
  reception_id: string;
  kiosk_id: string;
  queued_at: string;
  request: string;
  attempts: number;
}

/**
 * The terminal's SQLite store (ReceptionStore port): WAL, synchronous FULL, and every write one
 * transaction together with its audit entry, so a crash leaves a whole step or none of it.
 */
export class SqliteReceptionStore implements ReceptionStore {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a reception the patient was told is recorded survives a power cut, not only a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    createMigrationRunner(TERMINAL_MIGRATIONS).migrate(this.db);
  }

  async begin(start: ReceptionStart): Promise<void> {
    this.write(() => {
      this.db
        .prepare('INSERT INTO receptions (reception_id, kiosk_id, started_at) VALUES (?, ?, ?)')
        .run(start.receptionId, start.kioskId, start.startedAt.toISOString());
      this.audit({ at: start.startedAt, actor: `kiosk:${start.kioskId}`, action: 'reception.started', receptionId: start.receptionId, kioskId: start.kioskId });
    });
  }

  async complete(completion: ReceptionCompletion): Promise<void> {
    this.write(() => this.completeNow(completion));
  }

  async queue(queued: ReceptionQueued): Promise<void> {
    this.write(() => {
      this.end(queued.receptionId, queued.queuedAt, 'queued', 'CENTRAL_OUTAGE', queued.facts.method);
      const request = JSON.stringify({
        certificateDer: Buffer.from(queued.facts.certificateDer).toString('base64'),
        method: queued.facts.method,
        consents: queued.facts.consents,
        prescriptionForm: queued.facts.prescriptionForm,
        cardFace: queued.cardFace,
      });
      this.db
        .prepare("INSERT INTO outage_queue (reception_id, kiosk_id, queued_at, request, status) VALUES (?, ?, ?, ?, 'pending')")
        .run(queued.receptionId, queued.kioskId, queued.queuedAt.toISOString(), request);
      this.audit({ at: queued.queuedAt, actor: `kiosk:${queued.kioskId}`, action: 'reception.queued', receptionId: queued.receptionId, kioskId: queued.kioskId });
    });
  }

  async handOver(handover: ReceptionHandover): Promise<void> {
    this.write(() => {
      this.audit({
        at: handover.endedAt,
        actor: `kiosk:${handover.kioskId}`,
        action: 'reception.staffCalled',
        receptionId: handover.receptionId,
        kioskId: handover.kioskId,
        detail: { code: handover.code },
      });
    });
  }

  async abandon(abandon: ReceptionAbandon): Promise<void> {
    this.write(() => {
      this.end(abandon.receptionId, abandon.endedAt, 'abandoned', abandon.code, undefined);
      this.audit({ at: abandon.endedAt, actor: `kiosk:${abandon.kioskId}`, action: 'reception.ended', receptionId: abandon.receptionId, kioskId: abandon.kioskId, detail: { code: abandon.code } });
    });
  }

  /** Ends a reception that was handed over (staff at the counter take it from here). */
  async endHandedOver(handover: ReceptionHandover): Promise<void> {
    this.write(() => {
      this.end(handover.receptionId, handover.endedAt, 'handed-to-staff', handover.code, handover.method);
      this.audit({ at: handover.endedAt, actor: `kiosk:${handover.kioskId}`, action: 'reception.ended', receptionId: handover.receptionId, kioskId: handover.kioskId, detail: { code: handover.code } });
    });
  }

  /** A display or data access, for the audit chain (who saw what of which reception). */
  recordAccess(entry: AuditEntry): void {
    this.write(() => this.audit(entry));
  }

  pendingQueue(): QueuedReception[] {
    const rows = this.db.prepare("SELECT reception_id, kiosk_id, queued_at, request, attempts FROM outage_queue WHERE status = 'pending' ORDER BY queued_at").all() as QueueRow[];
    return rows.map(queuedOf);
  }

  /** Takes one queued reception for sending; false when another sender has it or it is done. */
  claimQueued(receptionId: string): boolean {
    return this.write(() => {
      const changed = this.db.prepare("UPDATE outage_queue SET status = 'sending', attempts = attempts + 1 WHERE reception_id = ? AND status = 'pending'").run(receptionId).changes;
      return changed === 1;
    });
  }

  /** Back to pending after a failed send. */
  releaseQueued(receptionId: string, error: string): void {
    this.write(() => {
      this.db.prepare("UPDATE outage_queue SET status = 'pending', last_error = ? WHERE reception_id = ? AND status = 'sending'").run(error.slice(0, 200), receptionId);
    });
  }

  /** Completes a queued reception exactly once: a second completion is refused. */
  completeQueued(completion: ReceptionCompletion): void {
    this.write(() => {
      const changed = this.db.prepare("UPDATE outage_queue SET status = 'done' WHERE reception_id = ? AND status = 'sending'").run(completion.receptionId).changes;
      if (changed !== 1) throw new StoreError('STORE_ALREADY_DONE', `queued reception ${completion.receptionId} is not being sent`);
      this.completeNow(completion);
    });
  }

  /** A queued reception the central system refused or that failed the cross-check: done, for staff. */
  failQueued(receptionId: string, code: string, at: Date): void {
    this.write(() => {
      const changed = this.db.prepare("UPDATE outage_queue SET status = 'done', last_error = ? WHERE reception_id = ? AND status = 'sending'").run(code.slice(0, 200), receptionId).changes;
      if (changed !== 1) throw new StoreError('STORE_ALREADY_DONE', `queued reception ${receptionId} is not being sent`);
      this.audit({ at, actor: 'terminal', action: 'reception.queueFailed', receptionId, detail: { code } });
    });
  }

  /** Sends crashed mid-way come back as pending at start: the central system deduplicates nothing for us. */
  recoverInterruptedSends(): number {
    return this.write(() => this.db.prepare("UPDATE outage_queue SET status = 'pending' WHERE status = 'sending'").run().changes);
  }

  verifyAuditChain(): ChainVerification {
    return verifyAuditChain(this.db);
  }

  close(): void {
    this.db.close();
  }

  private completeNow(completion: ReceptionCompletion): void {
    const { answer } = completion;
    this.db
      .prepare(
        `UPDATE receptions SET ended_at = ?, ending = 'completed', ending_code = 'COMPLETED', method = ?, processing_result_status = ?,
         qualification_validity = ?, cross_check = ? WHERE reception_id = ?`,
      )
      .run(completion.endedAt.toISOString(), completion.method, answer.processingResultStatus, answer.qualificationValidity ?? null, completion.crossCheck, completion.receptionId);
    const givenAt = completion.endedAt.toISOString();
    const expiresAt = new Date(completion.endedAt.getTime() + CONSENT_VALIDITY_MS).toISOString();
    const insert = this.db.prepare('INSERT OR REPLACE INTO consents (reception_id, category, agreed, given_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    for (const [category, agreed] of Object.entries(completion.consents)) {
      if (agreed !== undefined) insert.run(completion.receptionId, category, agreed ? 1 : 0, givenAt, expiresAt);
    }
    this.audit({
      at: completion.endedAt,
      actor: `kiosk:${completion.kioskId}`,
      action: 'reception.completed',
      receptionId: completion.receptionId,
      kioskId: completion.kioskId,
      detail: { method: completion.method, crossCheck: completion.crossCheck, status: answer.processingResultStatus },
    });
  }

  private end(receptionId: string, at: Date, ending: string, code: string, method: string | undefined): void {
    const changed = this.db
      .prepare('UPDATE receptions SET ended_at = ?, ending = ?, ending_code = ?, method = COALESCE(?, method) WHERE reception_id = ? AND ending IS NULL')
      .run(at.toISOString(), ending, code, method ?? null, receptionId).changes;
    if (changed !== 1) throw new StoreError('STORE_NOT_FOUND', `no open reception ${receptionId}`);
  }

  private audit(entry: AuditEntry): void {
    appendAudit(this.db, entry);
  }

  private write<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('STORE_WRITE_FAILED', (error as Error).message);
    }
  }
}

function queuedOf(row: QueueRow): QueuedReception {
  const request = JSON.parse(row.request) as {
    certificateDer: string;
    method: CardConfirmationFacts['method'];
    consents: CardConfirmationFacts['consents'];
    prescriptionForm?: CardConfirmationFacts['prescriptionForm'];
    cardFace?: { birthDate: string; sexCode: string };
  };
  return {
    receptionId: row.reception_id,
    kioskId: row.kiosk_id,
    queuedAt: new Date(row.queued_at),
    attempts: row.attempts,
    facts: {
      certificateDer: new Uint8Array(Buffer.from(request.certificateDer, 'base64')),
      method: request.method,
      consents: request.consents,
      ...(request.prescriptionForm === undefined ? {} : { prescriptionForm: request.prescriptionForm }),
    },
    ...(request.cardFace === undefined ? {} : { cardFace: request.cardFace }),
  };
}
