import type { FaceDecision } from './ports/face-verifier';

/**
 * What the patient does after a face attempt: the terminal's own rule. The card itself locks after 10
 * face failures (reader-flow.md §3), and a failed face check should never walk a patient towards that:
 * after 3 failed attempts in a row the flow stops offering the face and offers the PIN or staff
 * 目視確認 — staff only when the card has no usable PIN (顔認証マイナンバーカード, or PIN locked).
 */
export type FaceNextStep =
  | 'done' // matched
  | 'retry' // try again, with the challenge the verifier named
  | 'offer-pin-or-staff' // stop asking for the face: PIN (暗証番号) or staff 目視確認
  | 'staff-only'; // no PIN on this card (顔認証マイナンバーカード) or PIN locked: staff 目視確認

export interface FaceAttemptRule {
  /** Consecutive failed face attempts after which the flow stops offering face verification. */
  readonly maxConsecutiveFailures: number;
}

export const defaultFaceAttemptRule: FaceAttemptRule = { maxConsecutiveFailures: 3 };

/** The face attempts of one card read, as the flow counts them. */
export interface FaceAttempts {
  readonly attempts: number;
  readonly consecutiveFailures: number;
}

export const noFaceAttempts: FaceAttempts = { attempts: 0, consecutiveFailures: 0 };

export interface FaceAttemptOutcome {
  readonly attempts: FaceAttempts;
  readonly next: FaceNextStep;
}

/** Where the patient goes when the face path cannot be used at all (no face in the card photo). */
export function stepWithoutFace(pinAvailable: boolean): FaceNextStep {
  return pinAvailable ? 'offer-pin-or-staff' : 'staff-only';
}

/**
 * Counts one attempt and decides the next step. Every decision but a match counts as a failure, an
 * attempt without a usable frame too: a patient who cannot be seen should reach the PIN or staff.
 */
export function afterFaceAttempt(
  before: FaceAttempts,
  decision: FaceDecision,
  pinAvailable: boolean,
  rule: FaceAttemptRule = defaultFaceAttemptRule,
): FaceAttemptOutcome {
  const matched = decision === 'match';
  const attempts: FaceAttempts = {
    attempts: before.attempts + 1,
    consecutiveFailures: matched ? 0 : before.consecutiveFailures + 1,
  };
  if (matched) return { attempts, next: 'done' };
  if (attempts.consecutiveFailures < rule.maxConsecutiveFailures) return { attempts, next: 'retry' };
  return { attempts, next: stepWithoutFace(pinAvailable) };
}
