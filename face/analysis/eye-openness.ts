import type { GrayImage } from '../image/raster';
import { sampleGray } from '../image/warp';
import type { Landmarks68, Point } from './landmarks68';
import { at, centroid, distance } from './landmarks68';

const eyes = [
  [36, 37, 38, 39, 40, 41],
  [42, 43, 44, 45, 46, 47],
] as const;

const columns = 24;
const rows = 24;

/**
 * How open the eyes look, from the pixels rather than the landmarks: the height of the dark band
 * (iris, pupil, lashes) through the middle of each eye, as a share of the eye's width, averaged over
 * both eyes. An open eye gives ~0.25–0.45, a closed lid only its lash line (< ~0.15).
 *
 * Why not only the eye aspect ratio of the landmarks: face-api's landmark net keeps drawing an open
 * eye contour over closed lids (measured on the synthetic closures: EAR 0.24–0.30 closed vs 0.28–0.33
 * open), so it cannot see a blink.
 */
export function eyeOpenness(image: GrayImage, landmarks: Landmarks68): number {
  let sum = 0;
  for (const indices of eyes) sum += openness(image, indices.map((i) => at(landmarks, i)));
  return sum / eyes.length;
}

function openness(image: GrayImage, points: readonly Point[]): number {
  const inner = points[0]!;
  const outer = points[3]!;
  const centre = centroid(points);
  const width = distance(inner, outer);
  if (width < 3) return 0;
  const ux = (outer.x - inner.x) / width;
  const uy = (outer.y - inner.y) / width;
  // Sample the eye in its own frame: u along the eye, v across it (down), both in eye widths.
  const at = (u: number, v: number) => sampleGray(image, centre.x + (u * ux - v * uy) * width, centre.y + (u * uy + v * ux) * width);
  const skin: number[] = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 4; j++) skin.push(at(-0.35 + (0.7 * i) / 7, 0.55 + 0.1 * j));
  skin.sort((a, b) => a - b);
  const reference = skin[Math.floor(skin.length / 2)]!;
  const threshold = reference * 0.72;
  let darkRows = 0;
  for (let r = 0; r < rows; r++) {
    const v = -0.4 + (0.8 * (r + 0.5)) / rows;
    let dark = 0;
    for (let c = 0; c < columns; c++) {
      const u = -0.2 + (0.4 * (c + 0.5)) / columns;
      if (at(u, v) < threshold) dark++;
    }
    if (dark / columns > 0.4) darkRows++;
  }
  return (darkRows * 0.8) / rows;
}
