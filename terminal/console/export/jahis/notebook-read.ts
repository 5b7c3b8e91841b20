import { FIELD_SEPARATOR, RECORD_SEPARATOR } from './notebook-csv';
import { parseNotebookCsv, type ParsedNotebook } from './notebook-parse';
import { RECORD } from './notebook-records';

/**
 * QR payloads as an お薬手帳 app receives them, in any order, back into documents: Shift_JIS bytes are
 * decoded, the parts of a split document (911 records with one データ固有ID) are put in データ連番
 * order and joined as §3.2.9(3) describes (one version record, no 911), and each document is parsed.
 * A split document with a part missing or repeated is reported, not parsed.
 */
export interface NotebookReading {
  readonly documents: readonly (ParsedNotebook & { readonly dataId?: string; readonly parts: number })[];
  readonly incomplete: readonly { readonly dataId: string; readonly expected: number; readonly received: readonly number[] }[];
}

interface Part {
  readonly dataId: string;
  readonly total: number;
  readonly sequence: number;
  readonly versionLine: string;
  readonly body: readonly string[];
}

const shiftJis = new TextDecoder('shift_jis');

export function readNotebookPayloads(payloads: readonly Uint8Array[]): NotebookReading {
  const documents: (ParsedNotebook & { dataId?: string; parts: number })[] = [];
  const partsById = new Map<string, Part[]>();
  const order: string[] = [];
  for (const payload of payloads) {
    const text = shiftJis.decode(payload);
    const part = partOf(text);
    if (part === undefined) {
      documents.push({ ...parseNotebookCsv(text), parts: 1 });
      continue;
    }
    const parts = partsById.get(part.dataId);
    if (parts === undefined) {
      partsById.set(part.dataId, [part]);
      order.push(part.dataId);
    } else parts.push(part);
  }
  const incomplete: { dataId: string; expected: number; received: number[] }[] = [];
  for (const dataId of order) {
    const parts = [...(partsById.get(dataId) ?? [])].sort((a, b) => a.sequence - b.sequence);
    const expected = parts[0]?.total ?? 0;
    const sequences = parts.map((part) => part.sequence);
    const whole = parts.length === expected && sequences.every((sequence, index) => sequence === index + 1) && parts.every((part) => part.total === expected);
    if (!whole) {
      incomplete.push({ dataId, expected, received: sequences });
      continue;
    }
    const text = [parts[0]!.versionLine, ...parts.flatMap((part) => part.body)].map((line) => line + RECORD_SEPARATOR).join('');
    documents.push({ ...parseNotebookCsv(text), dataId, parts: parts.length });
  }
  return { documents, incomplete };
}

function partOf(text: string): Part | undefined {
  const lines = text.split(RECORD_SEPARATOR).filter((line) => line !== '');
  const last = lines.at(-1)?.split(FIELD_SEPARATOR);
  if (last?.[0] !== RECORD.splitControl) return undefined;
  const [, dataId = '', total = '', sequence = ''] = last;
  return { dataId, total: Number(total), sequence: Number(sequence), versionLine: lines[0] ?? '', body: lines.slice(1, -1) };
}
