import { describe, expect, it } from 'vitest';
import { facilityDateOf, facilityTomorrowOf } from './facility-day';

describe('the facility day (JST)', () => {
  it('turns over at midnight JST, not UTC', () => {
    expect(facilityDateOf(new Date('2026-11-21T14:59:59.999Z'))).toBe('20261121');
    expect(facilityDateOf(new Date('2026-11-21T15:00:00.000Z'))).toBe('20261122');
    expect(facilityTomorrowOf(new Date('2026-12-31T10:00:00.000Z'))).toBe('20270101');
  });
});
