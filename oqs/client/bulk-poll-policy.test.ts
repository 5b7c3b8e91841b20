import { describe, expect, it } from 'vitest';
import { BULK_POLL_INTERVAL_BOUNDS, clampedBulkPollPolicy, DEFAULT_BULK_POLL_POLICY } from './central-client-config';

describe('一括照会 polling policy', () => {
  it('takes the defaults for what is not given or not a number', () => {
    expect(clampedBulkPollPolicy({})).toEqual(DEFAULT_BULK_POLL_POLICY);
    expect(clampedBulkPollPolicy({ intervalMs: Number.NaN, maxWaitMs: Number.POSITIVE_INFINITY })).toEqual(DEFAULT_BULK_POLL_POLICY);
  });

  it('keeps the interval within its bounds and the overall bound at least one interval', () => {
    expect(clampedBulkPollPolicy({ intervalMs: 0 }).intervalMs).toBe(BULK_POLL_INTERVAL_BOUNDS.minMs);
    expect(clampedBulkPollPolicy({ intervalMs: -5 }).intervalMs).toBe(BULK_POLL_INTERVAL_BOUNDS.minMs);
    expect(clampedBulkPollPolicy({ intervalMs: 10 * 60_000 }).intervalMs).toBe(BULK_POLL_INTERVAL_BOUNDS.maxMs);
    expect(clampedBulkPollPolicy({ intervalMs: 2_000, maxWaitMs: 100 })).toEqual({ intervalMs: 2_000, maxWaitMs: 2_000 });
    expect(clampedBulkPollPolicy({ maxWaitMs: 7 * 24 * 60 * 60_000 }).maxWaitMs).toBe(24 * 60 * 60_000);
  });
});
