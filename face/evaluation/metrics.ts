// Verification error rates from genuine and impostor distances. A pair whose face was not found has
// distance Infinity: it is rejected at every threshold (a missed detection counts as a rejection).

export interface ErrorRates {
  readonly threshold: number;
  /** Impostor pairs accepted / impostor pairs. */
  readonly far: number;
  /** Genuine pairs rejected / genuine pairs. */
  readonly frr: number;
  readonly falseAccepts: number;
  readonly falseRejects: number;
}

export function ratesAt(genuine: readonly number[], impostor: readonly number[], threshold: number): ErrorRates {
  const falseRejects = genuine.filter((d) => !(d <= threshold)).length;
  const falseAccepts = impostor.filter((d) => d <= threshold).length;
  return {
    threshold,
    far: impostor.length === 0 ? 0 : falseAccepts / impostor.length,
    frr: genuine.length === 0 ? 0 : falseRejects / genuine.length,
    falseAccepts,
    falseRejects,
  };
}

/** Every threshold at which a rate changes, from 0 up to the largest finite distance. */
export function rocPoints(genuine: readonly number[], impostor: readonly number[]): ErrorRates[] {
  const cuts = [...new Set([0, ...genuine, ...impostor].filter(Number.isFinite))].sort((a, b) => a - b);
  return cuts.map((t) => ratesAt(genuine, impostor, t));
}

/** Equal error rate: where FAR and FRR cross (the mean of the two at the closest threshold). */
export function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): { eer: number; threshold: number } {
  let best = { eer: 1, threshold: 0, gap: Infinity };
  for (const point of rocPoints(genuine, impostor)) {
    const gap = Math.abs(point.far - point.frr);
    if (gap < best.gap) best = { eer: (point.far + point.frr) / 2, threshold: point.threshold, gap };
  }
  return { eer: best.eer, threshold: best.threshold };
}

/**
 * The calibration rule: the largest threshold, rounded down to 0.01, that stays `margin` below the
 * smallest impostor distance (zero false accepts with room to spare).
 */
export function zeroFarThreshold(impostor: readonly number[], margin: number): number {
  const smallest = Math.min(...impostor.filter(Number.isFinite));
  return Math.floor((smallest - margin) * 100) / 100;
}

export function percentile(values: readonly number[], p: number): number | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil(p * finite.length) - 1))]!;
}
