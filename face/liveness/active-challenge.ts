import type { LivenessChallenge } from '../../flow/ports/face-verifier';
import type { EyeChange } from './eye-change';
import { eyeChange } from './eye-change';
import type { FaceObservation } from './observation';

/**
 * Thresholds for the challenges, calibrated on the benchmark's synthetic live sequences (see
 * face/README.md, "Liveness"): a blink must drop the eye openness to this share of the open-eye
 * level and recover; a turn must move the yaw measure this far in the asked direction.
 */
export const challengeThresholds = {
  blinkClosedShare: 0.6,
  blinkOpenShare: 0.8,
  minTurn: 0.2,
  /** Steps against the asked direction may add up to at most this share of the turn (landmark jitter is not a turn). */
  maxBacktrack: 0.5,
  /**
   * The blink's own flatness check (liveness/eye-change.ts): in a frame the eye measure calls closed,
   * the eyes must have changed by at least this much (in units of their contrast) against the most
   * similar open frame once the band is re-aligned, and by this many times more than around the
   * eyes. Measured on 6 identities' synthetic sequences (2 seeds each): live blinks 0.41–1.25 and
   * 5.4–7.5 times; held and moved prints at most 0.25 and 1.6 times.
   */
  /**
   * A turn starts from the pose the kiosk asks for: the first two frames' yaw within the head-turned
   * gate's limit. A print of a photo taken already turned, swung about, can make the landmark fit both
   * turn and show a nose out of plane (measured once in 54 moved-print turn attempts, starting at 0.59).
   */
  maxStartYaw: 0.55,
  minEyeChange: 0.3,
  minEyeChangeOverRest: 2.5,
} as const;

export interface ChallengeResult {
  readonly performed: boolean;
  readonly eyeClosureRatio: number | null;
  readonly turnAmount: number | null;
  /**
   * Blink only: the largest change of the eyes (and, with it, around them) over the frames the eye
   * measure calls closed; null when no frame looked closed or the bands are missing.
   */
  readonly eyeChange: EyeChange | null;
  /** Blink only: whether that change is one that eyelids make and a flat picture cannot. */
  readonly eyesChangedAlone: boolean;
}

/**
 * Whether the sequence shows the requested action. Turning to the left means the patient's own left,
 * which moves the nose towards the right of the (unmirrored) camera image: positive yaw.
 */
export function checkChallenge(challenge: LivenessChallenge, frames: readonly FaceObservation[]): ChallengeResult {
  const closure = blinkDepth(frames);
  const turn = turnAmount(frames, challenge === 'turn-left' ? 1 : -1);
  if (challenge === 'blink') {
    const change = closure.closed.length > 0 ? largestEyeChange(frames, closure.closed, closure.open) : null;
    return { performed: closure.blinked, eyeClosureRatio: closure.ratio, turnAmount: null, eyeChange: change, eyesChangedAlone: change !== null && changedAlone(change) };
  }
  return { performed: turn !== null && turn >= challengeThresholds.minTurn, eyeClosureRatio: null, turnAmount: turn, eyeChange: null, eyesChangedAlone: false };
}

function changedAlone(change: EyeChange): boolean {
  return change.eyes >= challengeThresholds.minEyeChange && change.eyes >= challengeThresholds.minEyeChangeOverRest * change.rest;
}

/**
 * For every frame that looked closed: its eye band against each open frame's, keeping the open frame
 * it resembles most (the smallest change of the eyes). Of those, the closed frame that shows the
 * change a blink makes best is reported (or, when none does, the one whose eyes changed most).
 */
function largestEyeChange(frames: readonly FaceObservation[], closed: readonly number[], open: readonly number[]): EyeChange | null {
  let best: EyeChange | null = null;
  for (const k of closed) {
    const band = frames[k]!.eyeBand;
    if (!band) continue;
    let nearest: EyeChange | null = null;
    for (const j of open) {
      const reference = frames[j]!.eyeBand;
      if (!reference) continue;
      const change = eyeChange(reference, band);
      if (!nearest || change.eyes < nearest.eyes) nearest = change;
    }
    if (!nearest) continue;
    const better = !best || (changedAlone(nearest) && !changedAlone(best)) || (changedAlone(nearest) === changedAlone(best) && nearest.eyes > best.eyes);
    if (better) best = nearest;
  }
  return best;
}

/**
 * Open → closed → open: the openness dips below a share of the open level and comes back. Also
 * returns which frames looked closed (at or under that share) and which open (at or over the open
 * share), for the eye-band check.
 */
function blinkDepth(frames: readonly FaceObservation[]): { blinked: boolean; ratio: number | null; closed: number[]; open: number[] } {
  if (frames.length < 3) return { blinked: false, ratio: null, closed: [], open: [] };
  const openness = frames.map((f) => f.eyeOpenness);
  const sorted = [...openness].sort((a, b) => a - b);
  // The open-eye level: the upper quartile, so a blink of several frames does not pull it down.
  const open = sorted[Math.floor(sorted.length * 0.75)]!;
  if (open <= 0) return { blinked: false, ratio: null, closed: [], open: [] };
  let lowest = 0;
  for (let k = 1; k < openness.length; k++) if (openness[k]! < openness[lowest]!) lowest = k;
  const ratio = openness[lowest]! / open;
  const openBefore = openness.slice(0, lowest).some((v) => v >= challengeThresholds.blinkOpenShare * open);
  const openAfter = openness.slice(lowest + 1).some((v) => v >= challengeThresholds.blinkOpenShare * open);
  const indices = openness.map((_, k) => k);
  return {
    blinked: ratio <= challengeThresholds.blinkClosedShare && openBefore && openAfter,
    ratio,
    closed: indices.filter((k) => openness[k]! <= challengeThresholds.blinkClosedShare * open),
    open: indices.filter((k) => openness[k]! >= challengeThresholds.blinkOpenShare * open),
  };
}

/**
 * How far the head turned in `direction` and stayed there: the median yaw of the last three frames
 * minus that of the first two. Zero when the yaw wandered back and forth more than it moved (a
 * jittery landmark fit on a picture, not a turn).
 */
function turnAmount(frames: readonly FaceObservation[], direction: 1 | -1): number | null {
  if (frames.length < 5) return null;
  const yaws = frames.map((f) => direction * f.yaw);
  const start = (yaws[0]! + yaws[1]!) / 2;
  if (Math.abs(start) > challengeThresholds.maxStartYaw) return 0;
  const end = median(yaws.slice(-3));
  const turned = end - start;
  let backtrack = 0;
  for (let k = 1; k < yaws.length; k++) backtrack += Math.max(0, yaws[k - 1]! - yaws[k]!);
  return backtrack > challengeThresholds.maxBacktrack * Math.max(turned, 0) ? Math.min(turned, 0) : turned;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
