import { regionStats } from '../image/measure';
import type { GrayImage } from '../image/raster';
import { sampleGray } from '../image/warp';
import type { Landmarks68 } from './landmarks68';
import { at, eyeCentres } from './landmarks68';

/**
 * How visible the mouth is: the depth of the darkest row (the lip line) in the vertical profile from
 * under the nose to above the chin, relative to the contrast of the eye region. A mask has no lip line
 * (measured on the benchmark: masks 0.06–0.5, uncovered faces 0.26–1.6, mostly above 0.4). The
 * landmarks still give the mouth's place under a mask: the landmark net guesses it from the face shape.
 */
export function mouthContrast(gray: GrayImage, landmarks: Landmarks68): number {
  const left = at(landmarks, 48);
  const right = at(landmarks, 54);
  const noseBottom = at(landmarks, 33);
  const chin = at(landmarks, 8);
  const width = right.x - left.x;
  const height = chin.y - noseBottom.y;
  if (width <= 2 || height <= 2) return 0;
  const steps = 20;
  const samples = 10;
  const profile: number[] = [];
  for (let k = 0; k < steps; k++) {
    const y = noseBottom.y + height * (0.2 + (0.65 * k) / (steps - 1));
    let sum = 0;
    for (let j = 0; j < samples; j++) sum += sampleGray(gray, left.x + width * (0.25 + (0.5 * j) / (samples - 1)), y);
    profile.push(sum / samples);
  }
  const sorted = [...profile].sort((a, b) => a - b);
  const [a, b] = eyeCentres(landmarks);
  const iod = Math.hypot(b.x - a.x, b.y - a.y);
  const eyes = regionStats(gray, { x: a.x - 0.4 * iod, y: Math.min(a.y, b.y) - 0.25 * iod, width: 1.8 * iod, height: 0.5 * iod });
  return (sorted[Math.floor(steps / 2)]! - sorted[0]!) / (eyes.std + 5);
}
