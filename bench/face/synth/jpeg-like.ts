// What JPEG coding does to a camera frame, and how two decoders can differ on the same file, without a
// JPEG library: the lossy steps of baseline JPEG (JFIF YCbCr, 4:2:0 chroma subsampling, 8×8 DCT,
// quantisation with the standard tables scaled by quality) followed by one of two decoders that
// differ where real ones do — chroma upsampling (replicated samples vs. a smooth, "fancy" filter)
// and the rounding of the inverse DCT. Entropy coding is lossless and left out.
import type { RgbImage } from '../../../face/image/raster';

export type JpegDecoderKind = 'replicate' | 'smooth';

const luminanceTable = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24,
  35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const chrominanceTable = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/** The IJG quality scaling of a quantisation table. */
function scaled(table: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, quality));
  const factor = q < 50 ? 5000 / q : 200 - 2 * q;
  return table.map((v) => Math.min(255, Math.max(1, Math.floor((v * factor + 50) / 100))));
}

const cosines = Array.from({ length: 64 }, (_, i) => {
  const x = Math.floor(i / 8);
  const u = i % 8;
  return Math.cos(((2 * x + 1) * u * Math.PI) / 16) * (u === 0 ? Math.SQRT1_2 : 1);
});

/** Quantises and dequantises one plane in 8×8 blocks (edge blocks padded by replication). */
function codePlane(plane: Float32Array, width: number, height: number, table: readonly number[], rounding: 'round' | 'truncate'): Float32Array {
  const out = new Float32Array(width * height);
  const block = new Float32Array(64);
  const coefficients = new Float32Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) block[y * 8 + x] = plane[Math.min(height - 1, by + y) * width + Math.min(width - 1, bx + x)]! - 128;
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let sum = 0;
          for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += block[y * 8 + x]! * cosines[x * 8 + u]! * cosines[y * 8 + v]!;
          const q = table[v * 8 + u]!;
          coefficients[v * 8 + u] = Math.round(sum / 4 / q) * q;
        }
      }
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          if (by + y >= height || bx + x >= width) continue;
          let sum = 0;
          for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) sum += coefficients[v * 8 + u]! * cosines[x * 8 + u]! * cosines[y * 8 + v]!;
          const value = sum / 4 + 128;
          out[(by + y) * width + bx + x] = rounding === 'round' ? Math.round(value) : Math.floor(value);
        }
      }
    }
  }
  return out;
}

/** A frame as a decoder of the given kind would show it after JPEG coding at `quality` (IJG scale). */
export function jpegRoundTrip(image: RgbImage, quality: number, decoder: JpegDecoderKind): RgbImage {
  const { width, height, data } = image;
  const luma = new Float32Array(width * height);
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const cb = new Float32Array(cw * ch);
  const cr = new Float32Array(cw * ch);
  for (let i = 0; i < width * height; i++) {
    const r = data[i * 3]!;
    const g = data[i * 3 + 1]!;
    const b = data[i * 3 + 2]!;
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  // 4:2:0: each chroma sample is the mean of a 2×2 block.
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let sb = 0;
      let sr = 0;
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const px = Math.min(width - 1, 2 * x + dx);
          const py = Math.min(height - 1, 2 * y + dy);
          const i = (py * width + px) * 3;
          const r = data[i]!;
          const g = data[i + 1]!;
          const b = data[i + 2]!;
          sb += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
          sr += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
          n++;
        }
      }
      cb[y * cw + x] = sb / n;
      cr[y * cw + x] = sr / n;
    }
  }
  const rounding = decoder === 'smooth' ? 'round' : 'truncate';
  const codedLuma = codePlane(luma, width, height, scaled(luminanceTable, quality), rounding);
  const codedCb = codePlane(cb, cw, ch, scaled(chrominanceTable, quality), rounding);
  const codedCr = codePlane(cr, cw, ch, scaled(chrominanceTable, quality), rounding);
  const chroma = (plane: Float32Array, x: number, y: number): number => {
    if (decoder === 'replicate') return plane[Math.min(ch - 1, y >> 1) * cw + Math.min(cw - 1, x >> 1)]!;
    // Smooth: bilinear between chroma sample centres (at 2x + 0.5 in luma pixels).
    const sx = Math.min(cw - 1, Math.max(0, (x - 0.5) / 2));
    const sy = Math.min(ch - 1, Math.max(0, (y - 0.5) / 2));
    const x0 = Math.floor(sx);
    const y0 = Math.floor(sy);
    const x1 = Math.min(cw - 1, x0 + 1);
    const y1 = Math.min(ch - 1, y0 + 1);
    const fx = sx - x0;
    const fy = sy - y0;
    return (plane[y0 * cw + x0]! * (1 - fx) + plane[y0 * cw + x1]! * fx) * (1 - fy) + (plane[y1 * cw + x0]! * (1 - fx) + plane[y1 * cw + x1]! * fx) * fy;
  };
  const out = new Uint8Array(width * height * 3);
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const l = codedLuma[i]!;
      const b = chroma(codedCb, x, y) - 128;
      const r = chroma(codedCr, x, y) - 128;
      out[i * 3] = clamp(l + 1.402 * r);
      out[i * 3 + 1] = clamp(l - 0.344136 * b - 0.714136 * r);
      out[i * 3 + 2] = clamp(l + 1.772 * b);
    }
  }
  return { width, height, data: out };
}
