import type { GrayImage } from './raster';

/** Global histogram equalisation: the second look at a faded or hard card photo when the first finds no face. */
export function equalizeHistogram(image: GrayImage): GrayImage {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v]!++;
  const lut = new Uint8Array(256);
  let cumulative = 0;
  const total = image.data.length;
  let first = 0;
  while (first < 255 && histogram[first] === 0) first++;
  const base = histogram[first]!;
  for (let v = 0; v < 256; v++) {
    cumulative += histogram[v]!;
    lut[v] = total === base ? v : Math.round(((cumulative - base) / (total - base)) * 255);
  }
  return { width: image.width, height: image.height, data: image.data.map((v) => lut[Math.max(v, first)]!) };
}
