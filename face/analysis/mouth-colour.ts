import type { Rect } from '../image/measure';
import type { RgbImage } from '../image/raster';
import type { Landmarks68 } from './landmarks68';
import { at, eyeCentres } from './landmarks68';

/**
 * Colourfulness of the mouth area relative to the cheeks under the eyes: skin and lips are one
 * saturated family, while masks are white, grey, pale blue or black (near the neutral axis). Returns
 * null when the frame is grey or the regions are too dark to have a colour.
 */
export function mouthColourRatio(rgb: RgbImage | null, landmarks: Landmarks68): number | null {
  if (!rgb) return null;
  const [a, b] = eyeCentres(landmarks);
  const iod = Math.hypot(b.x - a.x, b.y - a.y);
  const noseBottom = at(landmarks, 33);
  const chin = at(landmarks, 8);
  const mouth: Rect = {
    x: at(landmarks, 48).x,
    y: noseBottom.y + 0.15 * (chin.y - noseBottom.y),
    width: at(landmarks, 54).x - at(landmarks, 48).x,
    height: 0.6 * (chin.y - noseBottom.y),
  };
  const cheeks: Rect[] = [a, b].map((eye) => ({ x: eye.x - 0.25 * iod, y: eye.y + 0.28 * iod, width: 0.5 * iod, height: 0.15 * iod }));
  const skin = saturation(rgb, cheeks);
  const lower = saturation(rgb, [mouth]);
  if (skin === null || lower === null || skin < 0.02) return null;
  return lower / skin;
}

/** Mean distance of the chromaticity (r, g) from grey, over pixels bright enough to have a colour. */
function saturation(rgb: RgbImage, regions: readonly Rect[]): number | null {
  let sum = 0;
  let count = 0;
  for (const region of regions) {
    const x0 = Math.max(0, Math.floor(region.x));
    const y0 = Math.max(0, Math.floor(region.y));
    const x1 = Math.min(rgb.width, Math.ceil(region.x + region.width));
    const y1 = Math.min(rgb.height, Math.ceil(region.y + region.height));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * rgb.width + x) * 3;
        const total = rgb.data[i]! + rgb.data[i + 1]! + rgb.data[i + 2]!;
        if (total < 90) continue;
        sum += Math.hypot(rgb.data[i]! / total - 1 / 3, rgb.data[i + 1]! / total - 1 / 3);
        count++;
      }
    }
  }
  return count < 10 ? null : sum / count;
}
