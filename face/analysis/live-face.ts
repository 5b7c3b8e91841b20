import type { LiveFrame } from '../../flow/ports/face-verifier';
import type { GrayImage } from '../image/raster';
import { grayFromFrame, rgbFromFrame } from '../image/raster';
import type { RgbImage } from '../image/raster';
import type { FaceModels } from '../model/face-models';
import type { Detection, DetectorOptions } from './detect';
import { detectFaces } from './detect';
import type { Landmarks68 } from './landmarks68';
import { isPlausibleFace } from './landmarks68';
import { boxFromLandmarks, locateLandmarks } from './landmarker';

export interface LiveFaces {
  /** The frame in grey: the domain of the card photo, used for landmarks, quality and the descriptor. */
  readonly gray: GrayImage;
  /** The frame in colour, or null for a grey camera (some quality checks use colour when they can). */
  readonly rgb: RgbImage | null;
  /** Every distinct face found, largest first. */
  readonly detections: readonly Detection[];
  /** The largest face and its landmarks (second pass on a landmark-derived box). */
  readonly primary: { readonly detection: Detection; readonly landmarks: Landmarks68 } | null;
  /** Which stage of the cascade found the primary face (for the benchmark's record). */
  readonly stage: string | null;
}

const confident = 0.5;
const lowConfidence = 0.25;

// Measured on the benchmark frames (640×480): the tiny detector's score jumps between input sizes, so
// one size misses faces another finds. 224 alone finds 88 % at 0.5 in ~30 ms; trying 160, 320 and 416
// in turn when it fails (cheapest first, stopping at the first confident face) brings that to 97 %
// (all but masked faces), and landmark-checked low-confidence boxes to 214 of 216 frames, masks
// included (the quality gate then asks to uncover). SSD would find one more but costs ~350 ms, which
// would put the slowest frames over the latency budget, so live frames never use it.
const stages: readonly DetectorOptions[] = [224, 160, 320, 416].map((inputSize) => ({ detector: 'tiny', inputSize, minScore: lowConfidence }));

export async function findLiveFaces(models: FaceModels, frame: LiveFrame): Promise<LiveFaces> {
  const gray = grayFromFrame(frame);
  const rgb = rgbFromFrame(frame);
  const colour = frame.format === 'gray' ? null : rgb;
  let found: Detection[] = [];
  let stage = '';
  for (const options of stages) {
    found = found.concat(await detectFaces(models, rgb, options));
    stage = `tiny-${options.inputSize}`;
    if (found.some((d) => d.score >= confident)) break;
  }
  const merged = mergeOverlapping(found);
  const confidentFaces = merged.filter((d) => d.score >= confident);
  if (confidentFaces.length > 0) {
    const detection = confidentFaces[0]!;
    return { gray, rgb: colour, detections: confidentFaces, primary: { detection, landmarks: await refinedLandmarks(models, gray, detection) }, stage };
  }
  // Nothing confident: accept a weak box only when its landmarks form a plausible face.
  for (const detection of [...merged].sort((a, b) => b.score - a.score).slice(0, 3)) {
    const landmarks = await refinedLandmarks(models, gray, detection);
    if (isPlausibleFace(landmarks)) return { gray, rgb: colour, detections: [detection], primary: { detection, landmarks }, stage: 'tiny-low-confidence' };
  }
  return { gray, rgb: colour, detections: [], primary: null, stage: null };
}

async function refinedLandmarks(models: FaceModels, gray: GrayImage, detection: Detection): Promise<Landmarks68> {
  const first = await locateLandmarks(models, gray, detection.box);
  return locateLandmarks(models, gray, boxFromLandmarks(first));
}

/** One box per face: a box that overlaps a bigger one (IoU > 0.3) or lies mostly inside it is the same face. */
function mergeOverlapping(detections: readonly Detection[]): Detection[] {
  const bySize = [...detections].sort((a, b) => area(b) - area(a));
  const kept: Detection[] = [];
  for (const candidate of bySize) {
    const same = kept.findIndex((k) => sameFace(k, candidate));
    if (same < 0) kept.push(candidate);
    else if (candidate.score > kept[same]!.score) kept[same] = { box: kept[same]!.box, score: candidate.score };
  }
  return kept;
}

function area(d: Detection): number {
  return d.box.width * d.box.height;
}

function sameFace(a: Detection, b: Detection): boolean {
  const x0 = Math.max(a.box.x, b.box.x);
  const y0 = Math.max(a.box.y, b.box.y);
  const x1 = Math.min(a.box.x + a.box.width, b.box.x + b.box.width);
  const y1 = Math.min(a.box.y + a.box.height, b.box.y + b.box.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return inter / (area(a) + area(b) - inter) > 0.3 || inter / Math.min(area(a), area(b)) > 0.7;
}
