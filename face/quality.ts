import { eyeOpenness } from './analysis/eye-openness';
import { mouthColourRatio } from './analysis/mouth-colour';
import { mouthContrast } from './analysis/mouth-contrast';
import type { LiveFaces } from './analysis/live-face';
import type { Landmarks68 } from './analysis/landmarks68';
import { at, centroid, eyeCentres, faceWidth, mouthCentre, pitch, roll, yaw } from './analysis/landmarks68';
import type { FaceQualityCode } from '../flow/ports/face-verifier';
import type { Rect } from './image/measure';
import { laplacianVariance, regionStats } from './image/measure';
import type { GrayImage } from './image/raster';
import { boxBlurGray, warpGray } from './image/warp';

/** What the gates look at, per frame. Kept for tuning and the benchmark; never images. */
export interface QualityMeasures {
  readonly faces: number;
  readonly faceWidth: number;
  readonly sharpness: number;
  readonly faceLuma: number;
  readonly surroundLuma: number;
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
  readonly eyeOpenness: number;
  readonly mouthContrast: number;
  readonly mouthColourRatio: number | null;
}

/**
 * Gate thresholds, calibrated on the benchmark's frames and the made-for-purpose images
 * (bench/face/synth/quality-images.ts); face/README.md, "Quality gates", gives the measurements.
 * Deliberately lenient: a gate that fires on a usable frame sends a patient round in circles, while a
 * poor frame that slips through only costs a higher distance (the decision stays safe).
 */
export const qualityThresholds = {
  /** A second face counts when it is at least this share of the main face's width. */
  secondFaceShare: 0.45,
  /** Jaw-to-jaw width in pixels (the benchmark's far frames are 95–110 px and still match well). */
  minFaceWidth: 80,
  /** Laplacian variance over contrast in the eye band at 24 px between the eyes. */
  minSharpness: 0.06,
  /** Mean grey level of the inner face; set low so darker skin in a dim room is not refused. */
  minFaceLuma: 40,
  /** Backlight: the face is darker than this share of its surroundings, which are bright. */
  backlitRatio: 0.38,
  backlitSurround: 185,
  maxAbsYaw: 0.55,
  maxAbsPitch: 0.5,
  /** Dark-band height over eye width (face/analysis/eye-openness) below which the eyes count as closed. */
  minEyeOpenness: 0.25,
  /**
   * face-covered needs two signs together, or one beyond doubt: a lip line this faint AND a mouth area
   * this pale (relative to the cheeks); or a lip line fainter than minMouthContrast; or a mouth area
   * paler than minMouthColourRatio. One weak sign alone asked unmasked patients with faint lip lines or
   * pale lips to remove a mask, and flipped between JPEG decoders (face/README.md, "Masks").
   * Measured on the benchmark's frames, stored and through two JPEG decoders: unmasked faces have lip
   * lines from 0.25 and mouth colour from 0.73; masks 0.06–0.65 and 0.07–1.17.
   */
  coveredMouthContrast: 0.35,
  coveredMouthColourRatio: 0.65,
  minMouthContrast: 0.15,
  minMouthColourRatio: 0.5,
} as const;

export function measureQuality(faces: LiveFaces): QualityMeasures | null {
  const primary = faces.primary;
  if (!primary) return null;
  const { landmarks } = primary;
  const { gray } = faces;
  return {
    faces: faces.detections.filter((d) => d.box.width >= primary.detection.box.width * qualityThresholds.secondFaceShare).length,
    faceWidth: faceWidth(landmarks),
    sharpness: eyeSharpness(gray, landmarks),
    faceLuma: regionStats(gray, innerFace(landmarks)).mean,
    surroundLuma: surroundLuma(gray, landmarks),
    yaw: yaw(landmarks),
    pitch: pitch(landmarks),
    roll: roll(landmarks),
    eyeOpenness: eyeOpenness(gray, landmarks),
    mouthContrast: mouthContrast(gray, landmarks),
    mouthColourRatio: mouthColourRatio(faces.rgb, landmarks),
  };
}

/**
 * The gates a frame fails, most important first (the kiosk shows the first): a problem the patient
 * must fix before others make sense comes earlier (find one face, come closer, then light, pose, eyes).
 */
