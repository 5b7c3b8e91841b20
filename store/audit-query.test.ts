import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from './errors';
import { at, sampleCompletion } from './testing/sample-receptions';
import { dropAuditGuards } from './testing/temp-database';
import { openTempReceptionStore, type TempReceptionStore } from './testing/temp-reception-store';
import type { AuditQuery } from './audit-query';

const SUBJECT_A = 'A'.repeat(64);
const SUBJECT_B = `${'0'.repeat(63)}B`;

describe('the audit query', () => {
  let temp: TempReceptionStore;
  beforeEach(() => {
    temp = openTempReceptionStore();
  });
  afterEach(() => temp.dispose());

  /** Nine rows through the store's own writes: two receptions on two kiosks, staff views, 照会 of two people. */
  async function writeDay(): Promise<void> {
    const { store } = temp;
    await store.begin({ receptionId: 'r-1', kioskId: 'kiosk-1', startedAt: at(0) }); // 1
    await store.complete(sampleCompletion('r-1', at(10), 'kiosk-1')); // 2
    await store.begin({ receptionId: 'r-2', kioskId: 'kiosk-2', startedAt: at(20) }); // 3
    await store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'RESULT_VIEWED', receptionId: 'r-1', kioskId: 'kiosk-1', at: at(30) }); // 4
    await store.abandon({ receptionId: 'r-2', kioskId: 'kiosk-2', endedAt: at(40), code: 'CARD_REMOVED' }); // 5
    await store.recordAccesses([
      { actor: { kind: 'staff', id: 'kusuri-01' }, action: 'INQUIRY_INDIVIDUAL', at: at(50), detail: { subject: SUBJECT_A, inquiry: 'INQ_1' } }, // 6
      { actor: { kind: 'staff', id: 'kusuri-01' }, action: 'INQUIRY_BULK_ROW_SENT', at: at(50), detail: { subject: SUBJECT_B, job: 'JOB_1', row: 2 } }, // 7
    ]);
    await store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'INQUIRY_INDIVIDUAL', at: at(60), detail: { subject: SUBJECT_A, inquiry: 'INQ_2' } }); // 8
    await store.recordAccess({ actor: { kind: 'staff', id: 'admin' }, action: 'QUEUE_LISTED', at: at(70) }); // 9
  }

  const ids = (query: AuditQuery = {}) => temp.store.queryAudit(query).rows.map((row) => row.id);

  it('gives every row newest first with its codes and parsed detail, and the verdict of the whole chain', async () => {
    await writeDay();
    const page = temp.store.queryAudit();
    expect(page.rows.map((row) => row.id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(page.nextBefore).toBeNull();
    expect(page.verdict).toEqual({ ok: true, count: 9 });
    expect(page.rows.find((row) => row.id === 4)).toEqual({
      id: 4,
      at: at(30).toISOString(),
      actorKind: 'staff',
      actorId: 'uketsuke-01',
      event: 'RESULT_VIEWED',
      receptionId: 'r-1',
      kioskId: 'kiosk-1',
      detail: {},
    });
    expect(page.rows.find((row) => row.id === 2)?.detail).toMatchObject({ method: 'face', crossCheck: 'matched', people: 1 });
    expect(page.rows.find((row) => row.id === 6)?.detail).toEqual({ subject: SUBJECT_A, inquiry: 'INQ_1' });
  });

  it('filters by time (from inclusive, to exclusive), actor, event prefix, reception, kiosk and 照会 subject, all together', async () => {
    await writeDay();
    expect(ids({ from: at(20), to: at(50) })).toEqual([5, 4, 3]);
    expect(ids({ from: at(50) })).toEqual([9, 8, 7, 6]);
    expect(ids({ to: at(10) })).toEqual([1]);
    expect(ids({ actorKind: 'kiosk' })).toEqual([5, 3, 2, 1]);
    expect(ids({ actorKind: 'staff', actorId: 'uketsuke-01' })).toEqual([8, 4]);
    expect(ids({ actorId: 'kusuri-01' })).toEqual([7, 6]);
    expect(ids({ eventPrefix: 'RECEPTION_' })).toEqual([5, 3, 2, 1]);
    expect(ids({ eventPrefix: 'INQUIRY_INDIVIDUAL' })).toEqual([8, 6]);
    // `_` is literal, not LIKE's any-character: RECEPTIONXBEGUN would not match, and nothing starts with Q_.
    expect(ids({ eventPrefix: 'Q_' })).toEqual([]);
    expect(ids({ eventPrefix: 'QUEUE_' })).toEqual([9]);
    expect(ids({ receptionId: 'r-1' })).toEqual([4, 2, 1]);
    expect(ids({ kioskId: 'kiosk-2' })).toEqual([5, 3]);
    expect(ids({ subject: SUBJECT_A })).toEqual([8, 6]);
    expect(ids({ subject: SUBJECT_A, actorId: 'kusuri-01' })).toEqual([6]);
    expect(ids({ receptionId: 'r-1', actorKind: 'kiosk', from: at(5) })).toEqual([2]);
    expect(ids({ receptionId: 'r-9' })).toEqual([]);
  });

  it('pages by an id cursor: each page the next older rows, no row twice or left out, the last page without a cursor', async () => {
    await writeDay();
    const seen: number[] = [];
    let before: number | undefined;
    const pages: number[][] = [];
    for (;;) {
      const page = temp.store.queryAudit({ limit: 4, ...(before === undefined ? {} : { before }) });
      pages.push(page.rows.map((row) => row.id));
      seen.push(...page.rows.map((row) => row.id));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(pages).toEqual([[9, 8, 7, 6], [5, 4, 3, 2], [1]]);
    expect(seen).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // Exactly a page's worth left: no empty page after it.
    expect(temp.store.queryAudit({ limit: 3, before: 4 }).nextBefore).toBeNull();
    // The cursor works with the filters.
    const first = temp.store.queryAudit({ actorKind: 'kiosk', limit: 2 });
    expect([first.rows.map((row) => row.id), first.nextBefore]).toEqual([[5, 3], 3]);
    expect(ids({ actorKind: 'kiosk', limit: 2, before: 3 })).toEqual([2, 1]);
    expect(temp.store.queryAudit({ limit: 500 }).rows).toHaveLength(9);
  });

  it('refuses a bad filter with INVALID_INPUT naming the filter, never its value', async () => {
    const bad: [string, AuditQuery][] = [
      ['from', { from: new Date('nonsense') }],
      ['to', { to: new Date(Number.NaN) }],
      ['actorKind', { actorKind: 'patient' as never }],
      ['actorId', { actorId: "x' OR 1=1 --" }],
      ['eventPrefix', { eventPrefix: 'reception_' }],
      ['eventPrefix', { eventPrefix: 'A%' }],
      ['receptionId', { receptionId: '山田太郎' }],
      ['kioskId', { kioskId: '' }],
      ['subject', { subject: 'a'.repeat(64) }],
      ['before', { before: 0 }],
      ['before', { before: 1.5 }],
      ['limit', { limit: 0 }],
      ['limit', { limit: 501 }],
    ];
    for (const [field, query] of bad) {
      let refused: unknown;
      try {
        temp.store.queryAudit(query);
      } catch (error) {
        refused = error;
      }
      expect(isStoreError(refused, 'INVALID_INPUT'), field).toBe(true);
      expect((refused as Error).message).toContain(field);
      expect((refused as Error).message).not.toContain('山田');
    }
  });

  it('says where the chain breaks when a row was edited in the file, and still shows the edited row as it is now', async () => {
    await writeDay();
    dropAuditGuards(temp.db);
    temp.db.prepare("UPDATE audit_log SET event = 'RESULT_NOT_VIEWED' WHERE id = 4").run();
    const page = temp.store.queryAudit();
    expect(page.verdict).toEqual({ ok: false, firstBadId: 4, reason: 'HASH_MISMATCH' });
    expect(page.rows.find((row) => row.id === 4)?.event).toBe('RESULT_NOT_VIEWED');
    // The verdict is of the whole chain, whatever the filter shows.
    expect(temp.store.queryAudit({ kioskId: 'kiosk-2' }).verdict).toEqual({ ok: false, firstBadId: 4, reason: 'HASH_MISMATCH' });
  });

  it('says where the chain breaks when a row was deleted, and shows a detail edited into something else than codes as text', async () => {
    await writeDay();
    dropAuditGuards(temp.db);
    temp.db.prepare('DELETE FROM audit_log WHERE id = 7').run();
    temp.db.prepare(`UPDATE audit_log SET detail_json = '{"name":{"family":"山田"}}' WHERE id = 9`).run();
    const page = temp.store.queryAudit();
    expect(page.verdict).toEqual({ ok: false, firstBadId: 7, reason: 'ID_GAP' });
    expect(page.rows.map((row) => row.id)).toEqual([9, 8, 6, 5, 4, 3, 2, 1]);
    expect(page.rows[0]!.detail).toEqual({ name: '{"family":"山田"}' });
  });

  it('reads only: a query writes nothing, not even on an empty log', async () => {
    expect(temp.store.queryAudit()).toEqual({ rows: [], nextBefore: null, verdict: { ok: true, count: 0 } });
    await writeDay();
    const before = temp.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    temp.store.queryAudit({ eventPrefix: 'RECEPTION_' });
    expect(temp.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(before);
  });
});
