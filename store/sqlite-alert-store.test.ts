import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAlertStore } from './sqlite-alert-store';
import { at, KIOSK, T0 } from './testing/sample-receptions';
import { openTempReceptionStore, type TempReceptionStore } from './testing/temp-reception-store';

const refusal = (code: string) => expect.objectContaining({ name: 'StoreError', code });
const STAFF = { kind: 'staff', id: 'uketsuke-01' } as const;

describe('SqliteAlertStore', () => {
  let temp: TempReceptionStore;
  let alerts: SqliteAlertStore;
  beforeEach(async () => {
    temp = openTempReceptionStore();
    alerts = new SqliteAlertStore(temp.db);
    await temp.store.begin({ receptionId: 'r-1', kioskId: KIOSK, startedAt: T0 });
  });
  afterEach(() => temp.dispose());

  const events = () => (temp.db.prepare('SELECT event, actor_id AS actorId, detail_json AS detail FROM audit_log ORDER BY id').all() as { event: string; actorId: string; detail: string }[]).slice(1);

  it('raises an alert once per reception and code, audited; it stays open until acknowledged', () => {
    const first = alerts.raise({ kioskId: KIOSK, receptionId: 'r-1', code: 'PIN_LAST_TRY', at: at(1) });
    const again = alerts.raise({ kioskId: KIOSK, receptionId: 'r-1', code: 'PIN_LAST_TRY', at: at(2) });
    expect(again).toEqual(first);
    alerts.raise({ kioskId: KIOSK, receptionId: 'r-1', code: 'CENTRAL_OUTAGE', at: at(3) });
    expect(alerts.open().map((alert) => alert.code)).toEqual(['PIN_LAST_TRY', 'CENTRAL_OUTAGE']);
    expect(events()).toEqual([
      { event: 'ALERT_RAISED', actorId: KIOSK, detail: '{"code":"PIN_LAST_TRY"}' },
      { event: 'ALERT_RAISED', actorId: KIOSK, detail: '{"code":"CENTRAL_OUTAGE"}' },
    ]);
  });

  it('is acknowledged once, by an account, with its audit row; a second acknowledgement is refused', () => {
    const alert = alerts.raise({ kioskId: KIOSK, receptionId: 'r-1', code: 'IDENTITY_MISMATCH', at: at(1) });
    const acknowledged = alerts.acknowledge(alert.id, STAFF, at(60));
    expect(acknowledged).toMatchObject({ acknowledgedBy: 'uketsuke-01', acknowledgedAt: at(60).toISOString() });
    expect(alerts.open()).toEqual([]);
    expect(() => alerts.acknowledge(alert.id, { kind: 'staff', id: 'other' }, at(61))).toThrow(refusal('ALERT_ALREADY_ACKNOWLEDGED'));
    expect(() => alerts.acknowledge(999, STAFF, at(61))).toThrow(refusal('ALERT_NOT_FOUND'));
    expect(events().map((row) => `${row.event} ${row.actorId}`)).toEqual([`ALERT_RAISED ${KIOSK}`, 'ALERT_ACKNOWLEDGED uketsuke-01']);
    expect(alerts.since(T0).map((row) => row.acknowledgedBy)).toEqual(['uketsuke-01']);
  });

  it('keeps every alert: the table refuses deletes and any change but the one acknowledgement', () => {
    const alert = alerts.raise({ kioskId: KIOSK, receptionId: 'r-1', code: 'PIN_LOCKED', at: at(1) });
    expect(() => temp.db.prepare('DELETE FROM alerts').run()).toThrow(/ALERT_KEPT/);
    expect(() => temp.db.prepare("UPDATE alerts SET code = 'NOT_REMOVED' WHERE id = ?").run(alert.id)).toThrow(/ALERT_ACKNOWLEDGE_ONCE/);
    alerts.acknowledge(alert.id, STAFF, at(2));
    expect(() => temp.db.prepare('UPDATE alerts SET acknowledged_by = ? WHERE id = ?').run('someone-else', alert.id)).toThrow(/ALERT_ACKNOWLEDGE_ONCE/);
  });

  it('refuses malformed input without writing', () => {
    expect(() => alerts.raise({ kioskId: 'キオスク', code: 'PIN_LOCKED', at: at(1) })).toThrow(refusal('INVALID_INPUT'));
    expect(() => alerts.raise({ kioskId: KIOSK, code: 'lower case', at: at(1) })).toThrow(refusal('INVALID_INPUT'));
    expect(alerts.since(T0)).toEqual([]);
  });
});
