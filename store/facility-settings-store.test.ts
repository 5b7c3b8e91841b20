import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteFacilitySettingsStore } from './facility-settings-store';
import { at } from './testing/sample-receptions';
import { openTempReceptionStore, type TempReceptionStore } from './testing/temp-reception-store';
import { verifyAuditChain } from './verify-audit-chain';

const refusal = (code: string) => expect.objectContaining({ name: 'StoreError', code });
const document = (categories: string[]) => JSON.stringify({ facility: { consentCategories: categories } });
const SHA = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('SqliteFacilitySettingsStore', () => {
  let temp: TempReceptionStore;
  let settings: SqliteFacilitySettingsStore;
  beforeEach(() => {
    temp = openTempReceptionStore();
    settings = new SqliteFacilitySettingsStore(temp.db);
  });
  afterEach(() => temp.dispose());

  const audited = () =>
    temp.db.prepare("SELECT actor_kind AS kind, actor_id AS actor, detail_json AS detail FROM audit_log WHERE event = 'SETTINGS_CHANGED' ORDER BY id").all();

  it('has nothing until an administrator saves; each save is the next version, audited with the account and what changed', () => {
    expect(settings.latest()).toBeUndefined();
    const first = settings.save({ baseVersion: 0, document: document(['pharmaceutical']), savedBy: 'kanri', at: at(1), changes: { consentScreens: true } });
    const second = settings.save({ baseVersion: 1, document: document([]), savedBy: 'kanri-2', at: at(2), changes: { consentScreens: true, timeouts: true } });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(settings.latest()).toEqual({ version: 2, savedAt: at(2).toISOString(), savedBy: 'kanri-2', document: document([]), intact: true });
    expect(audited()).toEqual([
      { kind: 'staff', actor: 'kanri', detail: JSON.stringify({ checksum: SHA(document(['pharmaceutical'])).toUpperCase(), consentScreens: true, version: 1 }) },
      { kind: 'staff', actor: 'kanri-2', detail: JSON.stringify({ checksum: SHA(document([])).toUpperCase(), consentScreens: true, timeouts: true, version: 2 }) },
    ]);
    expect(verifyAuditChain(temp.db).ok).toBe(true);
  });

  it('refuses a save over a version saved since the page read it, and writes nothing', () => {
    settings.save({ baseVersion: 0, document: document(['pharmaceutical']), savedBy: 'kanri', at: at(1), changes: {} });
    expect(() => settings.save({ baseVersion: 0, document: document([]), savedBy: 'kanri-2', at: at(2), changes: {} })).toThrow(refusal('SETTINGS_CONFLICT'));
    expect(settings.latest()?.version).toBe(1);
    expect(audited()).toHaveLength(1);
  });

  it('refuses what is no settings document, an account that is no identifier, and a detail that is not codes', () => {
    expect(() => settings.save({ baseVersion: 0, document: 'x'.repeat(70_000), savedBy: 'kanri', at: at(1), changes: {} })).toThrow(refusal('INVALID_INPUT'));
    expect(() => settings.save({ baseVersion: 0, document: '{not json', savedBy: 'kanri', at: at(1), changes: {} })).toThrow(refusal('WRITE_FAILED'));
    expect(() => settings.save({ baseVersion: 0, document: '{}', savedBy: 'kan ri', at: at(1), changes: {} })).toThrow(refusal('INVALID_INPUT'));
    expect(() => settings.save({ baseVersion: -1, document: '{}', savedBy: 'kanri', at: at(1), changes: {} })).toThrow(refusal('INVALID_INPUT'));
    expect(() => settings.save({ baseVersion: 0, document: '{}', savedBy: 'kanri', at: at(1), changes: { note: '患者の名前' } })).toThrow(refusal('INVALID_INPUT'));
    expect(settings.latest()).toBeUndefined();
    expect(audited()).toEqual([]);
  });

  it('keeps every version: no update or delete, and a document edited by hand shows as not intact', () => {
    settings.save({ baseVersion: 0, document: document(['pharmaceutical']), savedBy: 'kanri', at: at(1), changes: {} });
    expect(() => temp.db.prepare('UPDATE facility_settings SET settings_json = ?').run(document([]))).toThrow(/SETTINGS_KEPT/);
    expect(() => temp.db.prepare('DELETE FROM facility_settings').run()).toThrow(/SETTINGS_KEPT/);
    temp.db.exec('DROP TRIGGER facility_settings_no_update');
    temp.db.prepare('UPDATE facility_settings SET settings_json = ?').run(document([]));
    expect(settings.latest()?.intact).toBe(false);
    // Recomputing the checksum beside it does not help: the audit chain holds the one of the save.
    temp.db.prepare('UPDATE facility_settings SET settings_sha256 = ?').run(SHA(document([])));
    expect(settings.latest()?.intact).toBe(false);
    temp.db.prepare('UPDATE facility_settings SET settings_json = ?, settings_sha256 = ?').run(document(['pharmaceutical']), SHA(document(['pharmaceutical'])));
    expect(settings.latest()?.intact).toBe(true);
  });
});
