import { describe, expect, it } from 'vitest';
import { StaffCardFront } from './staff-card-front';

const DIGITS = '80021726125678';

describe('照合番号B typed by staff', () => {
  it('answers the flow’s waiting request with the digits, once', async () => {
    const front = new StaffCardFront();
    const reading = front.readCollationNumberB();
    expect(front.waiting).toBe(true);
    expect(front.submit(DIGITS)).toBeUndefined();
    await expect(reading).resolves.toEqual({ ok: true, collationNumberB: DIGITS });
    expect(front.submit(DIGITS)).toBe('NOT_WAITING');
  });

  it('refuses anything but 14 digits, and keeps waiting', async () => {
    const front = new StaffCardFront();
    const reading = front.readCollationNumberB();
    for (const wrong of ['1234', `${DIGITS}0`, 14, null, '８００２１７２６１２５６７８']) expect(front.submit(wrong)).toBe('INVALID_INPUT');
    expect(front.waiting).toBe(true);
    front.cancel();
    await expect(reading).resolves.toEqual({ ok: false, code: 'CANCELLED' });
  });

  it('holds digits sent when the flow shows it waits but its request has not arrived yet, for that request only', async () => {
    const front = new StaffCardFront();
    expect(front.submit(DIGITS)).toBe('NOT_WAITING');
    expect(front.submit(DIGITS, true)).toBeUndefined();
    await expect(front.readCollationNumberB()).resolves.toEqual({ ok: true, collationNumberB: DIGITS });
    // Used once: the next request waits for staff again.
    const next = front.readCollationNumberB();
    expect(front.waiting).toBe(true);
    front.cancel();
    await expect(next).resolves.toEqual({ ok: false, code: 'CANCELLED' });
  });

  it('forgets held digits when the card leaves (cancel), so the next patient’s card never gets them', async () => {
    const front = new StaffCardFront();
    expect(front.submit(DIGITS, true)).toBeUndefined();
    front.cancel();
    const reading = front.readCollationNumberB();
    expect(front.waiting).toBe(true);
    front.cancel();
    await expect(reading).resolves.toEqual({ ok: false, code: 'CANCELLED' });
  });

  it('drops held digits when the flow stops waiting without asking for them', async () => {
    const front = new StaffCardFront();
    expect(front.submit(DIGITS, true)).toBeUndefined();
    front.flowStoppedAwaiting();
    const reading = front.readCollationNumberB();
    expect(front.waiting).toBe(true);
    front.cancel();
    await expect(reading).resolves.toEqual({ ok: false, code: 'CANCELLED' });
  });
});
