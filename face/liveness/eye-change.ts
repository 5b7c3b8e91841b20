import type { EyeBand } from '../analysis/eye-band';
import { eyeBandGeometry } from '../analysis/eye-band';

/**
 * How much the eyes changed between two frames, beyond what moving the picture explains: the second
 * eye band is re-aligned on the first (the shift, up to ±2 samples in half steps, and the brightness
 * gain and offset that best fit the band), then the remaining difference is measured inside the eyes
 * and around them (brows, between the eyes, upper cheeks), both relative to the first frame's eye
 * contrast.
 *
 * A flat picture moved, zoomed or turned in the image plane shows the same band again: after the
 * re-alignment only noise and resampling remain, in the eyes as around them. Eyelids that close
 * change the eyes and leave the rest alone. Landmark jitter is what the re-alignment absorbs.
 */
export interface EyeChange {
  /** Mean absolute difference inside the two eye areas, in units of the reference eyes' contrast. */
  readonly eyes: number;
  /** The same around the eyes. */
  readonly rest: number;
}

const maxShift = 2;
const shiftStep = 0.5;
/** Samples at the band's edge that a shift could pull in from outside; never compared. */
const border = 3;
/** Half-size of each eye area in eye distances (across the eye, and up and down). */
const eyeHalfWidth = 0.3;
const eyeHalfHeight = 0.16;

/** Which samples of a band lie in the eye areas (true) or around them (false); null outside the compared window. */
function regions(columns: number, rows: number): Array<boolean | null> {
  const { halfWidth, top, bottom } = eyeBandGeometry;
  const out: Array<boolean | null> = [];
  for (let r = 0; r < rows; r++) {
    const v = top + ((bottom - top) * (r + 0.5)) / rows;
    for (let c = 0; c < columns; c++) {
      if (r < border || r >= rows - border || c < border || c >= columns - border) {
        out.push(null);
        continue;
      }
      const u = -halfWidth + ((2 * halfWidth) * (c + 0.5)) / columns;
      out.push(Math.abs(v) <= eyeHalfHeight && Math.abs(Math.abs(u) - 0.5) <= eyeHalfWidth);
    }
  }
  return out;
}

export function eyeChange(reference: EyeBand, frame: EyeBand): EyeChange {
  const { columns, rows } = reference;
  if (frame.columns !== columns || frame.rows !== rows) throw new RangeError('eye bands of different sizes');
  const inEye = regions(columns, rows);
  const ref = reference.values;
  let eyeSum = 0;
  let eyeSquares = 0;
  let eyeCount = 0;
  for (let i = 0; i < inEye.length; i++) {
    if (inEye[i] !== true) continue;
    eyeSum += ref[i]!;
    eyeSquares += ref[i]! ** 2;
    eyeCount++;
  }
  const eyeMean = eyeSum / eyeCount;
  const contrast = Math.sqrt(Math.max(0, eyeSquares / eyeCount - eyeMean * eyeMean)) + 5;
  const moved = new Float32Array(ref.length);
  let best: EyeChange & { total: number } = { eyes: Infinity, rest: Infinity, total: Infinity };
  for (let dy = -maxShift; dy <= maxShift; dy += shiftStep) {
    for (let dx = -maxShift; dx <= maxShift; dx += shiftStep) {
      // The frame's band shifted by (dx, dy), then the brightness fit on the samples around the eyes.
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let sxy = 0;
      let n = 0;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < columns; c++) {
          const i = r * columns + c;
          if (inEye[i] === null) continue;
          const value = bilinear(frame, c + dx, r + dy);
          moved[i] = value;
          if (inEye[i] === false) {
            sx += value;
            sy += ref[i]!;
            sxx += value * value;
            sxy += value * ref[i]!;
            n++;
          }
        }
      }
      const variance = sxx - (sx * sx) / n;
      const gain = variance > 1e-6 ? (sxy - (sx * sy) / n) / variance : 1;
      const offset = (sy - gain * sx) / n;
      let eyes = 0;
      let rest = 0;
      for (let i = 0; i < ref.length; i++) {
        if (inEye[i] === null) continue;
        const difference = Math.abs(gain * moved[i]! + offset - ref[i]!);
        if (inEye[i]) eyes += difference;
        else rest += difference;
      }
      const total = (eyes + rest) / (eyeCount + n);
      if (total < best.total) best = { eyes: eyes / eyeCount / contrast, rest: rest / n / contrast, total };
    }
  }
  return { eyes: best.eyes, rest: best.rest };
}

function bilinear(band: EyeBand, x: number, y: number): number {
  const cx = Math.min(band.columns - 1, Math.max(0, x));
  const cy = Math.min(band.rows - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(band.columns - 1, x0 + 1);
  const y1 = Math.min(band.rows - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const v = band.values;
  const w = band.columns;
  return (v[y0 * w + x0]! * (1 - fx) + v[y0 * w + x1]! * fx) * (1 - fy) + (v[y1 * w + x0]! * (1 - fx) + v[y1 * w + x1]! * fx) * fy;
}
