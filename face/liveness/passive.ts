import type { Point } from '../analysis/landmarks68';
import { centroid, distance } from '../analysis/landmarks68';
import { fitHomography, project } from './homography';
import type { FaceObservation } from './observation';

/**
 * Thresholds, in face widths, calibrated on the benchmark's synthetic sequences (face/README.md,
 * "Liveness"). The key measure is nose parallax: fit the one flat-picture motion (a homography) to the
 * face's outline, brows, eye and mouth corners, and see how far the nose leaves it. A picture tilted
 * or moved has no parallax (measured 0.005–0.022, landmark jitter); a head turning has plenty
 * (0.044–0.10).
 */
export const passiveThresholds = {
  /** Below this largest displacement the face did not move at all: a picture on a stand or a frozen replay. */
  staticMotion: 0.008,
  /**
   * From this much change of shape (what sliding, turning in the image plane and zooming cannot
   * explain) on, a flat picture would have to show no nose parallax. Sliding or zooming changes no
   * shape, for a head or a photo alike, so it is not judged here (the active challenge is).
   */
  judgeableDeformation: 0.02,
  /** Nose parallax below this is a flat picture. */
  minNoseParallax: 0.03,
  /**
   * A turn's own flatness check: at the end of the turn the nose must stand out of the plane of the
   * rest of the face by at least this much, towards the side the head turned to (the median of the
   * last three frames, so one jittery fit does not make it). Measured on 6 identities' synthetic
   * sequences: turning heads 0.037–0.09; held, moved and tilted prints −0.016 to 0.016 (jitter, either
   * sign). Prints of photos taken turned ~30° can reach it (3 of 126 benchmark attack sequences);
   * the turn's frontal start (active-challenge.ts) stops those.
   */
  minTurnParallax: 0.025,
  /** Between consecutive frames the face may not jump further than this (another face swapped in). */
  maxJump: 0.6,
  maxSizeChange: 0.35,
} as const;

export interface PassiveResult {
  readonly isStatic: boolean;
  /** The face changed shape like a tilted picture: no parallax. */
  readonly isPlanar: boolean;
  readonly trackBroken: boolean;
  /** Largest landmark displacement from the first frame, in face widths. */
  readonly motion: number | null;
  /** Largest change of shape: residual after the best similarity transform, in face widths. */
  readonly deformation: number | null;
  /** Largest distance of the nose from where a flat picture would put it, in face widths. */
  readonly noseParallax: number | null;
  /**
   * Where the nose stands at the end of the sequence relative to that plane, along the face's
   * horizontal axis (positive: towards the image's right), in face widths; median of the last three frames.
   */
  readonly endParallax: number | null;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
// The plane: outline, brows, eye and mouth corners. Eyelids and lips are left out so that a blink or
// a smile is not mistaken for (or required as) head motion.
const planePoints = [...range(0, 27), 36, 39, 42, 45, 48, 54];
const nosePoints = range(27, 36);
const structural = [...planePoints, ...nosePoints];

export function checkPassive(frames: readonly FaceObservation[]): PassiveResult {
  if (frames.length < 2) return { isStatic: false, isPlanar: false, trackBroken: false, motion: null, deformation: null, noseParallax: null, endParallax: null };
  const first = frames[0]!;
  const pick = (o: FaceObservation, indices: readonly number[]) => indices.map((i) => o.landmarks[i]!);
  let largest = 0;
  let largestDeformation = 0;
  let largestParallax = 0;
  const sideways: number[] = [];
  let trackBroken = false;
  for (let k = 1; k < frames.length; k++) {
    const frame = frames[k]!;
    const previous = frames[k - 1]!;
    const width = (frame.faceWidth + first.faceWidth) / 2;
    if (distance(frame.centre, previous.centre) > passiveThresholds.maxJump * previous.faceWidth) trackBroken = true;
    if (Math.abs(frame.faceWidth - previous.faceWidth) > passiveThresholds.maxSizeChange * previous.faceWidth) trackBroken = true;
    largest = Math.max(largest, rms(pick(first, structural), pick(frame, structural)) / width);
    largestDeformation = Math.max(largestDeformation, similarityResidual(pick(first, structural), pick(frame, structural)) / width);
    const plane = fitHomography(pick(first, planePoints), pick(frame, planePoints));
    if (plane) {
      const predicted = pick(first, nosePoints).map((p) => project(plane, p));
      const actual = pick(frame, nosePoints);
      largestParallax = Math.max(largestParallax, meanError(predicted, actual) / width);
      sideways.push(meanAlong(predicted, actual, frame.landmarks[0]!, frame.landmarks[16]!) / width);
    }
  }
  return {
    isStatic: largest < passiveThresholds.staticMotion,
    isPlanar: largestDeformation >= passiveThresholds.judgeableDeformation && largestParallax < passiveThresholds.minNoseParallax,
    trackBroken,
    motion: largest,
    deformation: largestDeformation,
    noseParallax: largestParallax,
    endParallax: sideways.length === 0 ? null : median(sideways.slice(-3)),
  };
}

/** Mean displacement from `a` to `b` along the direction from `from` to `to` (the jaw line). */
function meanAlong(a: readonly Point[], b: readonly Point[], from: Point, to: Point): number {
  const length = distance(from, to);
  if (length === 0) return 0;
  const ux = (to.x - from.x) / length;
  const uy = (to.y - from.y) / length;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (b[i]!.x - a[i]!.x) * ux + (b[i]!.y - a[i]!.y) * uy;
  return sum / a.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** RMS residual after the least-squares similarity (translation, rotation, uniform scale) from a to b. */
function similarityResidual(a: readonly Point[], b: readonly Point[]): number {
  const n = a.length;
  const ca = centroid(a);
  const cb = centroid(b);
  // Complex least squares: b − b̄ ≈ z·(a − ā) with z = s·e^{iθ}.
  let re = 0;
  let im = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const px = a[i]!.x - ca.x;
    const py = a[i]!.y - ca.y;
    const qx = b[i]!.x - cb.x;
    const qy = b[i]!.y - cb.y;
    re += px * qx + py * qy;
    im += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (norm === 0) return 0;
  const zr = re / norm;
  const zi = im / norm;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const px = a[i]!.x - ca.x;
    const py = a[i]!.y - ca.y;
    sum += (cb.x + zr * px - zi * py - b[i]!.x) ** 2 + (cb.y + zi * px + zr * py - b[i]!.y) ** 2;
  }
  return Math.sqrt(sum / n);
}

function meanError(a: readonly Point[], b: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += distance(a[i]!, b[i]!);
  return sum / a.length;
}

function rms(a: readonly Point[], b: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]!.x - b[i]!.x) ** 2 + (a[i]!.y - b[i]!.y) ** 2;
  return Math.sqrt(sum / a.length);
}
