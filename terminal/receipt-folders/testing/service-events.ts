import type { ReceiptFolderEvent, ReceiptFolderService } from '../receipt-folder-service';

/** Every event of a folder service, and promises that resolve when the events so far satisfy a test. */
export class ServiceEvents {
  readonly all: ReceiptFolderEvent[] = [];
  private readonly waiters: Array<{ until: (events: readonly ReceiptFolderEvent[]) => boolean; resolve: () => void }> = [];

  constructor(service: Pick<ReceiptFolderService, 'subscribe'>) {
    service.subscribe((event) => {
      this.all.push(event);
      for (const waiter of [...this.waiters]) {
        if (!waiter.until(this.all)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  of<T extends ReceiptFolderEvent['type']>(type: T): Array<Extract<ReceiptFolderEvent, { type: T }>> {
    return this.all.filter((event): event is Extract<ReceiptFolderEvent, { type: T }> => event.type === type);
  }

  /** Resolves once `until` holds for the events so far (at once when it already does). */
  waitFor(until: (events: readonly ReceiptFolderEvent[]) => boolean): Promise<void> {
    if (until(this.all)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ until, resolve }));
  }

  /** Resolves once a request of this name has been answered (or found answered). */
  answered(name: string): Promise<void> {
    return this.waitFor((events) => events.some((event) => (event.type === 'answered' || event.type === 'already-answered') && event.name === name));
  }
}
