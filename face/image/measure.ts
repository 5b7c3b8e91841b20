import type { GrayImage } from './raster';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of `rect` inside the image, in whole pixels; may be empty. */
export function clipRect(image: GrayImage, rect: Rect): Rect {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(image.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.ceil(rect.y + rect.height));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

export interface RegionStats {
  readonly mean: number;
  readonly std: number;
  readonly pixels: number;
}

export function regionStats(image: GrayImage, rect: Rect): RegionStats {
  const r = clipRect(image, rect);
  let sum = 0;
  let sumSq = 0;
  for (let y = r.y; y < r.y + r.height; y++) {
    for (let x = r.x; x < r.x + r.width; x++) {
      const v = image.data[y * image.width + x]!;
      sum += v;
      sumSq += v * v;
    }
  }
  const pixels = r.width * r.height;
  if (pixels === 0) return { mean: 0, std: 0, pixels: 0 };
  const mean = sum / pixels;
  return { mean, std: Math.sqrt(Math.max(0, sumSq / pixels - mean * mean)), pixels };
}

/**
 * Variance of the 4-neighbour Laplacian inside `rect`: the usual sharpness measure. It depends on the
 * scale of the region, so callers resample the face to a fixed size first.
 */
export function laplacianVariance(image: GrayImage, rect: Rect): number {
  const r = clipRect(image, rect);
  const { width, data } = image;
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let y = Math.max(1, r.y); y < Math.min(image.height - 1, r.y + r.height); y++) {
    for (let x = Math.max(1, r.x); x < Math.min(width - 1, r.x + r.width); x++) {
      const i = y * width + x;
      const lap = data[i - 1]! + data[i + 1]! + data[i - width]! + data[i + width]! - 4 * data[i]!;
      sum += lap;
      sumSq += lap * lap;
      count++;
    }
  }
  if (count === 0) return 0;
  const mean = sum / count;
  return sumSq / count - mean * mean;
}

