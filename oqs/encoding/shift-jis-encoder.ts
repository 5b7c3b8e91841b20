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
  for (const char of text) {
    let bytes = table.get(char.codePointAt(0) ?? 0);
    if (bytes === undefined) {
      substituted.push(char);
      bytes = substitute;
    }
    out.set(bytes, length);
    length += bytes.length;
  }
  return { bytes: out.slice(0, length), substituted };
}

/** True when `char` (one code point) survives Shift_JIS encoding unchanged. */
export function hasShiftJisCode(char: string): boolean {
  return shiftJisTable().has(char.codePointAt(0) ?? -1);
}
