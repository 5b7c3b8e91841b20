import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardConfirmationAnswer } from '../flow/ports/central-system';
import type { ReceptionCompletion, ReceptionQueued } from '../flow/ports/reception-store';
import { at, KIOSK, sampleAnswer, sampleCompletion, sampleQueued, sampleQueuedCompletion, T0 } from './testing/sample-receptions';
import { dumpAllTables } from './testing/temp-database';
import { openTempReceptionStore } from './testing/temp-reception-store';
import type { TempReceptionStore } from './testing/temp-reception-store';

/**
 * The store keeps a reception as ids, times, the method and codes. Callers here smuggle a name, a
 * PIN, 照合番号B, a face image and descriptor and the whole answer document onto the objects they
 * pass; none of it may reach a column or the file.
 */
const PERSON = {
  name: '試験 太郎',
  kanaName: 'シケン タロウ',
  address: '東京都千代田区霞が関1-2-3',
  insuredNumber: 'HIHOKENSHA-20451777',
  collationNumberB: '80021730320419',
  faceImageMarker: 'JP2-FACE-IMAGE-BYTES',
  answeredBirthDate: '1975-03-03',
};
const PIN = '1234';
const CARD_FACE_BIRTH_DATE = '1980-02-17';

/** The columns the store may have, reviewed for personal data. A new column must be added here on purpose. */
const REVIEWED_COLUMNS = {
  // Codes and the acknowledging account's id only.
  alerts: ['id', 'kiosk_id', 'reception_id', 'code', 'raised_at', 'acknowledged_at', 'acknowledged_by'],
  audit_head: ['singleton', 'last_id', 'last_hash'],
  audit_log: ['id', 'at', 'actor_kind', 'actor_id', 'event', 'reception_id', 'kiosk_id', 'detail_json', 'previous_hash', 'hash'],
  consents: ['reception_id', 'category', 'agreed', 'given_at', 'expires_at'],
  // Staff, not patients (migration 003): a login and a display name, a scrypt hash, a sealed TOTP secret.
  console_accounts: [
    'account_id', 'login_name', 'display_name', 'role', 'password_hash', 'must_change_password', 'failed_logins',
    'locked_until', 'disabled', 'totp_secret_sealed', 'totp_pending_sealed', 'totp_last_step', 'created_at', 'updated_at',
  ],
  // A session is the SHA-256 of its id; the id itself is only in the staff member's cookie.
  console_sessions: ['session_hash', 'account_id', 'created_at', 'last_seen_at'],
  // The facility's settings (migration 005): codes, kiosk names, time limits; saved by a staff login.
  facility_settings: ['version', 'saved_at', 'saved_by', 'settings_json', 'settings_sha256'],
  // The card face's birth date and sex stay only until the queued reception is done.
  outage_queue: [
    'reception_id', 'kiosk_id', 'queued_at', 'status', 'attempts', 'last_attempt_at', 'done_at',
    'certificate_der', 'method', 'consents_json', 'prescription_form', 'card_birth_date', 'card_sex_code',
  ],
  receptions: [
    'reception_id', 'kiosk_id', 'state', 'method', 'ending_code', 'processing_result_status',
    'processing_result_code', 'qualification_validity', 'cross_check', 'started_at', 'ended_at',
  ],
};
const HASH_COLUMNS = new Set(['hash', 'previous_hash', 'last_hash']);
/** A staff account's own names, reviewed: they name the staff member who signs in, never a patient. */
const STAFF_NAME_COLUMNS = new Set(['console_accounts.login_name', 'console_accounts.display_name']);

function smuggled<T extends object>(value: T): T {
  return { ...value, pin: PIN, name: PERSON.name, collationNumberB: PERSON.collationNumberB, faceImage: new TextEncoder().encode(PERSON.faceImageMarker), faceDescriptor: Float32Array.from([0.125, 0.5]) };
}

function answerWithDocument(receptionId: string): CardConfirmationAnswer {
  const document = { kind: 'qualification-response', name: PERSON.name, kanaName: PERSON.kanaName, address: PERSON.address, insuredNumber: PERSON.insuredNumber } as CardConfirmationAnswer['document'];
  return { ...sampleAnswer(receptionId), people: [{ birthDate: PERSON.answeredBirthDate, sexCode: '1' }], document };
}

