import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TempDir } from './temp-dir';

/**
 * Reads a PDF the way a person's tools would, with programs independent of the ones that wrote it:
 * poppler's pdftotext for the text and pdffonts for the embedded fonts, pdftoppm to render pages,
 * and zbar's zbarimg to decode the QR codes on them (Debian: poppler-utils, zbar-tools).
 */
export function pdfText(dir: TempDir, pdf: Uint8Array, name: string, layout = true): string {
  const file = join(dir.path, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export function pdfFonts(dir: TempDir, pdf: Uint8Array, name: string): string {
  const file = join(dir.path, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

export function pdfPageCount(dir: TempDir, pdf: Uint8Array, name: string): number {
  const file = join(dir.path, `${name}.pdf`);
  writeFileSync(file, pdf);
  const match = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return Number(match?.[1] ?? 0);
}

/**
 * Every QR code on every page, as raw bytes. zbarimg's binary mode writes the symbols' bytes one after
 * another with nothing between them, so they are cut where a JAHIS document (or part) begins: every
 * one opens with the version record `JAHISTCnn,`, at the start or right after a CR LF.
 */
export function decodeJahisQrCodes(dir: TempDir, pdf: Uint8Array, name: string, dpi = 200): Uint8Array[] {
  const file = join(dir.path, `${name}.pdf`);
  writeFileSync(file, pdf);
  const prefix = join(dir.path, `${name}-page`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', file, prefix]);
  const pages = readdirSync(dir.path)
    .filter((entry) => entry.startsWith(`${name}-page`) && entry.endsWith('.pgm'))
    .sort()
    .map((entry) => join(dir.path, entry));
  const payloads: Uint8Array[] = [];
  for (const page of pages) {
    let raw: Buffer;
    try {
      raw = execFileSync('zbarimg', ['-q', '--raw', '-Sbinary', '-Sdisable', '-Sqrcode.enable', page], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      // Exit status 4: no symbol on this page.
      if ((error as { status?: number }).status === 4) continue;
      throw error;
    }
    payloads.push(...cutAtVersionRecords(raw));
  }
  return payloads;
}

function cutAtVersionRecords(raw: Buffer): Uint8Array[] {
  const marker = Buffer.from('JAHISTC', 'ascii');
  const starts: number[] = [];
  for (let at = raw.indexOf(marker); at >= 0; at = raw.indexOf(marker, at + 1)) {
    if (at === 0 || (raw[at - 2] === 0x0d && raw[at - 1] === 0x0a)) starts.push(at);
  }
  if (starts[0] !== 0) throw new Error(`QR data does not open with a JAHIS version record: ${raw.subarray(0, 20).toString('latin1')}`);
  return starts.map((start, index) => new Uint8Array(raw.subarray(start, starts[index + 1] ?? raw.length)));
}
