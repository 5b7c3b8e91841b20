import type { LivenessChallenge, LivenessFailure, LivenessReport } from '../../flow/ports/face-verifier';
import { checkChallenge } from './active-challenge';
import type { FaceObservation } from './observation';
import { checkPassive, passiveThresholds } from './passive';

/** At 10 frames a second, under a second of video: enough for a blink or a turn. */
export const minLivenessFrames = 5;

/**
 * Liveness over a frame sequence: the active challenge must be performed, and the motion must not be
 * that of a picture (no motion at all, or motion that one flat-plane transform explains), and the
 * face must be tracked through the sequence without jumps (no swap of faces).
 */
export function checkLiveness(challenge: LivenessChallenge, frames: readonly FaceObservation[]): LivenessReport {
  const ordered = [...frames].sort((a, b) => a.capturedAtMs - b.capturedAtMs);
  if (ordered.length < minLivenessFrames) {
    return {
      challenge,
      passed: false,
      failures: ['too-few-frames'],
      scores: { eyeClosureRatio: null, turnAmount: null, motion: null, deformation: null, noseParallax: null },
    };
  }
  const active = checkChallenge(challenge, ordered);
  const passive = checkPassive(ordered);
  const failures: LivenessFailure[] = [];
  if (!active.performed) failures.push('challenge-not-performed');
  if (passive.isStatic) failures.push('static-image');
  // A turn that shows no parallax is a picture being tilted, whatever the shape change.
  const flatTurn = challenge !== 'blink' && active.performed && (passive.noseParallax ?? 0) < passiveThresholds.minNoseParallax;
  if (passive.isPlanar || flatTurn) failures.push('planar-motion');
  if (passive.trackBroken) failures.push('identity-changed');
  return {
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
  };
}
