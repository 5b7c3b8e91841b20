import type { LiveFrame } from '../../flow/ports/face-verifier';
import { FaceError } from '../errors';

/** 8-bit single-channel image, row-major, no padding. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** 8-bit RGB image, row-major, 3 bytes per pixel, no padding. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const channelsOf: Record<LiveFrame['format'], number> = { gray: 1, rgb: 3, rgba: 4 };

/** Checks that a frame's buffer holds exactly width × height pixels of its format. */
export function assertFrameShape(frame: LiveFrame): void {
  const channels = channelsOf[frame.format] as number | undefined;
  const sizeOk = Number.isInteger(frame.width) && Number.isInteger(frame.height) && frame.width > 0 && frame.height > 0;
  if (!sizeOk || channels === undefined || !(frame.data instanceof Uint8Array)) {
    throw new FaceError('frame-invalid', `frame ${frame.width}×${frame.height} ${String(frame.format)} is not a valid image`);
  }
  if (frame.data.length !== frame.width * frame.height * channels) {
    throw new FaceError(
      'frame-invalid',
      `frame ${frame.width}×${frame.height} ${frame.format} needs ${frame.width * frame.height * channels} bytes, got ${frame.data.length}`,
    );
  }
}

/** Luma (BT.601) of a frame; the card photo is greyscale, so live faces are compared in grey. */
export function grayFromFrame(frame: LiveFrame): GrayImage {
  if (frame.format === 'gray') return { width: frame.width, height: frame.height, data: frame.data };
  const pixels = frame.width * frame.height;
  const step = frame.format === 'rgba' ? 4 : 3;
  const out = new Uint8Array(pixels);
  const src = frame.data;
  for (let i = 0, j = 0; i < pixels; i++, j += step) {
    out[i] = (src[j]! * 299 + src[j + 1]! * 587 + src[j + 2]! * 114 + 500) / 1000;
  }
  return { width: frame.width, height: frame.height, data: out };
}

/** RGB of a frame (grey is replicated), for the detector, which was trained on colour images. */
export function rgbFromFrame(frame: LiveFrame): RgbImage {
  if (frame.format === 'rgb') return { width: frame.width, height: frame.height, data: frame.data };
  const pixels = frame.width * frame.height;
  const out = new Uint8Array(pixels * 3);
  const src = frame.data;
  if (frame.format === 'gray') {
    for (let i = 0; i < pixels; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = src[i]!;
  } else {
    for (let i = 0; i < pixels; i++) {
      out[3 * i] = src[4 * i]!;
      out[3 * i + 1] = src[4 * i + 1]!;
      out[3 * i + 2] = src[4 * i + 2]!;
    }
  }
  return { width: frame.width, height: frame.height, data: out };
}

export function grayFromRgb(image: RgbImage): GrayImage {
  return grayFromFrame({ ...image, format: 'rgb', capturedAtMs: 0 });
}

export function rgbFromGray(image: GrayImage): RgbImage {
  return rgbFromFrame({ ...image, format: 'gray', capturedAtMs: 0 });
}
