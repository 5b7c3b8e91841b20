import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelayMs (full jitter)', () => {
  it('draws from [0, base · 2^retry), the ceiling doubling per retry', () => {
    const almostOne = () => 0.999_999;
    expect([0, 1, 2, 3].map((retry) => backoffDelayMs(retry, policy, almostOne))).toEqual([99, 199, 399, 799]);
    expect([0, 1, 2, 3].map((retry) => backoffDelayMs(retry, policy, () => 0.5))).toEqual([50, 100, 200, 400]);
  });

  it('never exceeds the cap however many retries', () => {
    expect(backoffDelayMs(4, policy, () => 0.999_999)).toBe(999);
    expect(backoffDelayMs(60, policy, () => 0.999_999)).toBe(999);
  });

  it('is zero at random 0 and stays within bounds for a random source out of range', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => -5)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 7)).toBe(800);
  });
});
