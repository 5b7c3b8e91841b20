import { crc32, deflateSync } from 'node:zlib';
import type { GrayImage, RgbImage } from './raster';

/** Encodes 8-bit grey (1 channel) or RGB (3 channels) as PNG with the Up filter; no metadata. */
export function encodePng(image: GrayImage | RgbImage, channels: 1 | 3): Uint8Array {
  const { width, height, data } = image;
  const stride = width * channels;
  const filtered = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    filtered[y * (stride + 1)] = 2; // Up: camera images compress better than unfiltered
    for (let x = 0; x < stride; x++) {
      const up = y > 0 ? data[(y - 1) * stride + x]! : 0;
      filtered[y * (stride + 1) + 1 + x] = (data[y * stride + x]! - up) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filtered, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}
