import type { GrayImage } from './raster';

/**
 * Maps an output pixel (u, v) to a source position: x = a·u + b·v + c, y = d·u + e·v + f.
 * Written output-to-source so that every output pixel is sampled exactly once.
 */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

/** Bilinear sample with edge replication, so crops that leave the image are padded, not black. */
export function sampleGray(image: GrayImage, x: number, y: number): number {
  const { width, height, data } = image;
  const cx = x < 0 ? 0 : x > width - 1 ? width - 1 : x;
  const cy = y < 0 ? 0 : y > height - 1 ? height - 1 : y;
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const fx = cx - x0;
  const fy = cy - y0;
  const top = data[y0 * width + x0]! * (1 - fx) + data[y0 * width + x1]! * fx;
  const bottom = data[y1 * width + x0]! * (1 - fx) + data[y1 * width + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

export function warpGray(image: GrayImage, transform: Affine, width: number, height: number): GrayImage {
  const out = new Uint8Array(width * height);
  const { a, b, c, d, e, f } = transform;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      // Pixel centres: sample at the centre of each output pixel.
      const uc = u + 0.5;
      const vc = v + 0.5;
      const value = sampleGray(image, a * uc + b * vc + c - 0.5, d * uc + e * vc + f - 0.5);
      out[v * width + u] = value + 0.5;
    }
  }
  return { width, height, data: out };
}

/** Box blur with the given radius (separable, edge-replicated); used before shrinking to avoid aliasing. */
export function boxBlurGray(image: GrayImage, radius: number): GrayImage {
  if (radius < 1) return image;
  const { width, height, data } = image;
  const span = 2 * radius + 1;
  const tmp = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += data[row + Math.min(width - 1, Math.max(0, x + k))]!;
      tmp[row + x] = sum / span;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) sum += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      out[y * width + x] = sum / span + 0.5;
    }
  }
  return { width, height, data: out };
}

/**
 * Crops the source rectangle (x, y, size w × h, any position, even outside the image) and scales it to
 * outWidth × outHeight; shrinking by more than 1.5× is pre-blurred.
 */
export function cropResizeGray(
  image: GrayImage,
  rect: { x: number; y: number; width: number; height: number },
  outWidth: number,
  outHeight: number,
): GrayImage {
  const shrink = Math.min(rect.width / outWidth, rect.height / outHeight);
  const source = shrink > 1.5 ? boxBlurGray(image, Math.floor(shrink / 2)) : image;
  return warpGray(
    source,
    { a: rect.width / outWidth, b: 0, c: rect.x, d: 0, e: rect.height / outHeight, f: rect.y },
    outWidth,
    outHeight,
  );
}
