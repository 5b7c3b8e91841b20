/**
 * The text of an uploaded CSV: UTF-8 (with or without a BOM) or Shift_JIS (Windows-31J, what Excel
 * and most レセコン write in Japan). A UTF-8 BOM decides; otherwise bytes that are strict UTF-8 are
 * UTF-8 (plain ASCII is both), and bytes that are not are read as Shift_JIS, strictly. UTF-16 (Excel's
 * "Unicode text") and bytes that are neither are refused with a code.
 */

export type CsvEncoding = 'UTF-8' | 'Shift_JIS';

export type DecodedCsvText =
  | { readonly ok: true; readonly text: string; readonly encoding: CsvEncoding; readonly hadByteOrderMark: boolean }
  | { readonly ok: false; readonly code: 'CSV_ENCODING_UNSUPPORTED' | 'CSV_ENCODING_UNKNOWN'; readonly message: string };

export function decodeCsvText(bytes: Uint8Array): DecodedCsvText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, code: 'CSV_ENCODING_UNSUPPORTED', message: 'UTF-16 のファイルは読めません。CSV（UTF-8 または Shift_JIS）で保存してください' };
  }
  const hadByteOrderMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadByteOrderMark ? bytes.subarray(3) : bytes;
  const utf8 = strictDecode('utf-8', body);
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'UTF-8', hadByteOrderMark };
  if (hadByteOrderMark) return { ok: false, code: 'CSV_ENCODING_UNKNOWN', message: 'UTF-8 の印があるのに UTF-8 として読めないファイルです' };
  const shiftJis = strictDecode('shift_jis', body);
  if (shiftJis !== undefined) return { ok: true, text: shiftJis, encoding: 'Shift_JIS', hadByteOrderMark: false };
  return { ok: false, code: 'CSV_ENCODING_UNKNOWN', message: 'UTF-8 としても Shift_JIS としても読めないファイルです' };
}

function strictDecode(label: 'utf-8' | 'shift_jis', bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: a BOM was taken off above; one left inside would be data, not a mark.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
