import { inflateSync } from 'node:zlib';
import { FaceError } from '../errors';
import type { GrayImage, RgbImage } from './raster';

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && signature.every((b, i) => bytes[i] === b);
}

export type DecodedPng = { kind: 'gray'; image: GrayImage } | { kind: 'rgb'; image: RgbImage };

/**
 * Decodes a non-interlaced PNG (grey, grey+alpha, RGB, RGBA or palette; 8 or 16 bits) into 8-bit grey
 * or RGB. Alpha is dropped: camera frames and photos are opaque.
 */
export function decodePng(bytes: Uint8Array, name = 'PNG'): DecodedPng {
  if (!isPng(bytes)) throw new FaceError('image-decode-failed', `${name}: not a PNG file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (data.length !== length) throw new FaceError('image-decode-failed', `${name}: chunk ${type} is truncated`);
    if (type === 'IHDR') {
      header = {
        width: view.getUint32(offset + 8),
        height: view.getUint32(offset + 12),
        depth: data[8]!,
        colour: data[9]!,
        interlace: data[12]!,
      };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header || idat.length === 0) throw new FaceError('image-decode-failed', `${name}: no IHDR or IDAT chunk`);
  const { width, height, depth, colour, interlace } = header;
  const samplesPerPixel = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colour];
  if (samplesPerPixel === undefined || interlace !== 0 || (depth !== 8 && depth !== 16) || (colour === 3 && depth !== 8)) {
    throw new FaceError('image-decode-failed', `${name}: unsupported PNG (colour type ${colour}, depth ${depth}, interlace ${interlace})`);
  }
  if (width === 0 || height === 0 || width * height > 64_000_000) throw new FaceError('image-decode-failed', `${name}: bad size ${width}×${height}`);
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (error) {
    throw new FaceError('image-decode-failed', `${name}: corrupt image data`, { cause: error });
  }
  const bytesPerPixel = (samplesPerPixel * depth) / 8;
  const stride = width * bytesPerPixel;
  if (raw.length < height * (stride + 1)) throw new FaceError('image-decode-failed', `${name}: image data is short`);
  const pixels = unfilter(raw, width, height, bytesPerPixel);

  const sampleAt = depth === 8 ? (i: number) => pixels[i]! : (i: number) => pixels[i * 2]!; // 16-bit: high byte
  const count = width * height;
  if (colour === 0 || colour === 4) {
    const out = new Uint8Array(count);
    for (let p = 0; p < count; p++) out[p] = sampleAt(p * samplesPerPixel);
    return { kind: 'gray', image: { width, height, data: out } };
  }
  const out = new Uint8Array(count * 3);
  if (colour === 3) {
    if (!palette) throw new FaceError('image-decode-failed', `${name}: palette image without PLTE`);
    for (let p = 0; p < count; p++) {
      const index = pixels[p]! * 3;
      out[3 * p] = palette[index] ?? 0;
      out[3 * p + 1] = palette[index + 1] ?? 0;
      out[3 * p + 2] = palette[index + 2] ?? 0;
    }
  } else {
    for (let p = 0; p < count; p++) {
      out[3 * p] = sampleAt(p * samplesPerPixel);
      out[3 * p + 1] = sampleAt(p * samplesPerPixel + 1);
      out[3 * p + 2] = sampleAt(p * samplesPerPixel + 2);
    }
  }
  return { kind: 'rgb', image: { width, height, data: out } };
}

/** Reverses the per-row PNG filters (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Uint8Array, width: number, height: number, bytesPerPixel: number): Uint8Array {
  const stride = Math.ceil(width * bytesPerPixel);
  const step = Math.max(1, Math.floor(bytesPerPixel));
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x]!;
      const left = x >= step ? out[row + x - step]! : 0;
      const up = y > 0 ? out[prev + x]! : 0;
      const upLeft = y > 0 && x >= step ? out[prev + x - step]! : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = (left + up) >> 1; break;
        case 4: predicted = paeth(left, up, upLeft); break;
        default: throw new FaceError('image-decode-failed', `PNG row ${y} has unknown filter ${filter}`);
      }
      out[row + x] = (value + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
