// Renders the benchmark's images from a source face and a documented, seeded specification.
import type { Point } from '../../../face/analysis/landmarks68';
import type { GrayImage } from '../../../face/image/raster';
import { grayFromRgb } from '../../../face/image/raster';
import { warpGray } from '../../../face/image/warp';
import type { Canvas, Photometric } from './canvas';
import { addNoise, adjust, canvasFromRgb, gaussianBlur, paint, shade } from './canvas';
import { headModel, turnHead } from './head-pose';
import { addGlasses, addMask, closeEyes } from './occlusions';
import type { Prng } from './prng';
import type { HeldPose } from './scene';
import { asPrint, frameHeight, frameWidth, placePerson, placeSheet, roomBackground } from './scene';
import type { SourceFace } from './source-faces';

export interface CardSpec {
  /** Share of the fixture crop kept (the card is framed a little tighter or looser). */
  readonly zoom: number;
  readonly shift: Point;
  readonly rotation: number;
  readonly gamma: number;
  readonly contrast: number;
  /** opj_compress -r: compression ratio (12 gives ~6.4 KB at 240×320). */
  readonly compressionRatio: number;
}

export const cardWidth = 240;
export const cardHeight = 320;

export function cardSpec(prng: Prng): CardSpec {
  return {
    zoom: prng.uniform(0.86, 0.97),
    shift: { x: prng.uniform(-0.03, 0.03), y: prng.uniform(-0.03, 0.03) },
    rotation: (prng.uniform(-1.5, 1.5) * Math.PI) / 180,
    gamma: prng.uniform(0.9, 1.12),
    contrast: prng.uniform(0.88, 1.08),
    compressionRatio: prng.int(10, 14),
  };
}

/** The card photo before JPEG 2000 coding: greyscale, 240×320, its own crop and tone. */
export function renderCardPhoto(source: SourceFace, spec: CardSpec): GrayImage {
  const gray = grayFromRgb(source.image);
  const w = source.image.width * spec.zoom;
  const h = source.image.height * spec.zoom;
  const cx = source.image.width / 2 + spec.shift.x * source.image.width;
  const cy = source.image.height / 2 + spec.shift.y * source.image.height;
  const s = w / cardWidth;
  const cos = Math.cos(spec.rotation) * s;
  const sin = Math.sin(spec.rotation) * s;
  const u0 = cardWidth / 2;
  const v0 = cardHeight / 2;
  const warped = warpGray(gray, { a: cos, b: -sin, c: cx - cos * u0 + sin * v0, d: sin, e: cos, f: cy - sin * u0 - cos * v0 }, cardWidth, Math.round(h / s));
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const t = Math.pow(v / 255, spec.gamma);
    lut[v] = Math.max(0, Math.min(255, Math.round(255 * (0.5 + (t - 0.5) * spec.contrast))));
  }
  return { width: warped.width, height: warped.height, data: warped.data.map((v) => lut[v]!) };
}

export interface LiveSpec {
  readonly faceWidthPx: number;
  readonly offset: Point;
  readonly roll: number;
  readonly yaw: number;
  readonly pitch: number;
  readonly face: Photometric;
  readonly sideLight: number;
  readonly window: 'none' | 'side' | 'behind';
  readonly blur: number;
  readonly noise: number;
  readonly glasses: boolean;
  readonly mask: readonly [number, number, number] | null;
  readonly eyeClosure: number;
}

/** A normal camera frame; variants override fields of this. */
export function baseLiveSpec(prng: Prng): LiveSpec {
  return {
    faceWidthPx: prng.uniform(150, 200),
    offset: { x: prng.uniform(-50, 50), y: prng.uniform(-40, 10) },
    roll: (prng.uniform(-3, 3) * Math.PI) / 180,
    yaw: (prng.uniform(-4, 4) * Math.PI) / 180,
    pitch: (prng.uniform(-3, 3) * Math.PI) / 180,
    face: { gain: prng.uniform(0.92, 1.08), gamma: prng.uniform(0.92, 1.08), tint: [prng.uniform(0.95, 1.05), 1, prng.uniform(0.92, 1.05)] },
    sideLight: 0,
    window: 'none',
    blur: prng.uniform(0.4, 0.8),
    noise: prng.uniform(2, 4),
    glasses: false,
    mask: null,
    eyeClosure: 0,
  };
}

/** The person as the camera sees them in one frame. */
export function renderLive(source: SourceFace, spec: LiveSpec, prng: Prng, background?: Canvas): Canvas {
  let person = canvasFromRgb(source.image);
  if (spec.eyeClosure > 0) person = closeEyes(person, source.landmarks, spec.eyeClosure);
  if (spec.glasses) person = addGlasses(person, source.landmarks, 28);
  if (spec.mask) person = addMask(person, source.landmarks, spec.mask);
  if (spec.yaw !== 0 || spec.pitch !== 0) person = turnHead(person, headModel(source.landmarks), spec.yaw, spec.pitch);
  person = adjust(person, spec.face);
  if (spec.sideLight > 0) {
    const left = source.anchor.x - source.faceWidth;
    const span = 2 * source.faceWidth;
    person = shade(person, (x) => 1 - spec.sideLight * Math.min(1, Math.max(0, (x - left) / span)));
  }
  if (spec.window === 'behind') person = brightBehindHead(person, source);
  const room = background ?? roomBackground(prng, { window: spec.window });
  const placed = placePerson(room, person, source.anchor, {
    scale: spec.faceWidthPx / source.faceWidth,
    rotation: spec.roll,
    at: { x: frameWidth / 2 + spec.offset.x, y: frameHeight / 2 + spec.offset.y },
  });
  return addNoise(gaussianBlur(placed, spec.blur), prng, spec.noise);
}

/** A printed photo (colour or the grey card photo) held up to the camera in the given pose. */
export function renderHeldPhoto(photo: Canvas, pose: HeldPose, background: Canvas, prng: Prng, noise = 3): Canvas {
  return addNoise(gaussianBlur(placeSheet(background, asPrint(photo), pose), 0.5), prng, noise);
}

/**
 * Backlight: a bright window fills the photo's own background around the head and shoulders (the
 * person stays as exposed as the variant made them), as when a patient stands in front of a window.
 */
function brightBehindHead(person: Canvas, source: SourceFace): Canvas {
  const fw = source.faceWidth;
  const cx = source.anchor.x;
  const cy = source.anchor.y - 0.3 * fw;
  const rx = 0.9 * fw;
  const ry = 1.2 * fw;
  const shoulders = source.anchor.y + 0.9 * fw;
  return paint(
    person,
    { x0: 0, y0: 0, x1: person.width, y1: person.height },
    (x, y) => {
      const outside = (Math.hypot((x - cx) / rx, (y - cy) / ry) - 1) * rx;
      const above = shoulders - y;
      return Math.max(0, Math.min(1, Math.min(outside, above) / 12)) * 0.92;
    },
    () => [250, 251, 253],
  );
}
