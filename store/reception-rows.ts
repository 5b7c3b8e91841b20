import type { AuthenticationMethod, ConsentAnswers } from '../flow/ports/central-system';
import type { CrossCheck } from '../flow/ports/reception-store';
import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-driver';

/** The reception's row as stored: its id, kiosk, times, method and codes, nothing of the person. */
export type ReceptionState = 'open' | 'completed' | 'queued' | 'handed-to-staff' | 'abandoned';

export interface StoredReception {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly state: ReceptionState;
  readonly method: AuthenticationMethod | null;
  readonly endingCode: string | null;
  readonly processingResultStatus: string | null;
  readonly processingResultCode: string | null;
  readonly qualificationValidity: string | null;
  readonly crossCheck: CrossCheck | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
}

/** What an ending writes; every field already checked, times already ISO text. */
export interface ReceptionEndingRow {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly state: Exclude<ReceptionState, 'open'>;
  readonly endedAt: string;
  readonly method: AuthenticationMethod | null;
  readonly endingCode: string | null;
  readonly processingResultStatus: string | null;
  readonly processingResultCode: string | null;
  readonly qualificationValidity: string | null;
  readonly crossCheck: CrossCheck | null;
}

const CONSENT_VALIDITY_MS = 24 * 60 * 60 * 1000;

const SELECT_RECEPTION = `SELECT reception_id AS receptionId, kiosk_id AS kioskId, state, method, ending_code AS endingCode,
       processing_result_status AS processingResultStatus, processing_result_code AS processingResultCode,
       qualification_validity AS qualificationValidity, cross_check AS crossCheck, started_at AS startedAt, ended_at AS endedAt
  FROM receptions`;

export function findReception(db: SqliteDatabase, receptionId: string): StoredReception | undefined {
  return db.prepare(`${SELECT_RECEPTION} WHERE reception_id = ?`).get(receptionId) as StoredReception | undefined;
}

/** A consent as the console lists it: the category, the answer and when it stops allowing a view. */
export interface StoredConsent {
  readonly category: string;
  readonly agreed: boolean;
  readonly givenAt: string;
  readonly expiresAt: string;
}

/** The consents a reception's patient gave, by category. */
export function listConsentsOf(db: SqliteDatabase, receptionId: string): StoredConsent[] {
  return (
    db.prepare('SELECT category, agreed, given_at AS givenAt, expires_at AS expiresAt FROM consents WHERE reception_id = ? ORDER BY category').all(receptionId) as {
      category: string;
      agreed: number;
      givenAt: string;
      expiresAt: string;
    }[]
  ).map((row) => ({ ...row, agreed: row.agreed === 1 }));
}

/** Receptions begun since `since`, newest first, each with its consents. */
export function listReceptionsSince(db: SqliteDatabase, since: string, limit: number): (StoredReception & { consents: StoredConsent[] })[] {
  const receptions = db.prepare(`${SELECT_RECEPTION} WHERE started_at >= ? ORDER BY started_at DESC, reception_id LIMIT ?`).all(since, limit) as StoredReception[];
  return receptions.map((reception) => ({ ...reception, consents: listConsentsOf(db, reception.receptionId) }));
}

/** Receptions still open: after a restart, those a crashed terminal left behind. */
export function listOpenReceptions(db: SqliteDatabase): StoredReception[] {
  return db.prepare(`${SELECT_RECEPTION} WHERE state = 'open' ORDER BY started_at, reception_id`).all() as StoredReception[];
}

export function insertOpenReception(db: SqliteDatabase, receptionId: string, kioskId: string, startedAt: string): void {
  if (findReception(db, receptionId) !== undefined) throw new StoreError('RECEPTION_EXISTS', `reception ${receptionId} was begun before`);
  db.prepare(`INSERT INTO receptions (reception_id, kiosk_id, state, started_at) VALUES (?, ?, 'open', ?)`).run(receptionId, kioskId, startedAt);
}

/** The reception must exist, belong to this kiosk and be in `from`; a wrong one is refused with its own code. */
export function requireReceptionIn(db: SqliteDatabase, receptionId: string, kioskId: string, from: ReceptionState): StoredReception {
  const reception = findReception(db, receptionId);
  if (reception === undefined) throw new StoreError('RECEPTION_NOT_FOUND', `reception ${receptionId} was never begun`);
  if (reception.kioskId !== kioskId) throw new StoreError('KIOSK_MISMATCH', `reception ${receptionId} belongs to another kiosk`);
  if (reception.state !== from) {
    throw new StoreError(from === 'open' ? 'RECEPTION_ALREADY_ENDED' : 'RECEPTION_NOT_QUEUED', `reception ${receptionId} is ${reception.state}, not ${from}`);
  }
  return reception;
}

export function writeReceptionEnding(db: SqliteDatabase, ending: ReceptionEndingRow): void {
  db.prepare(
    `UPDATE receptions
        SET state = @state, ended_at = @endedAt, method = @method, ending_code = @endingCode,
            processing_result_status = @processingResultStatus, processing_result_code = @processingResultCode,
            qualification_validity = @qualificationValidity, cross_check = @crossCheck
      WHERE reception_id = @receptionId AND kiosk_id = @kioskId`,
  ).run(ending);
}

/** One row per category shown; each answer is valid for 24 hours from when it was given. */
export function writeConsents(db: SqliteDatabase, receptionId: string, consents: ConsentAnswers, givenAt: Date): void {
  const insert = db.prepare('INSERT INTO consents (reception_id, category, agreed, given_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const expiresAt = new Date(givenAt.getTime() + CONSENT_VALIDITY_MS).toISOString();
  for (const [category, agreed] of Object.entries(consents)) insert.run(receptionId, category, agreed ? 1 : 0, givenAt.toISOString(), expiresAt);
}
