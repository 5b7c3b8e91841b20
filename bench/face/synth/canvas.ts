// A float RGB image for building synthetic camera frames: values 0–255, 3 per pixel, row-major.
import type { GrayImage, RgbImage } from '../../../face/image/raster';
import type { Prng } from './prng';

export interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function canvasOf(width: number, height: number, colour: readonly [number, number, number] = [0, 0, 0]): Canvas {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(colour, i * 3);
  return { width, height, data };
}

export function canvasFromRgb(image: RgbImage): Canvas {
  return { width: image.width, height: image.height, data: Float32Array.from(image.data) };
}

export function canvasFromGray(image: GrayImage): Canvas {
  const data = new Float32Array(image.width * image.height * 3);
  for (let i = 0; i < image.data.length; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = image.data[i]!;
  return { width: image.width, height: image.height, data };
}

export function cloneCanvas(canvas: Canvas): Canvas {
  return { width: canvas.width, height: canvas.height, data: canvas.data.slice() };
}

export function toRgb(canvas: Canvas): RgbImage {
  const out = new Uint8Array(canvas.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(canvas.data[i]!)));
  return { width: canvas.width, height: canvas.height, data: out };
}

export function toGray(canvas: Canvas): GrayImage {
  const out = new Uint8Array(canvas.width * canvas.height);
  const d = canvas.data;
  for (let i = 0; i < out.length; i++) {
    const v = 0.299 * d[3 * i]! + 0.587 * d[3 * i + 1]! + 0.114 * d[3 * i + 2]!;
    out[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  return { width: canvas.width, height: canvas.height, data: out };
}

/** Bilinear sample with edge clamping into `out` (3 values). */
export function sampleInto(canvas: Canvas, x: number, y: number, out: Float32Array): void {
  const { width, height, data } = canvas;
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  for (let c = 0; c < 3; c++) {
    const top = data[(y0 * width + x0) * 3 + c]! * (1 - fx) + data[(y0 * width + x1) * 3 + c]! * fx;
    const bottom = data[(y1 * width + x0) * 3 + c]! * (1 - fx) + data[(y1 * width + x1) * 3 + c]! * fx;
    out[c] = top * (1 - fy) + bottom * fy;
  }
}

/**
 * Backward warp: for each output pixel, `map` gives the source position and an opacity (0–1); the
 * result is drawn over `under` (or black).
 */
export function warpCanvas(
  source: Canvas,
  width: number,
  height: number,
  map: (x: number, y: number) => { x: number; y: number; alpha: number } | null,
  under?: Canvas,
): Canvas {
  const out = under ? cloneCanvas(under) : canvasOf(width, height);
  const px = new Float32Array(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const m = map(x + 0.5, y + 0.5);
      if (!m || m.alpha <= 0) continue;
      sampleInto(source, m.x - 0.5, m.y - 0.5, px);
      const i = (y * width + x) * 3;
      const a = Math.min(1, m.alpha);
      for (let c = 0; c < 3; c++) out.data[i + c] = out.data[i + c]! * (1 - a) + px[c]! * a;
    }
  }
  return out;
}

export function gaussianBlur(canvas: Canvas, sigma: number): Canvas {
  if (sigma <= 0.05) return canvas;
  const radius = Math.ceil(sigma * 3);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  const { width, height } = canvas;
  const pass = (src: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let k = -radius; k <= radius; k++) {
          const sx = horizontal ? Math.min(width - 1, Math.max(0, x + k)) : x;
          const sy = horizontal ? y : Math.min(height - 1, Math.max(0, y + k));
          const w = kernel[k + radius]!;
          const j = (sy * width + sx) * 3;
          r += src[j]! * w;
          g += src[j + 1]! * w;
          b += src[j + 2]! * w;
        }
        const i = (y * width + x) * 3;
        out[i] = r;
        out[i + 1] = g;
        out[i + 2] = b;
      }
    }
    return out;
  };
  return { width, height, data: pass(pass(canvas.data, true), false) };
}

/** Sensor noise: independent gaussian per channel (both Box–Muller outputs are used). */
export function addNoise(canvas: Canvas, prng: Prng, sigma: number): Canvas {
  const data = canvas.data.slice();
  for (let i = 0; i < data.length; i += 2) {
    const u = Math.max(prng.next(), 1e-12);
    const v = 2 * Math.PI * prng.next();
    const r = Math.sqrt(-2 * Math.log(u)) * sigma;
    data[i]! += r * Math.cos(v);
    if (i + 1 < data.length) data[i + 1]! += r * Math.sin(v);
  }
  return { ...canvas, data };
}

/** Bilinear resize (for smooth content such as backgrounds, which are drawn small and scaled up). */
export function resizeCanvas(canvas: Canvas, width: number, height: number): Canvas {
  const sx = canvas.width / width;
  const sy = canvas.height / height;
  return warpCanvas(canvas, width, height, (x, y) => ({ x: x * sx, y: y * sy, alpha: 1 }));
}

export interface Photometric {
  /** Multiplies all channels (exposure). */
  readonly gain?: number;
  /** Applied to normalised values after gain (>1 darkens mid-tones). */
  readonly gamma?: number;
  /** Per-channel multipliers (white balance). */
  readonly tint?: readonly [number, number, number];
  /** Added after everything (lifted blacks, haze). */
  readonly offset?: number;
}

export function adjust(canvas: Canvas, p: Photometric): Canvas {
  const gain = p.gain ?? 1;
  const gamma = p.gamma ?? 1;
  const tint = p.tint ?? [1, 1, 1];
  const offset = p.offset ?? 0;
  const data = new Float32Array(canvas.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Math.max(0, (canvas.data[i]! * gain * tint[i % 3]!) / 255);
    data[i] = Math.min(255, 255 * Math.pow(Math.min(1, v), gamma) + offset);
  }
  return { ...canvas, data };
}

/** Multiplies each pixel by `factor(x, y)`: uneven light such as a lamp at one side. */
export function shade(canvas: Canvas, factor: (x: number, y: number) => number): Canvas {
  const data = canvas.data.slice();
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const f = factor(x, y);
      const i = (y * canvas.width + x) * 3;
      data[i] = Math.min(255, data[i]! * f);
      data[i + 1] = Math.min(255, data[i + 1]! * f);
      data[i + 2] = Math.min(255, data[i + 2]! * f);
    }
  }
  return { ...canvas, data };
}

/** Paints `colour` with a per-pixel opacity from `coverage(x, y)` (0–1), over the given bounding box. */
export function paint(
  canvas: Canvas,
  box: { x0: number; y0: number; x1: number; y1: number },
  coverage: (x: number, y: number) => number,
  colour: (x: number, y: number) => readonly [number, number, number],
): Canvas {
  const data = canvas.data.slice();
  for (let y = Math.max(0, Math.floor(box.y0)); y < Math.min(canvas.height, Math.ceil(box.y1)); y++) {
    for (let x = Math.max(0, Math.floor(box.x0)); x < Math.min(canvas.width, Math.ceil(box.x1)); x++) {
      const a = coverage(x + 0.5, y + 0.5);
      if (a <= 0) continue;
      const c = colour(x + 0.5, y + 0.5);
      const i = (y * canvas.width + x) * 3;
      for (let k = 0; k < 3; k++) data[i + k] = data[i + k]! * (1 - a) + c[k]! * a;
    }
  }
  return { ...canvas, data };
}
