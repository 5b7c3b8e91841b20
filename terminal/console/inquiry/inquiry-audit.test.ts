import { afterEach, describe, expect, it } from 'vitest';
import { dumpAllTables } from '../../../store/testing/temp-database';
import { openTempReceptionStore, type TempReceptionStore } from '../../../store/testing/temp-reception-store';
import { keyedSubjectPseudonym, storeInquiryAudit } from './inquiry-audit';

const SECRET = new Uint8Array(32).fill(7);
const KEYS = { insurerNumber: '139999', symbol: '88', number: '204517', branchNumber: '00', birthDate: '19580707' };

describe('照会 audit', () => {
  let temp: TempReceptionStore | undefined;
  afterEach(() => temp?.dispose());

  it('names the person by a keyed pseudonym: the same keys give the same code, other keys or another secret another', () => {
    const subjectOf = keyedSubjectPseudonym(SECRET);
    const subject = subjectOf(KEYS);
    expect(subject).toMatch(/^[0-9A-F]{64}$/);
    expect(subjectOf({ ...KEYS })).toBe(subject);
    expect(subjectOf({ ...KEYS, insurerNumber: '00139999' })).toBe(subject);
    expect(subjectOf({ ...KEYS, birthDate: '19580708' })).not.toBe(subject);
    expect(keyedSubjectPseudonym(new Uint8Array(32).fill(8))(KEYS)).not.toBe(subject);
    expect(() => keyedSubjectPseudonym(new Uint8Array(16))).toThrow(RangeError);
  });

  it('writes to the store’s audit chain with codes only: the keys never reach the file', async () => {
    temp = openTempReceptionStore();
    const audit = storeInquiryAudit(temp.store, SECRET);
    const at = new Date('2026-11-21T01:00:00.000Z');
    await audit.record([
      { at, staffId: 'uketsuke-01', action: 'INQUIRY_INDIVIDUAL', detail: { subject: audit.subjectOf(KEYS), outcome: 'VALIDITY_1' } },
      { at, staffId: 'uketsuke-01', action: 'INQUIRY_BULK_SUBMITTED', detail: { job: 'ABCDEF0123456789', rows: 1 } },
    ]);
    expect(temp.store.verifyAuditChain()).toEqual({ ok: true, count: 2 });
    const cells = JSON.stringify(dumpAllTables(temp.db));
    expect(cells).toContain(audit.subjectOf(KEYS));
    for (const value of Object.values(KEYS).filter((value) => value.length > 2)) expect(cells).not.toContain(value);
  });
});
