import { CardError } from './card-error';
import { parseTlv, tagName } from './tlv';
import type { Tlv } from './tlv';

/** The container tag of the 券面 files: `FF 20` (private class, constructed, number 32). */
export const RECORD_TAG = 0xff20;
/** The index inside it: u16 big-endian offsets, from file start, of the tags that follow. */
export const INDEX_TAG = 0xdf21;

export interface IndexedRecord {
  /** Each child TLV by tag. */
  readonly fields: ReadonlyMap<number, Tlv>;
  /** DF21's offsets, in the order of the tags it indexes; empty when the file has no DF21. */
  readonly offsets: readonly number[];
  /** The whole `FF 20` TLV as read. */
  readonly raw: Uint8Array;
}

/**
 * Parses an `FF 20` file (card.md §4 and §5): walks its TLVs — never assuming a 3-byte outer header,
 * since a long value makes it `FF 20 81 xx` or `FF 20 82 xx xx` — and checks DF21, when present,
 * against where each indexed tag really starts. `indexedTags` are the tags DF21 lists, in order.
 */
export function parseIndexedRecord(file: Uint8Array, what: string, indexedTags: readonly number[]): IndexedRecord {
  const record = parseTlv(file);
  if (record.tag !== RECORD_TAG) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: expected tag FF20, found ${tagName(record.tag)}`);
  }
  const fields = new Map<number, Tlv>();
  for (const child of record.children) {
    if (fields.has(child.tag)) throw new CardError('MALFORMED_RESPONSE', `${what}: tag ${tagName(child.tag)} appears twice`);
    fields.set(child.tag, child);
  }
  const index = fields.get(INDEX_TAG);
  const offsets: number[] = [];
  if (index) {
    if (index.length !== indexedTags.length * 2) {
      throw new CardError('MALFORMED_RESPONSE', `${what}: DF21 holds ${index.length} bytes, expected ${indexedTags.length * 2}`);
    }
    indexedTags.forEach((tag, position) => {
      const offset = ((index.value[position * 2] ?? 0) << 8) | (index.value[position * 2 + 1] ?? 0);
      const field = fields.get(tag);
      if (!field || field.offset !== offset) {
        throw new CardError('MALFORMED_RESPONSE', `${what}: DF21 puts ${tagName(tag)} at byte ${offset}, which does not hold it`);
      }
      offsets.push(offset);
    });
  }
  return { fields, offsets, raw: record.raw };
}

/** A field the file must have. */
export function requiredField(record: IndexedRecord, tag: number, what: string): Tlv {
  const field = record.fields.get(tag);
  if (!field) throw new CardError('MALFORMED_RESPONSE', `${what}: tag ${tagName(tag)} is missing`);
  return field;
}

/** `YYYYMMDD` (西暦) as stored in DF22/DF24/DF29 → ISO `YYYY-MM-DD`, checked to be a calendar date. */
export function isoDateFromField(field: Tlv, what: string): string {
  const text = shortAscii(field, 8);
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return `${match[1]}-${match[2]}-${match[3]}`;
    }
  }
  throw new CardError('MALFORMED_RESPONSE', `${what}: tag ${tagName(field.tag)} is not a YYYYMMDD date`);
}

/** DF23/DF25 性別: one ASCII digit (1 男, 2 女; 9 and 0 are not confirmed). */
export function sexCodeFromField(field: Tlv, what: string): string {
  const text = shortAscii(field, 1);
  if (!/^[0-9]$/.test(text)) throw new CardError('MALFORMED_RESPONSE', `${what}: tag ${tagName(field.tag)} is not one digit`);
  return text;
}

/** The value as text when it is at most `maxLength` bytes; longer values can only fail the caller's pattern. */
function shortAscii(field: Tlv, maxLength: number): string {
  return field.value.length > maxLength ? '' : String.fromCharCode(...field.value);
}
