import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceptionCompletion } from '../flow/ports/reception-store';
import { SqliteReceptionStore } from './sqlite-reception-store';

let dir: string;
let store: SqliteReceptionStore;
const at = new Date('2026-12-01T01:00:00.000Z');

function completion(receptionId: string): ReceptionCompletion {
  return {
    receptionId,
    kioskId: 'kiosk-1',
    endedAt: at,
    method: 'face',
    consents: { pharmaceutical: true, specificHealthCheckups: false },
    crossCheck: 'matched',
    answer: { ok: true, receptionId, processingResultStatus: '1', qualificationValidity: '1', people: [{ birthDate: '1980-02-17', sexCode: '1' }], document: { kind: 'qualification-response' } },
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oqs-store-'));
  store = new SqliteReceptionStore(join(dir, 'terminal.sqlite'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('terminal store', () => {
  it('records a reception with its consents (24 h) and an audit entry per step; the chain verifies', async () => {
    await store.begin({ receptionId: 'r1', kioskId: 'kiosk-1', startedAt: at });
    await store.complete(completion('r1'));
    const row = store.db.prepare('SELECT * FROM receptions').get() as Record<string, unknown>;
    expect(row).toMatchObject({ ending: 'completed', method: 'face', cross_check: 'matched', qualification_validity: '1' });
    const consents = store.db.prepare('SELECT category, agreed, expires_at FROM consents ORDER BY category').all();
    expect(consents).toEqual([
      { category: 'pharmaceutical', agreed: 1, expires_at: '2026-12-02T01:00:00.000Z' },
      { category: 'specificHealthCheckups', agreed: 0, expires_at: '2026-12-02T01:00:00.000Z' },
    ]);
    expect(store.verifyAuditChain()).toEqual({ ok: true, count: 2 });
    // Codes only: no birth date of the answer reaches any table.
    const dump = JSON.stringify([store.db.prepare('SELECT * FROM receptions').all(), store.db.prepare('SELECT * FROM audit_log').all()]);
    expect(dump).not.toContain('1980');
  });

  it.each([
    ['an edited entry', "UPDATE audit_log SET action = 'reception.forged' WHERE id = 1"],
    ['a deleted entry', 'DELETE FROM audit_log WHERE id = 1'],
    ['a swapped order', "UPDATE audit_log SET previous_hash = '0' WHERE id = 2"],
  ])('detects %s in the audit chain', async (_name, tamper) => {
    await store.begin({ receptionId: 'r1', kioskId: 'kiosk-1', startedAt: at });
    await store.begin({ receptionId: 'r2', kioskId: 'kiosk-1', startedAt: at });
    await store.complete(completion('r1'));
    store.db.exec(tamper);
    expect(store.verifyAuditChain().ok).toBe(false);
  });

  it('completes a queued reception exactly once', async () => {
    await store.begin({ receptionId: 'r1', kioskId: 'kiosk-1', startedAt: at });
    await store.queue({ receptionId: 'r1', kioskId: 'kiosk-1', queuedAt: at, facts: { certificateDer: Uint8Array.of(1, 2), method: 'pin', consents: { pharmaceutical: true } } });
    expect(store.pendingQueue().map((queued) => queued.receptionId)).toEqual(['r1']);
    expect(store.claimQueued('r1')).toBe(true);
    expect(store.claimQueued('r1')).toBe(false);
    store.completeQueued(completion('r1'));
    expect(() => store.completeQueued(completion('r1'))).toThrowError(expect.objectContaining({ code: 'STORE_ALREADY_DONE' }));
    expect(store.pendingQueue()).toEqual([]);
    expect(store.verifyAuditChain().ok).toBe(true);
  });

  it('a write that fails changes nothing, its audit entry included', async () => {
    await expect(store.abandon({ receptionId: 'unknown', kioskId: 'kiosk-1', endedAt: at, code: 'CARD_REMOVED' })).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
    expect(store.verifyAuditChain()).toEqual({ ok: true, count: 0 });
  });

  it('refuses a store newer than the code', () => {
    store.db.pragma('user_version = 99');
    store.close();
    expect(() => new SqliteReceptionStore(join(dir, 'terminal.sqlite'))).toThrowError(expect.objectContaining({ code: 'STORE_NEWER_THAN_CODE' }));
    store = new SqliteReceptionStore(join(dir, 'other.sqlite'));
  });
});
