import { createRequire } from 'node:module';
import { FaceError } from '../errors';
import type { GrayImage } from './raster';

// The package ships CommonJS without type declarations; this is the part of its API we use.
interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}
type OpenJpegFactory = (options: { print: (text: string) => void; printErr: (text: string) => void }) => Promise<OpenJpegModule>;

const jp2Signature = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]; // JP2 file: signature box
const codestreamSignature = [0xff, 0x4f, 0xff, 0x51]; // raw J2K codestream: SOC + SIZ

export function isJpeg2000(bytes: Uint8Array): boolean {
  const starts = (sig: number[]) => bytes.length > sig.length && sig.every((b, i) => bytes[i] === b);
  return starts(jp2Signature) || starts(codestreamSignature);
}

/** A loaded OpenJPEG (wasm) decoder for card photos; create one per engine, not per photo. */
export class Jpeg2000Decoder {
  private constructor(private readonly codec: OpenJpegModule) {}

  static async create(): Promise<Jpeg2000Decoder> {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as OpenJpegFactory;
    // The codec reports progress with [INFO] lines on stdout; the CLI's stdout must stay one JSON object.
    const quiet = () => undefined;
    return new Jpeg2000Decoder(await factory({ print: quiet, printErr: quiet }));
  }

  /** Decodes a greyscale (or, tolerated, 3-component) JPEG 2000 image to 8-bit grey. */
  decode(bytes: Uint8Array): GrayImage {
    if (!isJpeg2000(bytes)) throw new FaceError('card-photo-invalid', 'the card photo is not a JPEG 2000 file or codestream');
    const decoder = new this.codec.J2KDecoder();
    try {
      decoder.getEncodedBuffer(bytes.length).set(bytes);
      try {
        decoder.decode();
      } catch (error) {
        throw new FaceError('card-photo-invalid', 'the JPEG 2000 card photo could not be decoded', { cause: error });
      }
      const info = decoder.getFrameInfo();
      const { width, height, bitsPerSample, componentCount } = info;
      if (width < 16 || height < 16 || width > 4096 || height > 4096) {
        throw new FaceError('card-photo-invalid', `the card photo is ${width}×${height}; expected a portrait of a few hundred pixels`);
      }
      if (componentCount !== 1 && componentCount !== 3) {
        throw new FaceError('card-photo-invalid', `the card photo has ${componentCount} components; expected greyscale`);
      }
      const decoded = decoder.getDecodedBuffer();
      const wide = bitsPerSample > 8;
      const samples = wide
        ? new Uint16Array(decoded.buffer, decoded.byteOffset, decoded.byteLength / 2)
        : decoded;
      const count = width * height;
      if (samples.length < count * componentCount) throw new FaceError('card-photo-invalid', 'the decoded card photo is short');
      const shift = wide ? bitsPerSample - 8 : 0;
      const out = new Uint8Array(count);
      for (let p = 0; p < count; p++) {
        if (componentCount === 1) {
          out[p] = samples[p]! >> shift;
        } else {
          const r = samples[3 * p]! >> shift;
          const g = samples[3 * p + 1]! >> shift;
          const b = samples[3 * p + 2]! >> shift;
          out[p] = (r * 299 + g * 587 + b * 114 + 500) / 1000;
        }
      }
      return { width, height, data: out };
    } finally {
      decoder.delete();
    }
  }
}
