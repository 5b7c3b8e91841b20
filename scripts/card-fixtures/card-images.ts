import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The images a card carries: the face photo as greyscale JPEG 2000 (EF 0002 DF27 of 券面事項確認AP)
 * and the printed name, address and セキュリティコード as PNG (DF25, DF26, DF2A). Made with Debian's
 * ffmpeg and opj_compress, whose output is byte-identical for the same input.
 */
export const CARD_PHOTO_WIDTH = 240;
export const CARD_PHOTO_HEIGHT = 320;
/** opj_compress rate: about 6–7 KB per photo, the "several KB" card.md reports. */
const CARD_PHOTO_COMPRESSION_RATIO = 12;
const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} failed (run scripts/setup for Debian's ffmpeg and libopenjp2-tools): ${stderr || error.message}`));
      else resolve();
    });
  });
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'card-images-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A colour face crop → the card's greyscale JP2 at card size. */
export function cardPhotoJp2(facePngPath: string): Promise<Uint8Array> {
  return inTempDir(async (dir) => {
    const pgm = join(dir, 'photo.pgm');
    const jp2 = join(dir, 'photo.jp2');
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-i', facePngPath, '-vf', `scale=${CARD_PHOTO_WIDTH}:${CARD_PHOTO_HEIGHT},format=gray`, pgm]);
    await run('opj_compress', ['-i', pgm, '-o', jp2, '-r', String(CARD_PHOTO_COMPRESSION_RATIO)]);
    return new Uint8Array(await readFile(jp2));
  });
}

/** One line of printed text as a greyscale PNG, black on white. */
export function textPng(text: string, width: number, height: number): Promise<Uint8Array> {
  return inTempDir(async (dir) => {
    const textFile = join(dir, 'text.txt');
    const png = join(dir, 'text.png');
    // Through a file, so no character of the text needs escaping for ffmpeg's filter syntax.
    await writeFile(textFile, text, 'utf8');
    const fontSize = Math.round(height * 0.6);
    const drawText = `drawtext=fontfile=${FONT}:textfile=${textFile}:fontsize=${fontSize}:fontcolor=black:x=4:y=(h-text_h)/2,format=gray`;
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=white:s=${width}x${height}`, '-vf', drawText, '-frames:v', '1', png]);
    return new Uint8Array(await readFile(png));
  });
}
