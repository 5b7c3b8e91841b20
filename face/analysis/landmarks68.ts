// Geometry on the 68-point (iBUG 300-W) landmark layout that face-api's landmark net predicts.
// Indices: jaw 0–16, brows 17–26, nose bridge 27–30 (tip 30), nostrils 31–35, eyes 36–41 and 42–47
// (the subject's right eye is the one on the image's left), mouth 48–67. Pure functions, image pixels.

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type Landmarks68 = readonly Point[];

const rightEyeIndices = [36, 37, 38, 39, 40, 41] as const; // image left
const leftEyeIndices = [42, 43, 44, 45, 46, 47] as const; // image right

export function at(landmarks: Landmarks68, index: number): Point {
  const point = landmarks[index];
  if (!point) throw new RangeError(`landmark ${index} missing (got ${landmarks.length} points)`);
  return point;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function centroid(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

function pick(landmarks: Landmarks68, indices: readonly number[]): Point[] {
  return indices.map((i) => at(landmarks, i));
}

/** Eye centres, image-left eye first. */
export function eyeCentres(landmarks: Landmarks68): [Point, Point] {
  return [centroid(pick(landmarks, rightEyeIndices)), centroid(pick(landmarks, leftEyeIndices))];
}

export function mouthCentre(landmarks: Landmarks68): Point {
  return centroid(pick(landmarks, [48, 54, 51, 57]));
}

/** Width of the face along the jaw line (points 0 and 16). */
export function faceWidth(landmarks: Landmarks68): number {
  return distance(at(landmarks, 0), at(landmarks, 16));
}

/** Roll in radians: the angle of the line between the eye centres (positive: clockwise in the image). */
export function roll(landmarks: Landmarks68): number {
  const [a, b] = eyeCentres(landmarks);
  return Math.atan2(b.y - a.y, b.x - a.x);
}

/**
 * Yaw as a signed fraction: where the nose tip sits between the two jaw ends, measured along the jaw
 * line; 0 for a frontal face, towards ±1 for a profile. Positive when the nose moves to the image's
 * right, which is the subject turning to their own left.
 */
export function yaw(landmarks: Landmarks68): number {
  const left = at(landmarks, 0);
  const right = at(landmarks, 16);
  const nose = at(landmarks, 30);
  const dx = right.x - left.x;
  const dy = right.y - left.y;
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return 0;
  const t = ((nose.x - left.x) * dx + (nose.y - left.y) * dy) / length2;
  return (t - 0.5) * 2;
}

/**
 * Pitch as a signed fraction: the nose tip's position between the eye line and the mouth, relative to
 * a frontal face (~0.55 of the way down). Positive: looking down.
 */
export function pitch(landmarks: Landmarks68): number {
  const [a, b] = eyeCentres(landmarks);
  const eyes = centroid([a, b]);
  const mouth = mouthCentre(landmarks);
  const span = distance(eyes, mouth);
  if (span === 0) return 0;
  const nose = at(landmarks, 30);
  const t = ((nose.x - eyes.x) * (mouth.x - eyes.x) + (nose.y - eyes.y) * (mouth.y - eyes.y)) / (span * span);
  return (t - 0.58) * 2;
}

/**
 * Whether 68 points look like a face at all: eyes above the nose tip above the mouth, the eyes apart
 * by a sensible share of the face width, and the nose between the eyes. Used to accept low-confidence
 * detections on card photos, where the detector is unsure but the landmarks are clear.
 */
export function isPlausibleFace(landmarks: Landmarks68): boolean {
  if (landmarks.length !== 68) return false;
  const [eyeA, eyeB] = eyeCentres(landmarks);
  const nose = at(landmarks, 30);
  const mouth = mouthCentre(landmarks);
  const chin = at(landmarks, 8);
  const width = faceWidth(landmarks);
  const iod = distance(eyeA, eyeB);
  if (width < 8 || iod < 4) return false;
  const ratio = iod / width;
  const eyesY = (eyeA.y + eyeB.y) / 2;
  const ordered = eyesY < nose.y && nose.y < mouth.y && mouth.y < chin.y;
  const noseBetweenEyes = nose.x > Math.min(eyeA.x, eyeB.x) - 0.3 * iod && nose.x < Math.max(eyeA.x, eyeB.x) + 0.3 * iod;
  const verticalSpan = (chin.y - eyesY) / iod;
  return ordered && noseBetweenEyes && ratio > 0.28 && ratio < 0.65 && verticalSpan > 1.0 && verticalSpan < 2.6 && Math.abs(roll(landmarks)) < 0.6;
}

/** Axis-aligned bounds of the points. */
export function bounds(points: readonly Point[]): { x: number; y: number; width: number; height: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
