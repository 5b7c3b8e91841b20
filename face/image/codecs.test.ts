import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceError } from '../errors';
import { decodeImageFile } from './decode-image-file';
import { Jpeg2000Decoder } from './jpeg2000';
import { decodePng } from './png-decode';
import { encodePng } from './png-encode';
import { decodePnm } from './pnm';

const fixtures = fileURLToPath(new URL('../../fixtures', import.meta.url));

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof FaceError ? error.code : `not a FaceError: ${String(error)}`;
  }
}

describe('PNG and PGM/PPM', () => {
  it('round-trips grey and RGB images through encodePng and decodePng', () => {
    const gray = { width: 7, height: 5, data: Uint8Array.from({ length: 35 }, (_, i) => (i * 37) % 256) };
    const rgb = { width: 4, height: 3, data: Uint8Array.from({ length: 36 }, (_, i) => (i * 53 + 11) % 256) };
    const g = decodePng(encodePng(gray, 1));
    const c = decodePng(encodePng(rgb, 3));
    expect(g.kind).toBe('gray');
    expect(Array.from(g.image.data)).toEqual(Array.from(gray.data));
    expect(c.kind).toBe('rgb');
    expect(Array.from(c.image.data)).toEqual(Array.from(rgb.data));
  });

  it('decodes the fixture face photos (ffmpeg-written RGB PNGs) to their declared size', () => {
    const decoded = decodePng(readFileSync(join(fixtures, 'faces', 'face01.png')));
    expect(decoded.kind).toBe('rgb');
    expect([decoded.image.width, decoded.image.height]).toEqual([300, 400]);
    const mean = decoded.image.data.reduce((sum, v) => sum + v, 0) / decoded.image.data.length;
    expect(mean).toBeGreaterThan(40);
    expect(mean).toBeLessThan(220);
  });

  it('refuses a PNG with corrupt image data with image-decode-failed', () => {
    const bytes = Buffer.from(encodePng({ width: 8, height: 8, data: new Uint8Array(64).fill(9) }, 1));
    const idat = bytes.indexOf('IDAT');
    bytes.fill(0xff, idat + 4, idat + 12);
    expect(codeOf(() => decodePng(bytes))).toBe('image-decode-failed');
    expect(codeOf(() => decodePng(Buffer.from('not an image')))).toBe('image-decode-failed');
  });

  it('decodes binary PGM with comments', () => {
    const pgm = Buffer.concat([Buffer.from('P5\n# made by hand\n3 2\n255\n'), Buffer.from([0, 50, 100, 150, 200, 250])]);
    const decoded = decodePnm(pgm);
    expect(decoded.kind).toBe('gray');
    expect(Array.from(decoded.image.data)).toEqual([0, 50, 100, 150, 200, 250]);
  });
});

describe('JPEG 2000 card photos', () => {
  let decoder: Jpeg2000Decoder;
  beforeAll(async () => {
    decoder = await Jpeg2000Decoder.create();
  });

  it('decodes the card photo bit-exactly as OpenJPEG’s own opj_decompress does', () => {
    const card = join(fixtures, 'face-bench', 'face01-card.jp2');
    const image = decoder.decode(readFileSync(card));
    expect(image.width).toBe(240);
    expect(image.height).toBeGreaterThan(300);
    const dir = mkdtempSync(join(tmpdir(), 'face-jp2-'));
    try {
      execFileSync('opj_decompress', ['-i', card, '-o', join(dir, 'card.pgm')], { stdio: 'ignore' });
      const reference = decodePnm(readFileSync(join(dir, 'card.pgm')));
      expect([reference.image.width, reference.image.height]).toEqual([image.width, image.height]);
      expect(Buffer.from(image.data).equals(Buffer.from(reference.image.data))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bytes that are not JPEG 2000, and a damaged codestream, with card-photo-invalid', () => {
    expect(codeOf(() => decoder.decode(new Uint8Array(100).fill(7)))).toBe('card-photo-invalid');
    const bytes = Buffer.from(readFileSync(join(fixtures, 'face-bench', 'face01-card.jp2')));
    const damaged = Buffer.concat([bytes.subarray(0, 40), Buffer.alloc(200, 0xff)]);
    expect(codeOf(() => decoder.decode(damaged))).toBe('card-photo-invalid');
  });

  it('dispatches image files by signature', () => {
    const card = decodeImageFile(readFileSync(join(fixtures, 'face-bench', 'face02-card.jp2')), 'card', decoder);
    expect(card.kind).toBe('gray');
    expect(codeOf(() => decodeImageFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'x.jpg', decoder))).toBe('image-decode-failed');
  });
});
