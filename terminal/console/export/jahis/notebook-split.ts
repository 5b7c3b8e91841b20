import { RECORD_SEPARATOR, VERSION_LINE, recordLine } from './notebook-csv';
import { RECORD } from './notebook-records';

/**
 * A document too large for one QR code, cut into parts per JAHIS Ver.2.6 §3.2.9(3): the cut falls
 * between records; every part starts with the version record and ends with a 分割制御レコード (911:
 * データ固有ID, 分割数, データ連番), and a document that fits is written whole, without 911.
 */
export interface SplitOptions {
  /** Bytes one symbol may hold. */
  readonly maxBytesPerSymbol: number;
  /** 14 digits, the same in every part of one document. */
  readonly dataId: string;
  /** Shift_JIS (or another single charset) encoder of the text. */
  readonly encode: (text: string) => Uint8Array;
}

/** The most parts a document may have: データ連番 is at most 999. */
export const MAX_PARTS = 999;

export class NotebookSplitError extends Error {
  constructor(
    readonly code: 'RECORD_TOO_LARGE' | 'TOO_MANY_PARTS' | 'BAD_DATA_ID',
    message: string,
  ) {
    super(message);
    this.name = 'NotebookSplitError';
  }
}

/** `text` as CR LF-terminated records beginning with the version record (notebookCsvOf's output). */
export function splitNotebook(text: string, options: SplitOptions): Uint8Array[] {
  if (!/^\d{14}$/.test(options.dataId)) throw new NotebookSplitError('BAD_DATA_ID', `データ固有ID must be 14 digits: ${options.dataId}`);
  const whole = options.encode(text);
  if (whole.length <= options.maxBytesPerSymbol) return [whole];

  const lines = text.split(RECORD_SEPARATOR).filter((line) => line !== '');
  const body = lines[0] === VERSION_LINE ? lines.slice(1) : lines;
  const size = (line: string) => options.encode(line + RECORD_SEPARATOR).length;
  // The 911 record is widest with three-digit counts.
  const budget = options.maxBytesPerSymbol - size(VERSION_LINE) - size(recordLine(RECORD.splitControl, [options.dataId, '999', '999']));

  const chunks: string[][] = [];
  let chunk: string[] = [];
  let used = 0;
  for (const line of body) {
    const bytes = size(line);
    if (bytes > budget) throw new NotebookSplitError('RECORD_TOO_LARGE', `one record needs ${bytes} bytes, a part has room for ${budget}`);
    if (used + bytes > budget) {
      chunks.push(chunk);
      chunk = [];
      used = 0;
    }
    chunk.push(line);
    used += bytes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  if (chunks.length > MAX_PARTS) throw new NotebookSplitError('TOO_MANY_PARTS', `${chunks.length} parts; データ連番 stops at ${MAX_PARTS}`);

  return chunks.map((records, index) =>
    options.encode(
      [VERSION_LINE, ...records, recordLine(RECORD.splitControl, [options.dataId, String(chunks.length), String(index + 1)])].map((line) => line + RECORD_SEPARATOR).join(''),
    ),
  );
}
