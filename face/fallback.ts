import type { FaceDecision, FaceFallbackRule, FaceNextStep } from './contract';

/**
 * The terminal's own rule (reader-flow.md §3: the card itself locks after 10 face failures, and a
 * failed face check should never walk a patient towards that): after 3 failed attempts in a row the
 * flow stops offering the face and offers the PIN or staff 目視確認, or staff only when the card has no
 * usable PIN (顔認証マイナンバーカード, or PIN locked).
 */
export const defaultFallbackRule: FaceFallbackRule = { maxConsecutiveFailures: 3 };

export function nextStep(decision: FaceDecision, consecutiveFailures: number, pinAvailable: boolean, rule: FaceFallbackRule = defaultFallbackRule): FaceNextStep {
  if (decision === 'match') return 'done';
  if (consecutiveFailures < rule.maxConsecutiveFailures) return 'retry';
  return pinAvailable ? 'offer-pin-or-staff' : 'staff-only';
}

/** When the card photo has no usable face, the face path cannot work at all for this card. */
export function stepWithoutCardFace(pinAvailable: boolean): FaceNextStep {
  return pinAvailable ? 'offer-pin-or-staff' : 'staff-only';
}
