import { FaceError } from '../errors';
import type { Jpeg2000Decoder } from './jpeg2000';
import { isJpeg2000 } from './jpeg2000';
import { decodePng, isPng } from './png-decode';
import type { DecodedPng } from './png-decode';
import { decodePnm, isPnm } from './pnm';

/**
 * Decodes an image file's bytes by their signature: PNG, binary PGM/PPM or JPEG 2000 (grey). Used by the
 * CLI and the benchmark; the kiosk sends raw frames and never goes through files.
 */
export function decodeImageFile(bytes: Uint8Array, name: string, jpeg2000: Jpeg2000Decoder): DecodedPng {
  if (isPng(bytes)) return decodePng(bytes, name);
  if (isPnm(bytes)) return decodePnm(bytes, name);
  if (isJpeg2000(bytes)) return { kind: 'gray', image: jpeg2000.decode(bytes) };
  throw new FaceError('image-decode-failed', `${name}: not a PNG, PGM/PPM or JPEG 2000 file (convert JPEG with ffmpeg first)`);
}