describe('the store keeps no personal data', () => {
  let temp: TempReceptionStore;
  beforeEach(() => {
    temp = openTempReceptionStore();
  });
  afterEach(() => temp.dispose());

  /** Every way of writing, each with the smuggled extras. */
  async function writeEverything(): Promise<void> {
    const { store } = temp;
    for (const id of ['r-done', 'r-queued', 'r-staff', 'r-gone']) await store.begin(smuggled({ receptionId: id, kioskId: KIOSK, startedAt: T0 }));
    const completion: ReceptionCompletion = smuggled({ ...sampleCompletion('r-done'), answer: smuggled(answerWithDocument('r-done')) });
    await store.complete(completion);
    const queued: ReceptionQueued = smuggled({ ...sampleQueued('r-queued'), facts: smuggled(sampleQueued('r-queued').facts), cardFace: smuggled({ birthDate: CARD_FACE_BIRTH_DATE, sexCode: '1' }) });
    await store.queue(queued);
    await store.handOver(smuggled({ receptionId: 'r-staff', kioskId: KIOSK, endedAt: at(30), method: 'face' as const, code: 'IDENTITY_MISMATCH' }));
    await store.abandon(smuggled({ receptionId: 'r-gone', kioskId: KIOSK, endedAt: at(30), code: 'CARD_REMOVED' }));
    await store.claimQueued('r-queued', at(100));
    await store.releaseQueued('r-queued', at(101), 'CENTRAL_UNAVAILABLE');
    await store.claimQueued('r-queued', at(200));
    await store.completeQueued(smuggled({ ...sampleQueuedCompletion('r-queued', at(201)), answer: smuggled(answerWithDocument('r-queued')) }));
    await store.recordAccess(smuggled({ actor: { kind: 'staff' as const, id: 'uketsuke-01' }, action: 'RESULT_VIEWED', receptionId: 'r-done', at: at(300) }));
  }

  it('has exactly the reviewed columns, none named for personal data', () => {
    const columns = Object.fromEntries(
      Object.keys(dumpAllTables(temp.db)).map((table) => [table, (temp.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((column) => column.name)]),
    );
    expect(columns).toEqual(REVIEWED_COLUMNS);
    const allNames = Object.entries(columns).flatMap(([table, names]) => names.filter((name) => !STAFF_NAME_COLUMNS.has(`${table}.${name}`)));
    for (const name of allNames) expect(name).not.toMatch(/(^|_)(name|kana|address|face|image|photo|descriptor|pin|collation|document|xml)(_|$)/);
  });

  it('keeps none of it in any cell after every kind of write', async () => {
    await writeEverything();
    const cells = Object.entries(dumpAllTables(temp.db)).flatMap(([table, rows]) => rows.flatMap((row) => Object.entries(row).map(([column, value]) => ({ table, column, value }))));
    expect(cells.length).toBeGreaterThan(50);
    for (const { table, column, value } of cells) {
      const where = `${table}.${column}`;
      const text = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value);
      for (const forbidden of Object.values(PERSON)) expect(text, where).not.toContain(forbidden);
      // The card face's birth date is gone once its queued reception is done.
      expect(text, where).not.toContain(CARD_FACE_BIRTH_DATE);
      // A PIN is four digits: hex hashes may hold them by chance, no other column may.
      if (!HASH_COLUMNS.has(column)) expect(text, where).not.toContain(PIN);
    }
    // Once done, no bytes of any kind remain (the certificate was kept only for the resend).
    expect(cells.filter((cell) => cell.value instanceof Uint8Array)).toEqual([]);
  });

  it('never writes the smuggled data to the file or its WAL', async () => {
    await writeEverything();
    const bytes = Buffer.concat([readFileSync(temp.file), readFileSync(`${temp.file}-wal`)]);
    expect(bytes.length).toBeGreaterThan(4096);
    for (const forbidden of Object.values(PERSON)) expect(bytes.includes(Buffer.from(forbidden, 'utf8')), forbidden).toBe(false);
  });

  it('keeps the codes the staff need', async () => {
    await writeEverything();
    expect(temp.store.findReception('r-done')).toMatchObject({ state: 'completed', processingResultStatus: '1', qualificationValidity: '1', crossCheck: 'matched' });
    expect(temp.store.findReception('r-queued')).toMatchObject({ state: 'completed', method: 'pin' });
    expect(temp.store.verifyAuditChain()).toEqual({ ok: true, count: 13 });
  });
});
