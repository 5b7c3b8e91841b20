import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultReceptionSettings } from '../../flow/reception-settings';
import { FakePorts } from '../../flow/testing/fake-ports';
import { SqliteAlertStore, type StoredAlert } from '../../store/sqlite-alert-store';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { KioskRuntime } from '../kiosk/kiosk-runtime';
import type { QueueListener } from '../reception/outage-queue-worker';
import { watchAlerts } from './alert-watch';

describe('the alert watch', () => {
  let temp: TempReceptionStore;
  let ports: FakePorts;
  let runtime: KioskRuntime;
  let outageListener: QueueListener | undefined;
  const raised: StoredAlert[] = [];
  let stop: () => void;

  beforeEach(() => {
    temp = openTempReceptionStore();
    ports = new FakePorts();
    runtime = new KioskRuntime({ settings: defaultReceptionSettings('kiosk-1'), dependencies: ports.dependencies(), onEmitted: () => undefined, clock: ports.clock });
    raised.length = 0;
    stop = watchAlerts({
      kiosks: [runtime],
      alerts: new SqliteAlertStore(temp.db),
      receptions: temp.store,
      outage: {
        subscribe: (listener) => {
          outageListener = listener;
          return () => undefined;
        },
      },
      clock: { now: () => ports.now() },
      onRaised: (alert) => raised.push(alert),
      log: () => undefined,
    });
  });
  afterEach(() => {
    stop();
    runtime.stop();
    temp.dispose();
  });

  function onScreen(screen: string): Promise<void> {
    if (runtime.views().kiosk.screen === screen) return Promise.resolve();
    return new Promise((resolve) => {
      const unsubscribe = runtime.subscribe(({ kiosk }) => {
        if (kiosk.screen !== screen) return;
        unsubscribe();
        resolve();
      });
    });
  }

  it("keeps a reception's alert after the card has gone and the flow forgot it, raised once", async () => {
    await temp.store.begin({ receptionId: 'r-1', kioskId: 'kiosk-1', startedAt: ports.now() });
    runtime.cardInserted('r-1');
    await onScreen('method-choice');
    expect(runtime.screenEvent({ type: 'staff.requested' })).toEqual({ ok: true });
    await onScreen('staff-called');
    runtime.cardRemoved();
    await onScreen('place-card');
    expect(runtime.views().staff.alerts).toEqual([]);
    expect(raised.map((alert) => [alert.receptionId, alert.code])).toEqual([['r-1', 'PATIENT_ASKED_STAFF']]);
    expect(new SqliteAlertStore(temp.db).open().map((alert) => alert.code)).toEqual(['PATIENT_ASKED_STAFF']);
  });

  it('raises the ending code of a queued reception the outage worker handed over to staff', async () => {
    await temp.store.begin({ receptionId: 'r-2', kioskId: 'kiosk-1', startedAt: ports.now() });
    await temp.store.handOver({ receptionId: 'r-2', kioskId: 'kiosk-1', endedAt: ports.now(), method: 'pin', code: 'IDENTITY_MISMATCH' });
    outageListener?.({ receptionId: 'r-2', outcome: 'handed-to-staff' });
    outageListener?.({ receptionId: 'r-2', outcome: 'completed' });
    expect(raised.map((alert) => alert.code)).toEqual(['IDENTITY_MISMATCH']);
  });
});
