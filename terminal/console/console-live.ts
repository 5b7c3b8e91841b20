import type { ConsoleSnapshot } from '../../flow/contract/console-views';
import type { Clock } from '../../flow/ports/clock';
import type { SqliteAlertStore } from '../../store/sqlite-alert-store';
import type { SqliteReceptionStore } from '../../store/sqlite-reception-store';
import type { KioskRuntime } from '../kiosk/kiosk-runtime';

export type { ConsoleSnapshot };

export interface ConsoleLiveOptions {
  readonly kiosks: readonly KioskRuntime[];
  readonly alerts: SqliteAlertStore;
  readonly receptions: SqliteReceptionStore;
  readonly clock: Clock;
  /** Subscribes to new alerts (the terminal's `onAlert`). */
  readonly onAlert: (listener: () => void) => () => void;
  /** Changes closer together than this are pushed as one snapshot. */
  readonly coalesceMs?: number;
}

const JST_OFFSET_MS = 9 * 3600_000;

/** Midnight of the terminal's present day in Japan, as a Date. */
export function startOfJapaneseDay(now: Date): Date {
  const local = now.getTime() + JST_OFFSET_MS;
  return new Date(local - (local % 86_400_000) - JST_OFFSET_MS);
}

/**
 * The console's live list: kiosk views, open alerts and today's receptions, pushed to every subscriber
 * when any of them changes. Bursts of changes (a kiosk's screens, 50 receptions a minute) are
 * coalesced into one snapshot per `coalesceMs`, so five consoles cost five sends, not hundreds.
 */
export class ConsoleLive {
  private readonly listeners = new Set<(snapshot: ConsoleSnapshot) => void>();
  private readonly stops: Array<() => void> = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;

  constructor(private readonly options: ConsoleLiveOptions) {
    for (const kiosk of options.kiosks) this.stops.push(kiosk.subscribe(() => this.changed()));
    this.stops.push(options.onAlert(() => this.changed()));
  }

  snapshot(): ConsoleSnapshot {
    const now = this.options.clock.now();
    this.sequence += 1;
    return {
      kiosks: this.options.kiosks.map((kiosk) => kiosk.views().staff),
      openAlerts: this.options.alerts.open(),
      receptions: this.options.receptions.receptionsSince(startOfJapaneseDay(now)),
      at: now.toISOString(),
      sequence: this.sequence,
    };
  }

  subscribe(listener: (snapshot: ConsoleSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something shown changed (also called by routes after an acknowledgement). */
  changed(): void {
    if (this.pending !== undefined || this.listeners.size === 0) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      const snapshot = this.snapshot();
      for (const listener of this.listeners) listener(snapshot);
    }, this.options.coalesceMs ?? 25);
  }

  stop(): void {
    clearTimeout(this.pending);
    for (const stop of this.stops.splice(0)) stop();
    this.listeners.clear();
  }
}
