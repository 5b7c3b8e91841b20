import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { addYears, certificateTime, endOfJstDay, isIsoDate, previousDay, startOfJstDay } from './dates';
import { isMockCaError } from './errors';

describe('dates', () => {
  it('turns Japanese calendar days into the UTC instants certificates carry', () => {
    expect(startOfJstDay('2025-10-27').toISOString()).toBe('2025-10-26T15:00:00.000Z');
    expect(endOfJstDay('2030-02-17').toISOString()).toBe('2030-02-17T14:59:59.000Z');
  });

  it('adds years (29 February falls back to 28) and steps back a day across months and years', () => {
    expect(addYears('2015-10-20', 10)).toBe('2025-10-20');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(previousDay('2025-03-01')).toBe('2025-02-28');
    expect(previousDay('2025-01-01')).toBe('2024-12-31');
  });

  it('rejects strings that are not calendar dates with a coded error', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('20250101')).toBe(false);
    let thrown: unknown;
    try {
      startOfJstDay('2025-13-01');
    } catch (error) {
      thrown = error;
    }
    expect(isMockCaError(thrown, 'INVALID_INPUT')).toBe(true);
  });

  it('uses UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    const utc = certificateTime(endOfJstDay('2049-12-31')).toSchema();
    expect(utc).toBeInstanceOf(asn1js.UTCTime);
    expect(Buffer.from(utc.toBER(false)).subarray(2).toString('ascii')).toBe('491231145959Z');
    const generalized = certificateTime(startOfJstDay('2050-01-02')).toSchema();
    expect(generalized).toBeInstanceOf(asn1js.GeneralizedTime);
    expect(Buffer.from(generalized.toBER(false)).subarray(2).toString('ascii')).toBe('20500101150000Z');
  });
});
