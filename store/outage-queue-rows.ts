import type { CardConfirmationFacts } from '../flow/ports/central-system';
import type { ReceptionQueued } from '../flow/ports/reception-store';
import { StoreError } from './errors';
import { requireConsents, requireMethod } from './input-checks';
import type { SqliteDatabase } from './sqlite-driver';

export type QueueStatus = 'pending' | 'sending' | 'done';

/** A queued reception as the outage worker needs it to ask the central system again. */
export interface QueuedReception {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly queuedAt: Date;
  readonly facts: CardConfirmationFacts;
  readonly cardFace?: ReceptionQueued['cardFace'];
  /** How many times the worker has claimed it so far. */
  readonly attempts: number;
}

interface QueueRow {
  receptionId: string;
  kioskId: string;
  queuedAt: string;
  status: QueueStatus;
  attempts: number;
  certificateDer: Buffer | null;
  method: string;
  consentsJson: string;
  prescriptionForm: 'electronic' | 'paper' | null;
  cardBirthDate: string | null;
  cardSexCode: string | null;
}

const SELECT_QUEUE_ROW = `
  SELECT reception_id AS receptionId, kiosk_id AS kioskId, queued_at AS queuedAt, status, attempts,
         certificate_der AS certificateDer, method, consents_json AS consentsJson, prescription_form AS prescriptionForm,
         card_birth_date AS cardBirthDate, card_sex_code AS cardSexCode
    FROM outage_queue`;

/** Inputs already checked by the caller. */
export function insertQueueEntry(db: SqliteDatabase, queued: ReceptionQueued, queuedAt: string): void {
  db.prepare(
    `INSERT INTO outage_queue (reception_id, kiosk_id, queued_at, certificate_der, method, consents_json, prescription_form, card_birth_date, card_sex_code)
     VALUES (@receptionId, @kioskId, @queuedAt, @certificateDer, @method, @consentsJson, @prescriptionForm, @cardBirthDate, @cardSexCode)`,
  ).run({
    receptionId: queued.receptionId,
    kioskId: queued.kioskId,
    queuedAt,
    certificateDer: Buffer.from(queued.facts.certificateDer),
    method: queued.facts.method,
    consentsJson: JSON.stringify(queued.facts.consents),
    prescriptionForm: queued.facts.prescriptionForm ?? null,
    cardBirthDate: queued.cardFace?.birthDate ?? null,
    cardSexCode: queued.cardFace?.sexCode ?? null,
  });
}

export function listQueue(db: SqliteDatabase, status: QueueStatus): QueuedReception[] {
  return (db.prepare(`${SELECT_QUEUE_ROW} WHERE status = ? ORDER BY queued_at, reception_id`).all(status) as QueueRow[]).map(toQueuedReception);
}

/** The entry, which must be in `from`; otherwise a refusal saying where it is. */
export function requireQueueEntryIn(db: SqliteDatabase, receptionId: string, from: Exclude<QueueStatus, 'done'>): QueuedReception {
  const row = db.prepare(`${SELECT_QUEUE_ROW} WHERE reception_id = ?`).get(receptionId) as QueueRow | undefined;
  if (row === undefined) throw new StoreError('QUEUE_ENTRY_NOT_FOUND', `reception ${receptionId} was never queued`);
  if (row.status === 'done') throw new StoreError('QUEUE_ALREADY_DONE', `queued reception ${receptionId} was completed before`);
  if (row.status !== from) throw new StoreError(from === 'pending' ? 'QUEUE_NOT_PENDING' : 'QUEUE_NOT_CLAIMED', `queued reception ${receptionId} is ${row.status}, not ${from}`);
  return toQueuedReception(row);
}

export function markSending(db: SqliteDatabase, receptionId: string, at: string): number {
  db.prepare(`UPDATE outage_queue SET status = 'sending', attempts = attempts + 1, last_attempt_at = ? WHERE reception_id = ? AND status = 'pending'`).run(at, receptionId);
  return (db.prepare('SELECT attempts FROM outage_queue WHERE reception_id = ?').get(receptionId) as { attempts: number }).attempts;
}

export function markPending(db: SqliteDatabase, receptionId: string): void {
  db.prepare(`UPDATE outage_queue SET status = 'pending' WHERE reception_id = ? AND status = 'sending'`).run(receptionId);
}

/** Done: what was kept only for the resend (certificate, card face) is erased. */
export function markDone(db: SqliteDatabase, receptionId: string, at: string): void {
  const { changes } = db
    .prepare(`UPDATE outage_queue SET status = 'done', done_at = ?, certificate_der = NULL, card_birth_date = NULL, card_sex_code = NULL WHERE reception_id = ? AND status = 'sending'`)
    .run(at, receptionId);
  if (changes !== 1) throw new StoreError('QUEUE_NOT_CLAIMED', `queued reception ${receptionId} was not being sent`);
}

function toQueuedReception(row: QueueRow): QueuedReception {
  if (row.certificateDer === null) throw new StoreError('QUEUE_ALREADY_DONE', `queued reception ${row.receptionId} was completed before`);
  const facts: CardConfirmationFacts = {
    certificateDer: new Uint8Array(row.certificateDer),
    method: requireMethod(row.method),
    consents: requireConsents(JSON.parse(row.consentsJson)),
    ...(row.prescriptionForm === null ? {} : { prescriptionForm: row.prescriptionForm }),
  };
  return {
    receptionId: row.receptionId,
    kioskId: row.kioskId,
    queuedAt: new Date(row.queuedAt),
    facts,
    ...(row.cardBirthDate === null || row.cardSexCode === null ? {} : { cardFace: { birthDate: row.cardBirthDate, sexCode: row.cardSexCode } }),
    attempts: row.attempts,
  };
}
