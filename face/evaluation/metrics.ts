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

/** One comparison: a frame of `probe` against the card of `card`. */
export interface ScoredPair {
  readonly probe: string;
  readonly card: string;
  readonly distance: number;
}

export interface HeldOutFold {
  /** The source photo left out (its identities' frames and cards). */
  readonly heldOut: string;
  readonly identities: number;
  /** What the rule chose without the held-out source. */
  readonly threshold: number;
  /** Smallest distance of an impostor pair that involves a held-out identity (frame or card). */
  readonly smallestHeldOutImpostor: number | null;
  /** smallestHeldOutImpostor − threshold: how far the nearest unseen impostor stayed from acceptance. */
  readonly margin: number | null;
  readonly heldOutFrr: number;
}

export interface HeldOutCalibration {
  /** The rule's margin below the smallest impostor distance seen in calibration. */
  readonly ruleMargin: number;
  /** The rule applied to every pair: the threshold the product uses. */
  readonly threshold: number;
  /** The held-out margin the rule was required to keep in every fold. */
  readonly requiredHeldOutMargin: number;
  /** The smallest held-out margin over the folds (what the rule kept on data it was not fitted to). */
  readonly heldOutMargin: number | null;
  readonly folds: readonly HeldOutFold[];
}

/**
 * Leave-one-source-out folds of the zero-FAR rule: for each source photo, calibrate on the pairs that
 * involve none of its identities, and measure on the pairs that involve at least one of them (their
 * frames against every card, every frame against their cards).
 */
export function heldOutFolds(pairs: readonly ScoredPair[], sourceOf: (identity: string) => string, ruleMargin: number): HeldOutFold[] {
  const sources = [...new Set(pairs.flatMap((p) => [sourceOf(p.probe), sourceOf(p.card)]))].sort();
  return sources.map((heldOut) => {
    const touches = (p: ScoredPair) => sourceOf(p.probe) === heldOut || sourceOf(p.card) === heldOut;
    const calibration = pairs.filter((p) => !touches(p) && p.probe !== p.card).map((p) => p.distance);
    const test = pairs.filter(touches);
    const threshold = zeroFarThreshold(calibration, ruleMargin);
    const impostor = test.filter((p) => p.probe !== p.card).map((p) => p.distance).filter(Number.isFinite);
    const genuine = test.filter((p) => p.probe === p.card).map((p) => p.distance);
    const smallest = impostor.length === 0 ? null : Math.min(...impostor);
    return {
      heldOut,
      identities: new Set(test.filter((p) => sourceOf(p.probe) === heldOut).map((p) => p.probe)).size,
      threshold,
      smallestHeldOutImpostor: smallest,
      margin: smallest === null ? null : Number((smallest - threshold).toFixed(4)),
      heldOutFrr: ratesAt(genuine, impostor, threshold).frr,
    };
  });
}

/**
 * The calibration with a margin that holds out of sample: the smallest rule margin (in 0.01 steps,
 * from `minimumRuleMargin`) for which every leave-one-source-out fold keeps its nearest held-out
 * impostor at least `requiredHeldOutMargin` above the threshold that fold chose; then that rule on all
 * pairs.
 */
export function calibrateHeldOut(pairs: readonly ScoredPair[], sourceOf: (identity: string) => string, requiredHeldOutMargin: number, minimumRuleMargin = 0.03): HeldOutCalibration {
  const impostor = pairs.filter((p) => p.probe !== p.card).map((p) => p.distance);
  let ruleMargin = minimumRuleMargin;
  let folds = heldOutFolds(pairs, sourceOf, ruleMargin);
  const worst = (fs: readonly HeldOutFold[]) => Math.min(...fs.map((f) => f.margin ?? Infinity));
  while (worst(folds) < requiredHeldOutMargin - 1e-9 && ruleMargin < 0.5) {
    ruleMargin = Number((ruleMargin + 0.01).toFixed(2));
    folds = heldOutFolds(pairs, sourceOf, ruleMargin);
  }
  const heldOutMargin = worst(folds);
  return {
    ruleMargin,
    threshold: zeroFarThreshold(impostor, ruleMargin),
    requiredHeldOutMargin,
    heldOutMargin: Number.isFinite(heldOutMargin) ? heldOutMargin : null,
    folds,
  };
}
