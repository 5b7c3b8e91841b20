// Landmark-guided synthetic changes to a face image (in the source image's pixels): closed eyes,
// glasses-like and mask-like occlusion. They imitate the look, not the physics.
import type { Landmarks68, Point } from '../../../face/analysis/landmarks68';
import { at, centroid, distance, faceWidth } from '../../../face/analysis/landmarks68';
import type { Canvas } from './canvas';
import { paint, sampleInto } from './canvas';
import { ellipseCoverage, lineCoverage, polygonCoverage, ringCoverage, union } from './shapes';

const eyes = [
  [36, 37, 38, 39, 40, 41],
  [42, 43, 44, 45, 46, 47],
] as const;

/**
 * Closes both eyes by `amount` (1 = shut, 0.5 = half): the eye is covered from the top by lid skin
 * copied from below the eye, with a dark lash line at the lid's edge.
 */
export function closeEyes(canvas: Canvas, landmarks: Landmarks68, amount: number): Canvas {
  let out = canvas;
  for (const indices of eyes) {
    const points = indices.map((i) => at(landmarks, i));
    const centre = centroid(points);
    const width = distance(points[0]!, points[3]!);
    const rx = width * 0.62;
    const ry = width * 0.42;
    const lidEdge = centre.y - ry + 2 * ry * amount; // the lid comes down from the top of the eye region
    const ellipse = ellipseCoverage(centre, rx, ry, 2);
    const source = out;
    const px = new Float32Array(3);
    const lid = (x: number, y: number): readonly [number, number, number] => {
      // Skin from under the eye, mirrored, slightly darker: an eyelid.
      sampleInto(source, x, centre.y + 0.95 * width - (y - centre.y) * 0.3, px);
      return [px[0]! * 0.93, px[1]! * 0.9, px[2]! * 0.9];
    };
    const box = { x0: centre.x - rx - 2, y0: centre.y - ry - 2, x1: centre.x + rx + 2, y1: centre.y + ry + 2 };
    out = paint(out, box, (x, y) => ellipse(x, y) * Math.max(0, Math.min(1, 0.5 + (lidEdge - y) / 1.5)), lid);
    // Lashes along the lid edge, thickest in the middle.
    const lash = (x: number, y: number) => {
      const t = (x - centre.x) / rx;
      if (Math.abs(t) > 0.95) return 0;
      const curve = lidEdge + ry * 0.25 * t * t * (amount > 0.75 ? -1 : 1);
      return Math.max(0, Math.min(1, 0.5 + (width * 0.05 * (1 - t * t) + 0.6 - Math.abs(y - curve))));
    };
    out = paint(out, box, lash, () => [35, 28, 26]);
  }
  return out;
}

/** Dark spectacle rims round both eyes, a bridge, temples to the ears and slightly tinted lenses. */
export function addGlasses(canvas: Canvas, landmarks: Landmarks68, tone: number): Canvas {
  const centres = eyes.map((indices) => centroid(indices.map((i) => at(landmarks, i)))) as [Point, Point];
  const eyeWidth = distance(at(landmarks, 36), at(landmarks, 39));
  const rx = eyeWidth * 0.95;
  const ry = eyeWidth * 0.68;
  const stroke = Math.max(2, eyeWidth * 0.14);
  const lensA = ellipseCoverage(centres[0], rx, ry, 1.5);
  const lensB = ellipseCoverage(centres[1], rx, ry, 1.5);
  const bounds = { x0: at(landmarks, 0).x - 4, y0: Math.min(centres[0].y, centres[1].y) - ry - 6, x1: at(landmarks, 16).x + 4, y1: Math.max(centres[0].y, centres[1].y) + ry + 6 };
  let out = paint(canvas, bounds, (x, y) => 0.18 * Math.max(lensA(x, y), lensB(x, y)), () => [tone * 0.6, tone * 0.6, tone * 0.7]);
  const frame = union(
    ringCoverage(centres[0], rx, ry, stroke),
    ringCoverage(centres[1], rx, ry, stroke),
    lineCoverage({ x: centres[0].x + rx * 0.9, y: centres[0].y - ry * 0.35 }, { x: centres[1].x - rx * 0.9, y: centres[1].y - ry * 0.35 }, stroke * 0.8),
    lineCoverage({ x: centres[0].x - rx, y: centres[0].y - ry * 0.2 }, { x: at(landmarks, 0).x, y: at(landmarks, 0).y - ry * 0.3 }, stroke * 0.8),
    lineCoverage({ x: centres[1].x + rx, y: centres[1].y - ry * 0.2 }, { x: at(landmarks, 16).x, y: at(landmarks, 16).y - ry * 0.3 }, stroke * 0.8),
  );
  out = paint(out, bounds, frame, () => [tone, tone * 0.95, tone * 0.9]);
  return out;
}

/**
 * A surgical-mask-like cover from the middle of the nose to under the chin and jaw to jaw, with
 * shading and pleats, and ear loops.
 */
export function addMask(canvas: Canvas, landmarks: Landmarks68, colour: readonly [number, number, number]): Canvas {
  const width = faceWidth(landmarks);
  const noseBridge = at(landmarks, 29);
  const chin = at(landmarks, 8);
  const drop = width * 0.08;
  const top = [1, 29, 15].map((i) => at(landmarks, i));
  const polygon: Point[] = [
    { x: at(landmarks, 1).x - width * 0.02, y: at(landmarks, 1).y },
    { x: noseBridge.x, y: noseBridge.y - width * 0.03 },
    { x: at(landmarks, 15).x + width * 0.02, y: at(landmarks, 15).y },
    ...[14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2].map((i) => {
      const p = at(landmarks, i);
      return { x: p.x, y: p.y + drop * (1 - Math.abs(i - 8) / 8) };
    }),
  ];
  const cover = polygonCoverage(polygon, 2);
  const yTop = Math.min(...top.map((p) => p.y));
  const yBottom = chin.y + drop;
  const box = { x0: at(landmarks, 0).x - 6, y0: yTop - 6, x1: at(landmarks, 16).x + 6, y1: yBottom + 6 };
  let out = paint(canvas, box, cover, (x, y) => {
    const t = (y - yTop) / Math.max(1, yBottom - yTop);
    const pleat = 1 - 0.07 * Math.max(0, Math.cos(t * Math.PI * 6)) ** 8;
    const side = 1 - 0.12 * Math.abs((x - noseBridge.x) / (width / 2)) ** 2;
    const f = pleat * side * (0.97 - 0.08 * t);
    return [colour[0] * f, colour[1] * f, colour[2] * f];
  });
  const loop = union(
    lineCoverage(polygon[0]!, at(landmarks, 0), 2),
    lineCoverage(polygon[polygon.length - 1]!, at(landmarks, 2), 2),
    lineCoverage(polygon[2]!, at(landmarks, 16), 2),
    lineCoverage(polygon[3]!, at(landmarks, 14), 2),
  );
  out = paint(out, box, loop, () => [colour[0] * 0.9, colour[1] * 0.9, colour[2] * 0.9]);
  return out;
}
