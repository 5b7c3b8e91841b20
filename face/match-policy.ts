/**
 * The match rule, calibrated on the benchmark (npm run bench:face; numbers in face/README.md):
 * euclidean distance between 128-d descriptors of the card photo and a live frame, both greyscale,
 * eye-levelled dlib chips averaged with their mirror image.
 */
export const matchPolicy = {
  /**
   * Accept at or below this distance. The calibration rule (face/evaluation/metrics.ts,
   * calibrateHeldOut): the largest 0.01 step a margin below the smallest impostor distance of the
   * benchmark, where the margin is grown until it holds on data the threshold was not fitted to —
   * with each source photo left out in turn (its identities' frames and cards), the nearest held-out
   * impostor must stay ≥ 0.03 above the threshold chosen without it. That takes a margin of 0.08:
   * 0.519 − 0.08 → 0.43; the smallest held-out margin is then 0.039. (The former rule, margin 0.03,
   * gave 0.48, and an unseen set put an impostor frame at 0.478.) At 0.43 the benchmark's FRR is
   * 1.5 % (3 of 198: glasses frames); real genuine pairs are harder (README, Limitations).
   */
  threshold: 0.43,
  /** Best-of-k: at most this many usable frames are described and compared per attempt. */
  maxFramesCompared: 5,
  /** Live frames of one attempt must be of one person: their descriptors within this distance. */
  consistency: 0.5,
} as const;

export interface MatchOutcome {
  readonly matched: boolean;
  /** Median distance over the compared frames; null without a frame. */
  readonly distance: number | null;
  readonly consistent: boolean;
}

/**
 * Best-of-k with consistency: the median distance must be under the threshold, at least half of the
 * frames must be under it on their own, and the frames must agree with each other (one person).
 */
export function decideMatch(distances: readonly number[], pairwiseLiveDistances: readonly number[], threshold: number = matchPolicy.threshold): MatchOutcome {
  if (distances.length === 0) return { matched: false, distance: null, consistent: true };
  const sorted = [...distances].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const votes = sorted.filter((d) => d <= threshold).length;
  const consistent = pairwiseLiveDistances.every((d) => d <= matchPolicy.consistency);
  return { matched: median <= threshold && votes * 2 >= sorted.length && consistent, distance: median, consistent };
}
