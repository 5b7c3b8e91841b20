import type { Clock } from '../../flow/ports/clock';
import type { SqliteAlertStore, StoredAlert } from '../../store/sqlite-alert-store';
import type { SqliteReceptionStore } from '../../store/sqlite-reception-store';
import type { KioskRuntime } from '../kiosk/kiosk-runtime';
import type { OutageQueueWorker } from '../reception/outage-queue-worker';

export interface AlertWatchOptions {
  readonly kiosks: readonly Pick<KioskRuntime, 'subscribe'>[];
  readonly alerts: SqliteAlertStore;
  readonly receptions: Pick<SqliteReceptionStore, 'findReception'>;
  readonly outage: Pick<OutageQueueWorker, 'subscribe'>;
  readonly clock: Clock;
  /** Told of every alert newly raised (the console's live list pushes it). */
  readonly onRaised: (alert: StoredAlert) => void;
  /** Told when an alert could not be written; must not throw. */
  readonly log: (code: string, detail: string) => void;
}

/**
 * Turns what the kiosks' flows report into alerts that stay on the console until acknowledged: every
 * alert code a reception's staff view shows, and every queued reception the outage worker had to hand
 * over to staff after the patient left. The flow's own alerts vanish with the card; these do not.
 */
export function watchAlerts(options: AlertWatchOptions): () => void {
  // What each kiosk's present reception has raised; forgotten when the next reception starts there
  // (the store's unique index keeps a reception's codes once in any case).
  const raised = new Set<string>();
  const receptionAt = new Map<string, string>();
  const raise = (kioskId: string, receptionId: string, code: string): void => {
    const key = `${receptionId} ${code}`;
    if (raised.has(key)) return;
    raised.add(key);
    try {
      options.onRaised(options.alerts.raise({ kioskId, receptionId, code, at: options.clock.now() }));
    } catch (error) {
      raised.delete(key);
      options.log((error as { code?: string }).code ?? 'ALERT_WRITE_FAILED', `alert ${code} of ${receptionId}: ${(error as Error).message}`);
    }
  };
  const stops = options.kiosks.map((runtime) =>
    runtime.subscribe(({ staff }) => {
      if (staff.receptionId === undefined) return;
      const before = receptionAt.get(staff.kioskId);
      if (before !== staff.receptionId) {
        if (before !== undefined) for (const key of [...raised]) if (key.startsWith(`${before} `)) raised.delete(key);
        receptionAt.set(staff.kioskId, staff.receptionId);
      }
      for (const code of staff.alerts) raise(staff.kioskId, staff.receptionId, code);
    }),
  );
  stops.push(
    options.outage.subscribe(({ receptionId, outcome }) => {
      if (outcome !== 'handed-to-staff') return;
      const reception = options.receptions.findReception(receptionId);
      if (reception !== undefined) raise(reception.kioskId, receptionId, reception.endingCode ?? 'CENTRAL_NO_ANSWER');
    }),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
