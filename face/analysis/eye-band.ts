import type { GrayImage } from '../image/raster';
import { sampleGray } from '../image/warp';
import type { Landmarks68 } from './landmarks68';
import { eyeCentres } from './landmarks68';

/**
 * A coarse grey sample of the band across both eyes, brows to upper cheeks, in the face's own frame:
 * x along the line between the eye centres, y across it, both in units of the distance between the
 * eyes (origin midway between them). It is what the blink check compares between frames: a flat
 * picture moved, turned or zoomed shows the same band in every frame (up to a small shift); eyelids
 * that close change the eyes and nothing around them.
 *
 * Small on purpose (eyeBandColumns × eyeBandRows values, ~2.5 camera pixels per sample at a normal
 * distance): enough to see an eye close, too coarse to recognise anyone by. It lives as long as the
 * frame's analysis and is wiped with it.
 */
export interface EyeBand {
  readonly columns: number;
  readonly rows: number;
  /** Row-major grey values, 0–255. */
  readonly values: Float32Array;
}

export const eyeBandColumns = 52;
export const eyeBandRows = 24;
/** The band's extent in eye distances: x from −halfWidth to +halfWidth, y from top to bottom. */
export const eyeBandGeometry = { halfWidth: 1.04, top: -0.56, bottom: 0.4 } as const;

export function sampleEyeBand(image: GrayImage, landmarks: Landmarks68): EyeBand | null {
  const [a, b] = eyeCentres(landmarks);
  const iod = Math.hypot(b.x - a.x, b.y - a.y);
  if (iod < 8) return null;
  const ux = (b.x - a.x) / iod;
  const uy = (b.y - a.y) / iod;
  const cx = (a.x + b.x) / 2;
  const cy = (a.y + b.y) / 2;
  const { halfWidth, top, bottom } = eyeBandGeometry;
  const step = (2 * halfWidth) / eyeBandColumns;
  const values = new Float32Array(eyeBandColumns * eyeBandRows);
  // Each value averages a 2×2 grid inside its cell, so the sample does not alias on a large face.
  const offsets = [-0.25, 0.25];
  for (let r = 0; r < eyeBandRows; r++) {
    const v = top + ((bottom - top) * (r + 0.5)) / eyeBandRows;
    for (let c = 0; c < eyeBandColumns; c++) {
      const u = -halfWidth + step * (c + 0.5);
      let sum = 0;
      for (const du of offsets) {
        for (const dv of offsets) {
          const uu = (u + du * step) * iod;
          const vv = (v + dv * step) * iod;
          sum += sampleGray(image, cx + uu * ux - vv * uy, cy + uu * uy + vv * ux);
        }
      }
      values[r * eyeBandColumns + c] = sum / 4;
    }
  }
  return { columns: eyeBandColumns, rows: eyeBandRows, values };
}
