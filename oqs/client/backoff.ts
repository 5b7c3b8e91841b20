import type { RetryPolicy } from './central-client-config';

/** A number in [0, 1); Math.random in production, a fixed sequence in tests. */
export type RandomSource = () => number;

/**
 * The wait before retry number `retry` (0 for the first retry): "full jitter" — uniform in
 * [0, min(max, base · 2^retry)) — so terminals that failed together do not come back together.
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: RandomSource): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(ceiling * Math.min(Math.max(random(), 0), 1));
}
