import { shiftJisTable } from './shift-jis-table';

/** What a character without a Shift_JIS code becomes; real files show 外字 and 旧字体 this way. */
export const SUBSTITUTE_CHARACTER = '\u25CF'; // ●

export interface ShiftJisEncoding {
  readonly bytes: Uint8Array;
  /** Every character replaced by ●, in order of appearance, so the caller can log or flag it. */
  readonly substituted: readonly string[];
}

export function encodeShiftJis(text: string): ShiftJisEncoding {
  const table = shiftJisTable();
  const substitute = table.get(SUBSTITUTE_CHARACTER.codePointAt(0) ?? 0);
  if (substitute === undefined) throw new Error('the platform Shift_JIS decoder lacks ●'); // a broken ICU, not input
  const out = new Uint8Array(text.length * 2);
  const substituted: string[] = [];
  let length = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    // Printable ASCII and tab, line feed and carriage return are themselves in Shift_JIS, and most of a
    // message is markup and digits (a few other control codes are not: the platform swaps 1A, 1C and 7F).
    if ((unit >= 0x20 && unit < 0x7f) || unit === 0x0a || unit === 0x0d || unit === 0x09) {
      out[length++] = unit;
      continue;
    }
    let codePoint = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const low = text.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        index += 1;
      }
    }
    let bytes = table.get(codePoint);
    if (bytes === undefined) {
      substituted.push(String.fromCodePoint(codePoint));
      bytes = substitute;
    }
    out[length++] = bytes[0]!;
    if (bytes.length > 1) out[length++] = bytes[1]!;
  }
  return { bytes: out.slice(0, length), substituted };
}

/** True when `char` (one code point) survives Shift_JIS encoding unchanged. */
export function hasShiftJisCode(char: string): boolean {
  return shiftJisTable().has(char.codePointAt(0) ?? -1);
}
