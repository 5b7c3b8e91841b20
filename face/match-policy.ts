/**
 * The match rule, calibrated on the benchmark (npm run bench:face; numbers in face/README.md):
 * euclidean distance between 128-d descriptors of the card photo and a live frame, both greyscale,
 * eye-levelled dlib chips averaged with their mirror image.
 */
export const matchPolicy = {
  /**
   * Accept at or below this distance. The calibration rule (face/evaluation/metrics.ts,
   * zeroFarThreshold): the largest 0.01 step at least 0.03 below the smallest impostor distance of
   * the benchmark (0.519 over 3,366 impostor pairs), i.e. zero false accepts with a margin. At 0.48 the
   * benchmark's FRR is 0.5 % (one glasses frame); face-api's customary 0.6 would be far too lenient
   * for an identity check. Real genuine pairs are harder than the benchmark's (README, Limitations).
   */
  threshold: 0.48,
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
