import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

/**
 * The Japanese font the exports embed. pdfkit writes only the glyphs a PDF uses (a subset) with a
 * ToUnicode map, so the file stays small and its text can be searched and copied.
 *
 * IPAexゴシック (Debian's fonts-ipaexfont-gothic, installed by scripts/setup) is a TrueType font: its
 * subset is smaller and quicker to make than one of Noto Sans CJK's CFF. The font is parsed once and
 * the object shared by every PDF made with it (fontkit caches glyphs and layouts per font object).
 */
export const DEFAULT_EXPORT_FONT_FILE = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf';

export interface ExportFont {
  readonly file: string;
  /** The parsed font, as pdfkit takes it. */
  readonly face: fontkit.Font;
}

export class ExportFontError extends Error {
  constructor(
    readonly code: 'FONT_UNREADABLE' | 'FONT_NOT_SINGLE' | 'FONT_LACKS_JAPANESE',
    message: string,
  ) {
    super(message);
    this.name = 'ExportFontError';
  }
}

/** A single-face TrueType/OpenType font with Japanese glyphs (a collection needs `postscriptName`). */
export function loadExportFont(file: string = DEFAULT_EXPORT_FONT_FILE, postscriptName?: string): ExportFont {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ExportFontError('FONT_UNREADABLE', `cannot read the export font ${file}: ${(error as Error).message}`);
  }
  const font = fontkit.create(bytes, postscriptName);
  if (!('layout' in font)) throw new ExportFontError('FONT_NOT_SINGLE', `${file} is a collection: name one of its fonts`);
  for (const char of '薬剤情報一覧▲▽') {
    if (!font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)) throw new ExportFontError('FONT_LACKS_JAPANESE', `${file} has no glyph for ${char}`);
  }
  return { file, face: font };
}
