import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRowHash, canonicalAuditEncoding, GENESIS_HASH } from './audit-encoding';
import type { AuditActor } from './audit-encoding';
import { appendAudit } from './audit-log';
import type { AuditEntry } from './audit-log';
import { verifyAuditChain } from './verify-audit-chain';
import { dropAuditGuards, openTempReceptionDatabase } from './testing/temp-database';
import type { TempDatabase } from './testing/temp-database';

const KIOSK: AuditActor = { kind: 'kiosk', id: 'kiosk-1' };
const STAFF: AuditActor = { kind: 'staff', id: 'uketsuke-01' };
const at = (second: number) => new Date(Date.UTC(2026, 10, 21, 1, 0, second));

describe('hash-chained audit log', () => {
  let temp: TempDatabase;
  beforeEach(() => {
    temp = openTempReceptionDatabase();
  });
  afterEach(() => temp.dispose());

  const append = (entry: AuditEntry) => temp.db.transaction(() => appendAudit(temp.db, entry)).immediate();
  const appendFive = () => {
    append({ at: at(0), actor: KIOSK, event: 'RECEPTION_BEGUN', receptionId: 'r-1', kioskId: 'kiosk-1' });
    append({ at: at(1), actor: KIOSK, event: 'RECEPTION_COMPLETED', receptionId: 'r-1', kioskId: 'kiosk-1', detail: { method: 'face', crossCheck: 'matched', people: 1 } });
    append({ at: at(2), actor: STAFF, event: 'RESULT_VIEWED', receptionId: 'r-1' });
    append({ at: at(3), actor: STAFF, event: 'QUEUE_LISTED' });
    append({ at: at(4), actor: { kind: 'terminal', id: 'outage-worker' }, event: 'QUEUE_RELEASED', receptionId: 'r-1', detail: { code: 'CENTRAL_UNAVAILABLE', attempt: 2 } });
  };
  const rows = () => temp.db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Record<string, unknown>[];

  it('links every row to the one before by sha256 over the previous hash and its own canonical fields', () => {
    appendFive();
    expect(verifyAuditChain(temp.db)).toEqual({ ok: true, count: 5 });
    let previous = GENESIS_HASH;
    for (const row of rows()) {
      expect(row['previous_hash']).toBe(previous);
      const fields = {
        id: row['id'] as number,
        at: row['at'] as string,
        actorKind: row['actor_kind'] as 'kiosk',
        actorId: row['actor_id'] as string,
        event: row['event'] as string,
        receptionId: row['reception_id'] as string | null,
        kioskId: row['kiosk_id'] as string | null,
        detailJson: row['detail_json'] as string,
      };
      expect(row['hash']).toBe(auditRowHash(previous, fields));
      previous = row['hash'] as string;
    }
    // Detail keys are stored sorted, so the same facts always give the same hash.
    expect(rows()[1]!['detail_json']).toBe('{"crossCheck":"matched","method":"face","people":1}');
    expect(canonicalAuditEncoding({ id: 1, at: 'a', actorKind: 'kiosk', actorId: 'k', event: 'E', receptionId: null, kioskId: null, detailJson: '{}' })).toBe(
      '[1,"a","kiosk","k","E",null,null,"{}"]',
    );
  });

  it('verifies an empty log', () => {
    expect(verifyAuditChain(temp.db)).toEqual({ ok: true, count: 0 });
  });

  it('appends only inside the write it records', () => {
    expect(() => appendAudit(temp.db, { at: at(0), actor: KIOSK, event: 'RECEPTION_BEGUN' })).toThrow(expect.objectContaining({ code: 'WRITE_FAILED' }));
  });

  it('refuses a detail that is not codes, an event that is not a code, and an unknown actor kind', () => {
    const refused = (entry: AuditEntry) => expect(() => append(entry), JSON.stringify(entry)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    refused({ at: at(0), actor: KIOSK, event: 'RESULT_VIEWED', detail: { note: '試験 太郎' } });
    refused({ at: at(0), actor: KIOSK, event: 'RESULT_VIEWED', detail: { note: 'Shiken Taro' } });
    refused({ at: at(0), actor: KIOSK, event: 'RESULT_VIEWED', detail: { 'bad key': 'X' } });
    refused({ at: at(0), actor: KIOSK, event: 'viewed by 太郎' });
    refused({ at: at(0), actor: { kind: 'patient' as 'kiosk', id: 'x' }, event: 'RESULT_VIEWED' });
    refused({ at: new Date(Number.NaN), actor: KIOSK, event: 'RESULT_VIEWED' });
    expect(rows()).toEqual([]);
  });

  describe('tampering with the file is found', () => {
    beforeEach(() => {
      appendFive();
      dropAuditGuards(temp.db);
    });

    it('an edited field', () => {
      temp.db.prepare(`UPDATE audit_log SET event = 'RECEPTION_ABANDONED' WHERE id = 2`).run();
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 2, reason: 'HASH_MISMATCH' });
    });

    it('an edited detail', () => {
      temp.db.prepare(`UPDATE audit_log SET detail_json = '{"crossCheck":"matched","method":"pin","people":1}' WHERE id = 2`).run();
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 2, reason: 'HASH_MISMATCH' });
    });

    it('an edited row whose hash was recomputed: the next row no longer links to it', () => {
      const row = rows()[2]!;
      const forged = { id: 3, at: row['at'] as string, actorKind: 'staff' as const, actorId: 'someone-else', event: 'RESULT_VIEWED', receptionId: 'r-1', kioskId: null, detailJson: '{}' };
      temp.db.prepare(`UPDATE audit_log SET actor_id = 'someone-else', hash = ? WHERE id = 3`).run(auditRowHash(row['previous_hash'] as string, forged));
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 4, reason: 'BROKEN_LINK' });
    });

    it('a deleted row in the middle', () => {
      temp.db.prepare('DELETE FROM audit_log WHERE id = 3').run();
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 3, reason: 'ID_GAP' });
    });

    it('a deleted row with the later ids shifted down to close the gap', () => {
      temp.db.exec('DELETE FROM audit_log WHERE id = 3; UPDATE audit_log SET id = id - 1 WHERE id > 3;');
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 3, reason: 'BROKEN_LINK' });
    });

    it('the last row deleted', () => {
      temp.db.prepare('DELETE FROM audit_log WHERE id = 5').run();
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 5, reason: 'HEAD_MISMATCH' });
    });

    it('two rows swapped (reordered)', () => {
      temp.db.exec('UPDATE audit_log SET id = 100 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 100;');
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 2, reason: 'BROKEN_LINK' });
    });

    it('two rows swapped with their links kept in place (contents moved between ids)', () => {
      const [second, third] = [rows()[1]!, rows()[2]!];
      const move = temp.db.prepare('UPDATE audit_log SET at = @at, actor_kind = @actor_kind, actor_id = @actor_id, event = @event, reception_id = @reception_id, kiosk_id = @kiosk_id, detail_json = @detail_json WHERE id = @id');
      move.run({ ...third, id: 2 });
      move.run({ ...second, id: 3 });
      expect(verifyAuditChain(temp.db)).toEqual({ ok: false, firstBadId: 2, reason: 'HASH_MISMATCH' });
    });
  });
});
