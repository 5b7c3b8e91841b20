import type { ReaderEvent } from '../../device/card/reader-events';
import type { ReaderMonitor } from '../../device/card/reader-monitor';

/**
 * Everything a ReaderMonitor reported, and promises for events still to come, so tests wait for
 * events instead of sleeping. A wait that sees nothing for `timeoutMs` rejects with what it did see.
 */
export class EventLog {
  readonly events: ReaderEvent[] = [];
  private waiters: Array<{ wanted: (event: ReaderEvent) => boolean; resolve: (event: ReaderEvent) => void }> = [];

  constructor(monitor: ReaderMonitor) {
    monitor.subscribe((event) => {
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (waiter.wanted(event)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }

  /** The next event (from now on) that matches, e.g. `log.next('card.inserted', READER)`. */
  next(type: ReaderEvent['type'], reader?: string, timeoutMs = 15_000): Promise<ReaderEvent> {
    const wanted = (event: ReaderEvent) => event.type === type && (reader === undefined || ('reader' in event && event.reader === reader));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`no ${type}${reader ? ` on ${reader}` : ''} within ${timeoutMs} ms; saw ${this.describe(this.events.slice(-10))}`));
      }, timeoutMs);
      const done = (event: ReaderEvent) => {
        clearTimeout(timer);
        resolve(event);
      };
      this.waiters.push({ wanted, resolve: done });
    });
  }

  /** Events of one reader after position `from` in the log, as "type" strings. */
  typesFor(reader: string, from = 0): string[] {
    return this.events.slice(from).flatMap((event) => ('reader' in event && event.reader === reader ? [event.type] : []));
  }

  private describe(events: ReaderEvent[]): string {
    return events.map((event) => ('reader' in event && event.reader ? `${event.type}(${event.reader})` : event.type)).join(', ') || 'nothing';
  }
}
