import { FaceError } from '../errors';
import type { DecodedPng } from './png-decode';

export function isPnm(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36); // P5 (grey) or P6 (RGB)
}

/** Decodes binary PGM (P5) and PPM (P6) with maxval ≤ 255, as ffmpeg writes them. */
export function decodePnm(bytes: Uint8Array, name = 'PNM'): DecodedPng {
  if (!isPnm(bytes)) throw new FaceError('image-decode-failed', `${name}: not a binary PGM/PPM file`);
  const fields: number[] = [];
  let offset = 2;
  while (fields.length < 3) {
    while (offset < bytes.length && isSpace(bytes[offset]!)) offset++;
    if (bytes[offset] === 0x23) {
      while (offset < bytes.length && bytes[offset] !== 0x0a) offset++;
      continue;
    }
    let value = 0;
    let digits = 0;
    while (offset < bytes.length && bytes[offset]! >= 0x30 && bytes[offset]! <= 0x39) {
      value = value * 10 + bytes[offset]! - 0x30;
      offset++;
      digits++;
    }
    if (digits === 0) throw new FaceError('image-decode-failed', `${name}: bad header`);
    fields.push(value);
  }
  offset++; // the single whitespace byte after maxval
  const [width = 0, height = 0, maxval = 0] = fields;
  const channels = bytes[1] === 0x35 ? 1 : 3;
  if (maxval < 1 || maxval > 255) throw new FaceError('image-decode-failed', `${name}: only 8-bit PGM/PPM are supported`);
  const data = bytes.slice(offset, offset + width * height * channels);
  if (data.length !== width * height * channels) throw new FaceError('image-decode-failed', `${name}: pixel data is short`);
  if (maxval !== 255) for (let i = 0; i < data.length; i++) data[i] = Math.round((data[i]! * 255) / maxval);
  const image = { width, height, data };
  return channels === 1 ? { kind: 'gray', image } : { kind: 'rgb', image };
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