export function qualityCodes(faces: LiveFaces, measures: QualityMeasures | null): FaceQualityCode[] {
  // No face in a very dark frame: the useful instruction is about the light, not the face.
  if (!faces.primary || !measures) return [regionStats(faces.gray, { x: 0, y: 0, width: faces.gray.width, height: faces.gray.height }).mean < qualityThresholds.minFaceLuma ? 'too-dark' : 'no-face'];
  const t = qualityThresholds;
  const codes: FaceQualityCode[] = [];
  if (measures.faces > 1) codes.push('multiple-faces');
  if (measures.faceWidth < t.minFaceWidth) codes.push('face-too-small');
  if (measures.faceLuma < t.backlitRatio * measures.surroundLuma && measures.surroundLuma >= t.backlitSurround) codes.push('backlit');
  else if (measures.faceLuma < t.minFaceLuma) codes.push('too-dark');
  if (Math.abs(measures.yaw) > t.maxAbsYaw || Math.abs(measures.pitch) > t.maxAbsPitch) codes.push('head-turned');
  const colour = measures.mouthColourRatio;
  const covered =
    measures.mouthContrast < t.minMouthContrast ||
    (colour !== null && (colour < t.minMouthColourRatio || (colour < t.coveredMouthColourRatio && measures.mouthContrast < t.coveredMouthContrast)));
  if (covered) codes.push('face-covered');
  if (measures.sharpness < t.minSharpness) codes.push('too-blurred');
  if (measures.eyeOpenness < t.minEyeOpenness) codes.push('eyes-closed');
  return codes;
}

/**
 * Sharpness of the eye band (always visible, rich in edges, even above a mask), resampled to 24 px
 * between the eyes: Laplacian variance over the band's contrast. At that scale a soft but usable
 * photo still has edges, sensor noise is averaged away, and real defocus or motion blur does not.
 */
function eyeSharpness(gray: GrayImage, landmarks: Landmarks68): number {
  const [a, b] = eyeCentres(landmarks);
  const iod = Math.hypot(b.x - a.x, b.y - a.y);
  if (iod < 2) return 0;
  const target = 24;
  const width = 2 * target;
  const height = Math.round(0.8 * target);
  const scale = iod / target;
  const source = scale > 1.5 ? boxBlurGray(gray, Math.floor(scale / 2)) : gray;
  const c = centroid([a, b]);
  const cos = ((b.x - a.x) / iod) * scale;
  const sin = ((b.y - a.y) / iod) * scale;
  const band = warpGray(source, { a: cos, b: -sin, c: c.x - cos * (width / 2) + sin * (height / 2), d: sin, e: cos, f: c.y - sin * (width / 2) - cos * (height / 2) }, width, height);
  const all: Rect = { x: 0, y: 0, width, height };
  const contrast = regionStats(band, all).std;
  return laplacianVariance(band, all) / (contrast * contrast + 25);
}

/** Eyes to mouth, between the cheeks: the part of the face whose exposure matters. */
function innerFace(landmarks: Landmarks68): Rect {
  const [a, b] = eyeCentres(landmarks);
  const mouth = mouthCentre(landmarks);
  const left = at(landmarks, 3).x;
  const right = at(landmarks, 13).x;
  const top = Math.min(a.y, b.y);
  return { x: left, y: top, width: right - left, height: mouth.y - top };
}

/** Mean grey level beside and above the head, where a window behind the patient would be. */
function surroundLuma(gray: GrayImage, landmarks: Landmarks68): number {
  const width = faceWidth(landmarks);
  const c = centroid(eyeCentres(landmarks));
  const boxes: Rect[] = [
    { x: c.x - 1.5 * width, y: c.y - 0.4 * width, width: 0.5 * width, height: 0.7 * width },
    { x: c.x + 1.0 * width, y: c.y - 0.4 * width, width: 0.5 * width, height: 0.7 * width },
    { x: c.x - 0.5 * width, y: c.y - 1.6 * width, width: width, height: 0.4 * width },
  ];
  const means = boxes.map((box) => regionStats(gray, box)).filter((s) => s.pixels > 0).map((s) => s.mean);
  if (means.length === 0) return 0;
  return means.sort((x, y) => x - y)[Math.floor(means.length / 2)]!;
}
