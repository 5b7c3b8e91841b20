import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, KIOSK, SAMPLE_CERTIFICATE, sampleAnswer, sampleCompletion, sampleQueued, sampleQueuedCompletion, T0 } from './testing/sample-receptions';
import { openTempReceptionStore } from './testing/temp-reception-store';
import type { TempReceptionStore } from './testing/temp-reception-store';

const refusal = (code: string) => expect.objectContaining({ name: 'StoreError', code });

describe('SqliteReceptionStore', () => {
  let temp: TempReceptionStore;
  beforeEach(() => {
    temp = openTempReceptionStore();
  });
  afterEach(() => temp.dispose());

  const auditRows = () =>
    temp.db.prepare('SELECT actor_kind AS actorKind, actor_id AS actorId, event, reception_id AS receptionId, kiosk_id AS kioskId, detail_json AS detail FROM audit_log ORDER BY id').all() as {
      actorKind: string;
      actorId: string;
      event: string;
      receptionId: string | null;
      kioskId: string | null;
      detail: string;
    }[];
  const events = () => auditRows().map((row) => row.event);
  const queueRow = (receptionId: string) => temp.db.prepare('SELECT * FROM outage_queue WHERE reception_id = ?').get(receptionId) as Record<string, unknown> | undefined;
  const begin = (receptionId: string, kioskId = KIOSK) => temp.store.begin({ receptionId, kioskId, startedAt: T0 });

  describe("the console's list", () => {
    it('lists receptions begun since a time, newest first, each with its consents and their expiry', async () => {
      await begin('r-1');
      await temp.store.complete(sampleCompletion('r-1'));
      await temp.store.begin({ receptionId: 'r-2', kioskId: KIOSK, startedAt: at(60) });
      const listed = temp.store.receptionsSince(T0);
      expect(listed.map((reception) => [reception.receptionId, reception.state])).toEqual([
        ['r-2', 'open'],
        ['r-1', 'completed'],
      ]);
      expect(listed[1]!.consents.length).toBeGreaterThan(0);
      for (const consent of listed[1]!.consents) expect(Date.parse(consent.expiresAt) - Date.parse(consent.givenAt)).toBe(24 * 3600_000);
      expect(temp.store.receptionsSince(at(30)).map((reception) => reception.receptionId)).toEqual(['r-2']);
    });
  });

  describe('the port: begin, complete, queue, handOver, abandon', () => {
    it('begins an open reception with its audit row', async () => {
      await begin('r-1');
      expect(temp.store.findReception('r-1')).toMatchObject({ receptionId: 'r-1', kioskId: KIOSK, state: 'open', startedAt: T0.toISOString(), endedAt: null });
      expect(auditRows()).toEqual([{ actorKind: 'kiosk', actorId: KIOSK, event: 'RECEPTION_BEGUN', receptionId: 'r-1', kioskId: KIOSK, detail: '{}' }]);
    });

    it('refuses to begin the same reception twice, writing nothing', async () => {
      await begin('r-1');
      await expect(begin('r-1')).rejects.toEqual(refusal('RECEPTION_EXISTS'));
      expect(events()).toEqual(['RECEPTION_BEGUN']);
    });

    it('completes with the result codes and consents valid for 24 hours, and audits the codes', async () => {
      await begin('r-1');
      await temp.store.complete({ ...sampleCompletion('r-1', at(60)), answer: sampleAnswer('r-1', { processingResultStatus: '2', processingResultCode: 'CARD_CERTIFICATE_INVALID [REVOKED]' }) });
      expect(temp.store.findReception('r-1')).toEqual({
        receptionId: 'r-1',
        kioskId: KIOSK,
        state: 'completed',
        method: 'face',
        endingCode: null,
        processingResultStatus: '2',
        processingResultCode: 'CARD_CERTIFICATE_INVALID [REVOKED]',
        qualificationValidity: '1',
        crossCheck: 'matched',
        startedAt: T0.toISOString(),
        endedAt: at(60).toISOString(),
      });
      expect(temp.db.prepare('SELECT category, agreed, given_at AS givenAt, expires_at AS expiresAt FROM consents ORDER BY category').all()).toEqual([
        { category: 'pharmaceutical', agreed: 1, givenAt: at(60).toISOString(), expiresAt: at(60 + 24 * 3600).toISOString() },
        { category: 'specificHealthCheckups', agreed: 0, givenAt: at(60).toISOString(), expiresAt: at(60 + 24 * 3600).toISOString() },
      ]);
      expect(auditRows()[1]).toEqual({
        actorKind: 'kiosk',
        actorId: KIOSK,
        event: 'RECEPTION_COMPLETED',
        receptionId: 'r-1',
        kioskId: KIOSK,
        detail: '{"crossCheck":"matched","method":"face","people":1,"processingResultCode":"CARD_CERTIFICATE_INVALID [REVOKED]","processingResultStatus":"2","qualificationValidity":"1"}',
      });
      expect(temp.store.verifyAuditChain()).toEqual({ ok: true, count: 2 });
    });

    it('at start-up, ends only the receptions a crash left open, as abandoned with the code, each audited', async () => {
      await begin('r-open');
      await begin('r-done');
      await temp.store.abandon({ receptionId: 'r-done', kioskId: KIOSK, endedAt: at(5), code: 'CARD_REMOVED' });
      expect(await temp.store.abandonOpenReceptions(at(10), 'TERMINAL_RESTARTED')).toBe(1);
      expect(temp.store.findReception('r-open')).toMatchObject({ state: 'abandoned', endingCode: 'TERMINAL_RESTARTED' });
      expect(temp.store.findReception('r-done')).toMatchObject({ state: 'abandoned', endingCode: 'CARD_REMOVED' });
      expect(await temp.store.abandonOpenReceptions(at(11), 'TERMINAL_RESTARTED')).toBe(0);
      expect(events()).toEqual(['RECEPTION_BEGUN', 'RECEPTION_BEGUN', 'RECEPTION_ABANDONED', 'RECEPTION_ABANDONED']);
      expect(temp.store.verifyAuditChain().ok).toBe(true);
    });

    it('ends a reception once: a second ending is refused and writes nothing', async () => {
      await begin('r-1');
      await temp.store.abandon({ receptionId: 'r-1', kioskId: KIOSK, endedAt: at(10), code: 'CARD_REMOVED' });
      await expect(temp.store.complete(sampleCompletion('r-1'))).rejects.toEqual(refusal('RECEPTION_ALREADY_ENDED'));
      await expect(temp.store.handOver({ receptionId: 'r-1', kioskId: KIOSK, endedAt: at(20), method: 'pin', code: 'PIN_LAST_TRY' })).rejects.toEqual(refusal('RECEPTION_ALREADY_ENDED'));
      await expect(temp.store.queue(sampleQueued('r-1'))).rejects.toEqual(refusal('RECEPTION_ALREADY_ENDED'));
      expect(temp.store.findReception('r-1')).toMatchObject({ state: 'abandoned', endingCode: 'CARD_REMOVED', endedAt: at(10).toISOString() });
      expect(events()).toEqual(['RECEPTION_BEGUN', 'RECEPTION_ABANDONED']);
      expect(temp.db.prepare('SELECT count(*) AS n FROM consents').get()).toEqual({ n: 0 });
    });

    it('refuses an unknown reception, another kiosk’s reception and an answer bound to another reception', async () => {
      await expect(temp.store.complete(sampleCompletion('r-unknown'))).rejects.toEqual(refusal('RECEPTION_NOT_FOUND'));
      await begin('r-1');
      await expect(temp.store.complete(sampleCompletion('r-1', at(60), 'kiosk-2'))).rejects.toEqual(refusal('KIOSK_MISMATCH'));
      await expect(temp.store.complete({ ...sampleCompletion('r-1'), answer: sampleAnswer('r-2') })).rejects.toEqual(refusal('INVALID_INPUT'));
      expect(temp.store.findReception('r-1')?.state).toBe('open');
      expect(events()).toEqual(['RECEPTION_BEGUN']);
    });

    it('hands over to staff with the flow’s code, with or without a method', async () => {
      await begin('r-1');
      await begin('r-2');
      await temp.store.handOver({ receptionId: 'r-1', kioskId: KIOSK, endedAt: at(30), method: 'pin', code: 'PIN_LAST_TRY' });
      await temp.store.handOver({ receptionId: 'r-2', kioskId: KIOSK, endedAt: at(30), method: undefined, code: 'MULTIPLE_PERSONS' });
      expect(temp.store.findReception('r-1')).toMatchObject({ state: 'handed-to-staff', method: 'pin', endingCode: 'PIN_LAST_TRY' });
      expect(temp.store.findReception('r-2')).toMatchObject({ state: 'handed-to-staff', method: null, endingCode: 'MULTIPLE_PERSONS' });
      expect(auditRows().slice(2).map((row) => row.detail)).toEqual(['{"code":"PIN_LAST_TRY","method":"pin"}', '{"code":"MULTIPLE_PERSONS"}']);
    });

    it('refuses malformed input with INVALID_INPUT before anything is written', async () => {
      await expect(temp.store.begin({ receptionId: '試験 太郎', kioskId: KIOSK, startedAt: T0 })).rejects.toEqual(refusal('INVALID_INPUT'));
      await expect(temp.store.begin({ receptionId: 'r-1', kioskId: KIOSK, startedAt: new Date(Number.NaN) })).rejects.toEqual(refusal('INVALID_INPUT'));
      await begin('r-1');
      await expect(temp.store.abandon({ receptionId: 'r-1', kioskId: KIOSK, endedAt: at(1), code: 'patient Taro left' })).rejects.toEqual(refusal('INVALID_INPUT'));
      await expect(temp.store.complete({ ...sampleCompletion('r-1'), consents: { pharmaceutical: true, name: true } as never })).rejects.toEqual(refusal('INVALID_INPUT'));
      await expect(temp.store.complete({ ...sampleCompletion('r-1'), answer: sampleAnswer('r-1', { qualificationValidity: '9' }) })).rejects.toEqual(refusal('INVALID_INPUT'));
      await expect(temp.store.queue({ ...sampleQueued('r-1'), cardFace: { birthDate: 'S55.2.17', sexCode: '1' } })).rejects.toEqual(refusal('INVALID_INPUT'));
      expect(events()).toEqual(['RECEPTION_BEGUN']);
    });

    it('writes the change and its audit row together: when the audit row cannot be written, neither is', async () => {
      await begin('r-1');
      // The chain's head row gone: appending fails inside the transaction, after the reception row was changed.
      temp.db.prepare('DELETE FROM audit_head').run();
      await expect(temp.store.complete(sampleCompletion('r-1'))).rejects.toEqual(refusal('WRITE_FAILED'));
      await expect(begin('r-2')).rejects.toEqual(refusal('WRITE_FAILED'));
      expect(temp.store.findReception('r-1')?.state).toBe('open');
      expect(temp.store.findReception('r-2')).toBeUndefined();
      expect(temp.db.prepare('SELECT count(*) AS n FROM consents').get()).toEqual({ n: 0 });
      expect(events()).toEqual(['RECEPTION_BEGUN']);
    });
  });

  describe('the outage queue', () => {
    const queued = async (receptionId: string, queuedAt = at(60)) => {
      await begin(receptionId);
      await temp.store.queue(sampleQueued(receptionId, queuedAt));
    };

    it('queues the facts and the card face, and gives them back to the worker, oldest first', async () => {
      await queued('r-2', at(90));
      await queued('r-1', at(60));
      expect(temp.store.findReception('r-1')).toMatchObject({ state: 'queued', method: 'pin', endedAt: at(60).toISOString() });
      const pending = await temp.store.pendingQueue();
      expect(pending.map((entry) => entry.receptionId)).toEqual(['r-1', 'r-2']);
      expect(pending[0]).toEqual({
        receptionId: 'r-1',
        kioskId: KIOSK,
        queuedAt: at(60),
        facts: { certificateDer: SAMPLE_CERTIFICATE, method: 'pin', consents: { pharmaceutical: true, diagnosis: true }, prescriptionForm: 'electronic' },
        cardFace: { birthDate: '1980-02-17', sexCode: '1' },
        attempts: 0,
      });
      expect(temp.db.prepare(`SELECT category, agreed FROM consents WHERE reception_id = 'r-1' ORDER BY category`).all()).toEqual([
        { category: 'diagnosis', agreed: 1 },
        { category: 'pharmaceutical', agreed: 1 },
      ]);
      expect(auditRows().filter((row) => row.event === 'RECEPTION_QUEUED').map((row) => row.detail)).toEqual(['{"method":"pin"}', '{"method":"pin"}']);
    });

    it('keeps an entry without card face and prescription form as such', async () => {
      await begin('r-1');
      const { cardFace: _face, ...withoutFace } = sampleQueued('r-1');
      await temp.store.queue({ ...withoutFace, facts: { certificateDer: SAMPLE_CERTIFICATE, method: 'visual', consents: {} } });
      const [entry] = await temp.store.pendingQueue();
      expect(entry).toEqual({ receptionId: 'r-1', kioskId: KIOSK, queuedAt: at(60), facts: { certificateDer: SAMPLE_CERTIFICATE, method: 'visual', consents: {} }, attempts: 0 });
    });

    it('claims atomically: pending → sending once; a second claim is refused', async () => {
      await queued('r-1');
      const claimed = await temp.store.claimQueued('r-1', at(120));
      expect(claimed.attempts).toBe(1);
      expect(queueRow('r-1')).toMatchObject({ status: 'sending', attempts: 1, last_attempt_at: at(120).toISOString() });
      await expect(temp.store.claimQueued('r-1', at(121))).rejects.toEqual(refusal('QUEUE_NOT_PENDING'));
      await expect(temp.store.claimQueued('r-none', at(121))).rejects.toEqual(refusal('QUEUE_ENTRY_NOT_FOUND'));
      expect(await temp.store.pendingQueue()).toEqual([]);
      expect(auditRows().at(-1)).toMatchObject({ actorKind: 'terminal', actorId: 'outage-worker', event: 'QUEUE_CLAIMED', receptionId: 'r-1', detail: '{"attempt":1}' });
    });

    it('releases a failed try back to pending, counting attempts; release needs a claim', async () => {
      await queued('r-1');
      await expect(temp.store.releaseQueued('r-1', at(119), 'CENTRAL_UNAVAILABLE')).rejects.toEqual(refusal('QUEUE_NOT_CLAIMED'));
      await temp.store.claimQueued('r-1', at(120));
      await temp.store.releaseQueued('r-1', at(125), 'CENTRAL_TIMEOUT');
      expect(queueRow('r-1')).toMatchObject({ status: 'pending', attempts: 1 });
      expect((await temp.store.claimQueued('r-1', at(180))).attempts).toBe(2);
      expect(auditRows().filter((row) => row.event === 'QUEUE_RELEASED').map((row) => row.detail)).toEqual(['{"attempt":1,"code":"CENTRAL_TIMEOUT"}']);
    });

    it('completes a claimed entry and its reception exactly once, then erases the certificate and card face', async () => {
      await queued('r-1');
      await expect(temp.store.completeQueued(sampleQueuedCompletion('r-1', at(200)))).rejects.toEqual(refusal('QUEUE_NOT_CLAIMED'));
      await temp.store.claimQueued('r-1', at(180));
      await expect(temp.store.completeQueued({ ...sampleQueuedCompletion('r-1', at(200)), method: 'face' })).rejects.toEqual(refusal('INVALID_INPUT'));
      await temp.store.completeQueued({ ...sampleQueuedCompletion('r-1', at(200)), crossCheck: 'not-cross-checked' });
      expect(temp.store.findReception('r-1')).toMatchObject({ state: 'completed', processingResultStatus: '1', crossCheck: 'not-cross-checked', endedAt: at(200).toISOString() });
      expect(queueRow('r-1')).toMatchObject({ status: 'done', done_at: at(200).toISOString(), certificate_der: null, card_birth_date: null, card_sex_code: null });
      const eventsAfterFirst = events();

      await expect(temp.store.completeQueued(sampleQueuedCompletion('r-1', at(300)))).rejects.toEqual(refusal('QUEUE_ALREADY_DONE'));
      await expect(temp.store.claimQueued('r-1', at(300))).rejects.toEqual(refusal('QUEUE_ALREADY_DONE'));
      expect(events()).toEqual(eventsAfterFirst);
      expect(eventsAfterFirst.at(-1)).toBe('QUEUED_RECEPTION_COMPLETED');
      expect(temp.store.findReception('r-1')?.endedAt).toBe(at(200).toISOString());
      expect(temp.store.verifyAuditChain()).toEqual({ ok: true, count: eventsAfterFirst.length });
    });

    it('does not complete a queued reception through the kiosk path, nor an open one through the queue', async () => {
      await queued('r-1');
      await expect(temp.store.complete(sampleCompletion('r-1'))).rejects.toEqual(refusal('RECEPTION_ALREADY_ENDED'));
      await begin('r-2');
      await expect(temp.store.completeQueued(sampleCompletion('r-2'))).rejects.toEqual(refusal('QUEUE_ENTRY_NOT_FOUND'));
    });

    it('puts entries left sending by a crash back to pending at start-up', async () => {
      await queued('r-1');
      await queued('r-2');
      await temp.store.claimQueued('r-1', at(120));
      expect(await temp.store.releaseInterruptedSends(at(500))).toBe(1);
      expect((await temp.store.pendingQueue()).map((entry) => entry.receptionId)).toEqual(['r-1', 'r-2']);
      expect(auditRows().at(-1)).toMatchObject({ event: 'QUEUE_RELEASED', receptionId: 'r-1', detail: '{"attempt":1,"code":"INTERRUPTED"}' });
      expect(await temp.store.releaseInterruptedSends(at(501))).toBe(0);
    });
  });

  describe('access audit', () => {
    it('records who looked at what, touching no reception', async () => {
      await begin('r-1');
      const before = temp.store.findReception('r-1');
      await temp.store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'RESULT_VIEWED', receptionId: 'r-1', kioskId: KIOSK, at: at(300) });
      await temp.store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'QUEUE_LISTED', at: at(301) });
      expect(auditRows().slice(1)).toEqual([
        { actorKind: 'staff', actorId: 'uketsuke-01', event: 'RESULT_VIEWED', receptionId: 'r-1', kioskId: KIOSK, detail: '{}' },
        { actorKind: 'staff', actorId: 'uketsuke-01', event: 'QUEUE_LISTED', receptionId: null, kioskId: null, detail: '{}' },
      ]);
      expect(temp.store.findReception('r-1')).toEqual(before);
    });

    it('keeps a detail of codes, and writes several accesses all together or not at all', async () => {
      const subject = 'A'.repeat(64);
      await temp.store.recordAccesses([
        { actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'INQUIRY_BULK_ROW_SENT', detail: { subject, job: 'J0123456789ABCDEF', row: 2 }, at: at(300) },
        { actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'INQUIRY_BULK_SUBMITTED', detail: { rows: 1 }, at: at(300) },
      ]);
      expect(auditRows().map((row) => [row.event, row.detail])).toEqual([
        ['INQUIRY_BULK_ROW_SENT', `{"job":"J0123456789ABCDEF","row":2,"subject":"${subject}"}`],
        ['INQUIRY_BULK_SUBMITTED', '{"rows":1}'],
      ]);
      const before = events();
      await expect(
        temp.store.recordAccesses([
          { actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'INQUIRY_BULK_ROW_SENT', detail: { row: 3 }, at: at(301) },
          { actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'INQUIRY_BULK_ROW_SENT', detail: { name: '試験 太郎' }, at: at(301) },
        ]),
      ).rejects.toEqual(refusal('INVALID_INPUT'));
      expect(events()).toEqual(before);
    });

    it('refuses an unknown reception and a malformed actor or action', async () => {
      await expect(temp.store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'RESULT_VIEWED', receptionId: 'r-none', at: at(1) })).rejects.toEqual(refusal('RECEPTION_NOT_FOUND'));
      await expect(temp.store.recordAccess({ actor: { kind: 'staff', id: '受付 花子' }, action: 'RESULT_VIEWED', at: at(1) })).rejects.toEqual(refusal('INVALID_INPUT'));
      await expect(temp.store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke-01' }, action: 'viewed', at: at(1) })).rejects.toEqual(refusal('INVALID_INPUT'));
      expect(events()).toEqual([]);
    });
  });
});
