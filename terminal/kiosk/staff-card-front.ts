import type { CardFront, CardFrontReading } from '../../flow/ports/card-front';

/**
 * 照合番号B typed by staff from the card front, for a reader without a card-front scanner. The
 * flow's request waits until staff submit the 14 digits on the console (or the flow gives up).
 */
export class StaffCardFront implements CardFront {
  private pending: ((reading: CardFrontReading) => void) | undefined;

  readCollationNumberB(signal?: AbortSignal): Promise<CardFrontReading> {
    this.pending?.({ ok: false, code: 'CANCELLED' });
    return new Promise((resolve) => {
      const pending = (reading: CardFrontReading): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(reading);
      };
      const onAbort = (): void => {
        if (this.pending === pending) this.pending = undefined;
        pending({ ok: false, code: 'CANCELLED' });
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = pending;
    });
  }

  /** Whether the flow is waiting for staff to type 照合番号B. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  /** Staff entry: 14 digits, checked before they go to the card. Returns a refusal code or undefined. */
  submit(digits: unknown): 'INVALID_INPUT' | 'NOT_WAITING' | undefined {
    if (typeof digits !== 'string' || !/^[0-9]{14}$/.test(digits)) return 'INVALID_INPUT';
    const pending = this.pending;
    if (pending === undefined) return 'NOT_WAITING';
    this.pending = undefined;
    pending({ ok: true, collationNumberB: digits });
    return undefined;
  }

  cancel(): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.({ ok: false, code: 'CANCELLED' });
  }
}
