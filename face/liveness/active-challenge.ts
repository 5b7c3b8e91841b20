import type { LivenessChallenge } from '../../flow/ports/face-verifier';
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
} as const;

export interface ChallengeResult {
  readonly performed: boolean;
  readonly eyeClosureRatio: number | null;
  readonly turnAmount: number | null;
}

/**
 * Whether the sequence shows the requested action. Turning to the left means the patient's own left,
 * which moves the nose towards the right of the (unmirrored) camera image: positive yaw.
 */
export function checkChallenge(challenge: LivenessChallenge, frames: readonly FaceObservation[]): ChallengeResult {
  const closure = blinkDepth(frames);
  const turn = turnAmount(frames, challenge === 'turn-left' ? 1 : -1);
  if (challenge === 'blink') {
    return { performed: closure.blinked, eyeClosureRatio: closure.ratio, turnAmount: null };
  }
  return { performed: turn !== null && turn >= challengeThresholds.minTurn, eyeClosureRatio: null, turnAmount: turn };
}

/** Open → closed → open: the openness dips below a share of the open level and comes back. */
function blinkDepth(frames: readonly FaceObservation[]): { blinked: boolean; ratio: number | null } {
  if (frames.length < 3) return { blinked: false, ratio: null };
  const openness = frames.map((f) => f.eyeOpenness);
  const sorted = [...openness].sort((a, b) => a - b);
  // The open-eye level: the upper quartile, so a blink of several frames does not pull it down.
  const open = sorted[Math.floor(sorted.length * 0.75)]!;
  if (open <= 0) return { blinked: false, ratio: null };
  let lowest = 0;
  for (let k = 1; k < openness.length; k++) if (openness[k]! < openness[lowest]!) lowest = k;
  const ratio = openness[lowest]! / open;
  const openBefore = openness.slice(0, lowest).some((v) => v >= challengeThresholds.blinkOpenShare * open);
  const openAfter = openness.slice(lowest + 1).some((v) => v >= challengeThresholds.blinkOpenShare * open);
  return { blinked: ratio <= challengeThresholds.blinkClosedShare && openBefore && openAfter, ratio };
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
