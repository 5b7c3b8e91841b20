// Camera-frame composition: a synthetic room, a person placed in it, or a photo held up to the camera.
import type { Point } from '../../../face/analysis/landmarks68';
import type { Canvas } from './canvas';
import { adjust, canvasOf, gaussianBlur, paint, resizeCanvas, warpCanvas } from './canvas';
import type { Prng } from './prng';

export const frameWidth = 640;
export const frameHeight = 480;

/**
 * A plain room behind the patient: a wall with a gradient, doors or shelves, optionally a bright
 * window. Drawn at a quarter of the frame size and scaled up: it is smooth, like an out-of-focus room.
 */
export function roomBackground(prng: Prng, options: { window?: 'none' | 'side' | 'behind' } = {}): Canvas {
  const w = frameWidth / 4;
  const h = frameHeight / 4;
  const wall: [number, number, number] = [prng.uniform(150, 215), prng.uniform(145, 210), prng.uniform(135, 205)];
  let canvas = canvasOf(w, h, wall);
  canvas = paint(canvas, { x0: 0, y0: 0, x1: w, y1: h }, () => 1, (x, y) => {
    const f = 0.85 + 0.25 * (1 - y / h) + 0.05 * Math.sin(x / 22);
    return [wall[0] * f, wall[1] * f, wall[2] * f];
  });
  for (let k = 0, n = prng.int(1, 3); k < n; k++) {
    const x0 = prng.uniform(0, w - 20);
    const width = prng.uniform(15, 50);
    const y0 = prng.uniform(0, h * 0.5);
    const shade = prng.uniform(0.55, 1.15);
    const tone: [number, number, number] = [wall[0] * shade, wall[1] * shade * prng.uniform(0.9, 1.05), wall[2] * shade * prng.uniform(0.85, 1.05)];
    canvas = paint(canvas, { x0, y0, x1: x0 + width, y1: h }, () => 1, () => tone);
  }
  const window = options.window ?? 'none';
  if (window !== 'none') {
    const x0 = window === 'behind' ? prng.uniform(10, 35) : prng.uniform(w * 0.7, w * 0.8);
    const x1 = window === 'behind' ? w - prng.uniform(10, 35) : w;
    canvas = paint(canvas, { x0, y0: 0, x1, y1: h * 0.85 }, () => 1, (x, y) => {
      const f = 0.96 + 0.04 * Math.sin((x + y) / 10);
      return [252 * f, 253 * f, 255 * f];
    });
  }
  return resizeCanvas(gaussianBlur(canvas, 0.6), frameWidth, frameHeight);
}

export interface Placement {
  /** Frame pixels per source pixel. */
  readonly scale: number;
  /** In-plane rotation, radians, clockwise in the image. */
  readonly rotation: number;
  /** Where the source's anchor point goes in the frame. */
  readonly at: Point;
}

/**
 * Places a photo of a person (the fixture crop, head and shoulders) into the frame. The crop's edges
 * are feathered into the room; below the crop the body continues (the last row is repeated).
 */
export function placePerson(background: Canvas, person: Canvas, anchor: Point, placement: Placement, feather = 18): Canvas {
  const cos = Math.cos(placement.rotation);
  const sin = Math.sin(placement.rotation);
  return warpCanvas(
    person,
    background.width,
    background.height,
    (x, y) => {
      const dx = (x - placement.at.x) / placement.scale;
      const dy = (y - placement.at.y) / placement.scale;
      const sx = anchor.x + dx * cos + dy * sin;
      const sy = anchor.y - dx * sin + dy * cos;
      if (sx < 0 || sx > person.width || sy < 0) return null;
      const edge = Math.min(sx, person.width - sx, sy);
      return { x: sx, y: Math.min(sy, person.height - 1), alpha: Math.min(1, (edge * placement.scale) / feather) };
    },
    background,
  );
}

/** How a printed photo looks: a white paper margin, lower contrast, slightly soft. */
export function asPrint(photo: Canvas, marginFraction = 0.08): Canvas {
  const margin = Math.round(photo.width * marginFraction);
  const width = photo.width + 2 * margin;
  const height = photo.height + 2 * margin;
  const paper = canvasOf(width, height, [238, 236, 230]);
  const printed = adjust(photo, { gain: 0.88, offset: 14 });
  const sheet = warpCanvas(printed, width, height, (x, y) => {
    const sx = x - margin;
    const sy = y - margin;
    return sx < 0 || sy < 0 || sx > photo.width || sy > photo.height ? null : { x: sx, y: sy, alpha: 1 };
  }, paper);
  return gaussianBlur(sheet, 0.7);
}

export interface HeldPose {
  /** Where the sheet's centre appears in the frame. */
  readonly centre: Point;
  /** Frame pixels per sheet pixel when facing the camera. */
  readonly scale: number;
  /** In-plane rotation (radians). */
  readonly rotation: number;
  /** Rotation of the sheet about its vertical axis (radians): a photo tilted to fake a head turn. */
  readonly tilt: number;
}

/**
 * A flat sheet held in front of the camera, seen in perspective (a pinhole camera with focal length
 * 900 px, the sheet 900 px away): every point of the picture moves by one homography.
 */
export function placeSheet(background: Canvas, sheet: Canvas, pose: HeldPose): Canvas {
  const focal = 900;
  const cos = Math.cos(pose.tilt);
  const sin = Math.sin(pose.tilt);
  const rc = Math.cos(pose.rotation);
  const rs = Math.sin(pose.rotation);
  return warpCanvas(
    sheet,
    background.width,
    background.height,
    (x, y) => {
      // Undo the in-plane rotation about the sheet centre, then intersect the ray with the tilted sheet.
      const fx = x - pose.centre.x;
      const fy = y - pose.centre.y;
      const a = (fx * rc + fy * rs) / focal;
      const b = (-fx * rs + fy * rc) / focal;
      const denominator = pose.scale * (cos - a * sin);
      if (denominator <= 1e-6) return null;
      const u = (a * focal) / denominator;
      const depth = focal + u * pose.scale * sin;
      const v = (b * depth) / pose.scale;
      const sx = u + sheet.width / 2;
      const sy = v + sheet.height / 2;
      if (sx < 0 || sy < 0 || sx > sheet.width || sy > sheet.height) return null;
      return { x: sx, y: sy, alpha: Math.min(1, Math.min(sx, sy, sheet.width - sx, sheet.height - sy) * pose.scale) };
    },
    background,
  );
}
