import type { LivenessChallenge, LivenessFailure, LivenessReport } from '../../flow/ports/face-verifier';
import { checkChallenge } from './active-challenge';
import type { ChallengeResult } from './active-challenge';
import type { FaceObservation } from './observation';
import type { PassiveResult } from './passive';
import { checkPassive, passiveThresholds } from './passive';

/** At 10 frames a second, under a second of video: enough for a blink or a turn. */
export const minLivenessFrames = 5;

/**
 * Liveness over a frame sequence: the active challenge must be performed, and the motion must not be
 * that of a picture (no motion at all, or motion that one flat-plane transform explains), and the
 * face must be tracked through the sequence without jumps (no swap of faces).
 *
 * Every challenge carries its own check that a flat picture cannot pass, independent of the measure
 * that sees the challenge performed: a blink must change the eyes and nothing around them once the
 * frames are re-aligned (a picture, however it is moved, shows the same eyes again); a turn must
 * leave the nose out of the plane of the rest of the face, towards the side turned to (a picture has
 * no such parallax). Either failing is reported as `planar-motion`.
 */
export function checkLiveness(challenge: LivenessChallenge, frames: readonly FaceObservation[]): LivenessReport {
  return assessLiveness(challenge, frames).report;
}

/** The report and the measures behind it (the benchmark and tests read the latter; the port does not carry them). */
export interface LivenessAssessment {
  readonly report: LivenessReport;
  readonly active: ChallengeResult | null;
  readonly passive: PassiveResult | null;
  /** Whether the challenge's own flatness check passed (false when it could not be made). */
  readonly notFlat: boolean;
}

export function assessLiveness(challenge: LivenessChallenge, frames: readonly FaceObservation[]): LivenessAssessment {
  const ordered = [...frames].sort((a, b) => a.capturedAtMs - b.capturedAtMs);
  if (ordered.length < minLivenessFrames) {
    return {
      report: {
        challenge,
        passed: false,
        failures: ['too-few-frames'],
        scores: { eyeClosureRatio: null, turnAmount: null, motion: null, deformation: null, noseParallax: null },
      },
      active: null,
      passive: null,
      notFlat: false,
    };
  }
  const active = checkChallenge(challenge, ordered);
  const passive = checkPassive(ordered);
  const direction = challenge === 'turn-left' ? 1 : -1;
  const notFlat = challenge === 'blink' ? active.eyesChangedAlone : direction * (passive.endParallax ?? 0) >= passiveThresholds.minTurnParallax;
  const failures: LivenessFailure[] = [];
  if (!active.performed) failures.push('challenge-not-performed');
  if (passive.isStatic) failures.push('static-image');
  // A challenge seen performed without its own sign of a real face is a picture being moved.
  if (passive.isPlanar || (active.performed && !notFlat)) failures.push('planar-motion');
  if (passive.trackBroken) failures.push('identity-changed');
  return {
    report: {
      challenge,
      passed: failures.length === 0,
      failures,
      scores: {
        eyeClosureRatio: active.eyeClosureRatio,
        turnAmount: active.turnAmount,
        motion: passive.motion,
        deformation: passive.deformation,
        noseParallax: passive.noseParallax,
      },
    },
    active,
    passive,
    notFlat,
  };
}
