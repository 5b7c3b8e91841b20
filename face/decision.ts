import { descriptorDistance } from './analysis/describe';
import type { FaceDecision, FaceQualityCode, LivenessChallenge, LivenessReport } from '../flow/ports/face-verifier';
import type { FrameAnalysis } from './frame-analysis';
import { checkLiveness } from './liveness/check-liveness';
import { decideMatch, matchPolicy } from './match-policy';

export interface AttemptDecision {
  readonly decision: FaceDecision;
  readonly distance: number | null;
  readonly framesUsable: number;
  readonly quality: readonly FaceQualityCode[];
  readonly instruction: FaceQualityCode | null;
  readonly liveness: LivenessReport;
}

const qualityPriority: readonly FaceQualityCode[] = [
  'no-face',
  'multiple-faces',
  'face-too-small',
  'backlit',
  'too-dark',
  'head-turned',
  'face-covered',
  'too-blurred',
  'eyes-closed',
];

/**
 * One attempt: the frames that pass every gate are compared with the card (best-of-k with
 * consistency), the whole sequence is checked for liveness, and both must pass for a match.
 */
export async function decideAttempt(
  frames: readonly FrameAnalysis[],
  cardDescriptor: Float32Array,
  challenge: LivenessChallenge,
  threshold: number = matchPolicy.threshold,
): Promise<AttemptDecision> {
  const usable = frames.filter((f) => f.quality.length === 0 && f.describe);
  const quality = rankCodes(frames);
  const liveness = checkLiveness(challenge, frames.flatMap((f) => (f.observation ? [f.observation] : [])));
  if (usable.length === 0) {
    return { decision: 'no-usable-frame', distance: null, framesUsable: 0, quality, instruction: quality[0] ?? 'no-face', liveness };
  }
  const compared = spread(usable, matchPolicy.maxFramesCompared);
  const descriptors: Float32Array[] = [];
  for (const frame of compared) descriptors.push(await frame.describe!());
  const distances = descriptors.map((d) => descriptorDistance(d, cardDescriptor));
  const pairwise: number[] = [];
  for (let i = 0; i < descriptors.length; i++) for (let j = i + 1; j < descriptors.length; j++) pairwise.push(descriptorDistance(descriptors[i]!, descriptors[j]!));
  const match = decideMatch(distances, pairwise, threshold);
  const decision: FaceDecision = !match.matched ? 'no-match' : liveness.passed ? 'match' : 'liveness-failed';
  return { decision, distance: match.distance, framesUsable: usable.length, quality, instruction: null, liveness };
}

/** Codes of the unusable frames, most frequent first, ties in the order a patient should fix them. */
function rankCodes(frames: readonly FrameAnalysis[]): FaceQualityCode[] {
  const counts = new Map<FaceQualityCode, number>();
  for (const frame of frames) for (const code of frame.quality) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || qualityPriority.indexOf(a) - qualityPriority.indexOf(b));
}

/** Up to `count` items spread evenly over the list (first and last included). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!);
}
