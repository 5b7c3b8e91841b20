import { describe, expect, it } from 'vitest';
import { afterFaceAttempt, defaultFaceAttemptRule, noFaceAttempts, stepWithoutFace } from './face-attempts';
import type { FaceAttempts, FaceNextStep } from './face-attempts';
import type { FaceDecision } from './ports/face-verifier';

/** The next steps of a run of attempts from a fresh card read. */
function stepsOf(decisions: readonly FaceDecision[], pinAvailable: boolean, maxConsecutiveFailures?: number): FaceNextStep[] {
  let attempts: FaceAttempts = noFaceAttempts;
  const steps: FaceNextStep[] = [];
  for (const decision of decisions) {
    const outcome = afterFaceAttempt(attempts, decision, pinAvailable, maxConsecutiveFailures === undefined ? undefined : { maxConsecutiveFailures });
    attempts = outcome.attempts;
    steps.push(outcome.next);
  }
  return steps;
}

describe('afterFaceAttempt', () => {
  it('stops offering the face after three failures: PIN or staff, or staff only without a PIN', () => {
    expect(defaultFaceAttemptRule.maxConsecutiveFailures).toBe(3);
    expect(stepsOf(['no-match', 'no-match', 'no-match'], true)).toEqual(['retry', 'retry', 'offer-pin-or-staff']);
    expect(stepsOf(['no-match', 'no-match', 'no-match'], false)).toEqual(['retry', 'retry', 'staff-only']);
  });

  it('counts every decision but a match as a failure, an attempt without a usable frame too', () => {
    expect(stepsOf(['no-usable-frame', 'liveness-failed', 'no-match'], true)).toEqual(['retry', 'retry', 'offer-pin-or-staff']);
  });

  it('is done on a match, and a match clears the run of failures', () => {
    expect(stepsOf(['match'], true)).toEqual(['done']);
    expect(stepsOf(['no-match', 'no-match', 'match', 'no-match', 'no-match'], true)).toEqual(['retry', 'retry', 'done', 'retry', 'retry']);
  });

  it('counts attempts and consecutive failures', () => {
    const first = afterFaceAttempt(noFaceAttempts, 'no-match', true);
    expect(first.attempts).toEqual({ attempts: 1, consecutiveFailures: 1 });
    const second = afterFaceAttempt(first.attempts, 'match', true);
    expect(second.attempts).toEqual({ attempts: 2, consecutiveFailures: 0 });
  });

  it('follows a configured rule', () => {
    expect(stepsOf(['no-match'], true, 1)).toEqual(['offer-pin-or-staff']);
    expect(stepsOf(['no-match', 'no-match', 'no-match', 'no-match', 'no-match'], false, 5)).toEqual(['retry', 'retry', 'retry', 'retry', 'staff-only']);
  });
});

describe('stepWithoutFace', () => {
  it('sends the patient to the PIN or staff, or to staff only without a PIN', () => {
    expect(stepWithoutFace(true)).toBe('offer-pin-or-staff');
    expect(stepWithoutFace(false)).toBe('staff-only');
  });
});
