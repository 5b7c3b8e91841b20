import type { CardFront, CardFrontReading } from '../../flow/ports/card-front';

/**
 * 照合番号B typed by staff from the card front, for a reader without a card-front scanner. The
 * flow's request waits until staff submit the 14 digits on the console (or the flow gives up).
 */
export class StaffCardFront implements CardFront {
  private pending: ((reading: CardFrontReading) => void) | undefined;
  /** Digits staff sent after the flow showed it waits, before its request reached this object. */
  private early: string | undefined;

  readCollationNumberB(signal?: AbortSignal): Promise<CardFrontReading> {
    this.pending?.({ ok: false, code: 'CANCELLED' });
    const early = this.early;
    this.early = undefined;
    if (early !== undefined && signal?.aborted !== true) return Promise.resolve({ ok: true, collationNumberB: early });
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

  /**
   * Staff entry: 14 digits, checked before they go to the card. Returns a refusal code or undefined.
   * `flowAwaits`: the kiosk's flow already shows it waits for 照合番号B; its request follows a moment
   * later, and the digits are held for it (until the card leaves: cancel()).
   */
  submit(digits: unknown, flowAwaits = false): 'INVALID_INPUT' | 'NOT_WAITING' | undefined {
    if (typeof digits !== 'string' || !/^[0-9]{14}$/.test(digits)) return 'INVALID_INPUT';
    const pending = this.pending;
    if (pending === undefined) {
      if (!flowAwaits) return 'NOT_WAITING';
      this.early = digits;
      return undefined;
    }
    this.pending = undefined;
    pending({ ok: true, collationNumberB: digits });
    return undefined;
  }

  /**
   * The flow no longer waits for 照合番号B (it moved on without asking, e.g. the card has one try
   * left): digits held for it are dropped, so a later read in this reception never spends a try on them.
   */
  flowStoppedAwaiting(): void {
    this.early = undefined;
  }

  cancel(): void {
    this.early = undefined;
    const pending = this.pending;
    this.pending = undefined;
    pending?.({ ok: false, code: 'CANCELLED' });
  }
}
