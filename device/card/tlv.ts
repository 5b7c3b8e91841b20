import { CardError } from './card-error';

/**
 * BER-TLV as the card writes it (ISO 7816-4 §5.2, X.690 §8.1): multi-byte tags (`FF 20`, `DF 21`),
 * lengths in short form or `81`–`84` long form. Total over any input: every malformed input throws
 * a TlvError (a CardError with code MALFORMED_RESPONSE and a reason), nothing else is thrown, and
 * work is bounded by the input length and the depth limit.
 */
export type TlvErrorReason =
  | 'EMPTY'
  | 'TRUNCATED_TAG'
  | 'TAG_TOO_LONG'
  | 'TRUNCATED_LENGTH'
  | 'INDEFINITE_LENGTH'
  | 'LENGTH_TOO_LONG'
  | 'LENGTH_PAST_END'
  | 'TOO_DEEP';

export class TlvError extends CardError {
  readonly reason: TlvErrorReason;
  /** Byte offset, in the buffer given to the parser, of the element that failed. */
  readonly offset: number;

  constructor(reason: TlvErrorReason, offset: number) {
    super('MALFORMED_RESPONSE', `malformed BER-TLV: ${reason} at byte ${offset}`);
    this.name = 'TlvError';
    this.reason = reason;
    this.offset = offset;
  }
}

export interface TlvHeader {
  /** The tag bytes read as one big-endian number: `FF 20` → 0xFF20, `30` → 0x30. */
  readonly tag: number;
  readonly constructed: boolean;
  /** Tag bytes plus length bytes. */
  readonly headerLength: number;
  /** Value length in bytes. */
  readonly length: number;
}

export interface Tlv extends TlvHeader {
  /** Where the tag starts, in the buffer given to the parser. */
  readonly offset: number;
  readonly value: Uint8Array;
  /** Tag, length and value bytes exactly as encoded (what a signature over a TLV covers). */
  readonly raw: Uint8Array;
  /** Parsed children of a constructed TLV; empty for a primitive one. */
  readonly children: readonly Tlv[];
}

export interface TlvParseOptions {
  /** Nesting limit; the outermost TLV is depth 1. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_TLV_DEPTH = 8;
/** Whatever the caller asks, nesting stays far from the JavaScript stack limit. */
const HIGHEST_MAX_TLV_DEPTH = 64;
/** Tags are at most 4 bytes here (the card's are 1 or 2); longer ones are refused. */
const MAX_TAG_BYTES = 4;
/** Long-form lengths of up to 4 bytes (`84`); 5 or more could not address a card file anyway. */
const MAX_LENGTH_BYTES = 4;

/** Reads the tag and length at `offset`; the value itself may lie past the end of `bytes`. */
export function readTlvHeader(bytes: Uint8Array, offset = 0): TlvHeader {
  if (offset >= bytes.length) throw new TlvError(offset === 0 ? 'EMPTY' : 'TRUNCATED_TAG', offset);
  let position = offset;
  const first = bytes[position++] ?? 0;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Subsequent tag bytes follow while bit 8 is set.
    let next: number;
    do {
      if (position >= bytes.length) throw new TlvError('TRUNCATED_TAG', offset);
      if (position - offset >= MAX_TAG_BYTES) throw new TlvError('TAG_TOO_LONG', offset);
      next = bytes[position++] ?? 0;
      tag = tag * 0x100 + next;
    } while (next & 0x80);
  }
  if (position >= bytes.length) throw new TlvError('TRUNCATED_LENGTH', offset);
  const lengthByte = bytes[position++] ?? 0;
  let length = lengthByte;
  if (lengthByte === 0x80) throw new TlvError('INDEFINITE_LENGTH', offset);
  if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;
    if (count > MAX_LENGTH_BYTES) throw new TlvError('LENGTH_TOO_LONG', offset);
    if (position + count > bytes.length) throw new TlvError('TRUNCATED_LENGTH', offset);
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 0x100 + (bytes[position++] ?? 0);
  }
  return { tag, constructed: (first & 0x20) !== 0, headerLength: position - offset, length };
}

/**
 * The one TLV at the start of `bytes`, children parsed. Bytes after it are ignored: card files
 * carry `FF` filler after their content (card.md §1).
 */
export function parseTlv(bytes: Uint8Array, options: TlvParseOptions = {}): Tlv {
  return parseElement(bytes, 0, bytes.length, 1, maxDepthOf(options));
}

/** TLVs that fill `bytes` exactly, one after another; stray bytes at the end are a truncated TLV. */
export function parseTlvList(bytes: Uint8Array, options: TlvParseOptions = {}): Tlv[] {
  return parseRange(bytes, 0, bytes.length, 1, maxDepthOf(options));
}

/** The first element with `tag` in `list`, not descending into children. */
export function findTlv(list: readonly Tlv[], tag: number): Tlv | undefined {
  return list.find((element) => element.tag === tag);
}

/** Formats a tag the way the card documents write it: 0xDF21 → "DF21". */
export function tagName(tag: number): string {
  const hex = tag.toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

function maxDepthOf(options: TlvParseOptions): number {
  const depth = options.maxDepth ?? DEFAULT_MAX_TLV_DEPTH;
  return Number.isInteger(depth) && depth >= 1 ? Math.min(depth, HIGHEST_MAX_TLV_DEPTH) : DEFAULT_MAX_TLV_DEPTH;
}

function parseRange(bytes: Uint8Array, start: number, end: number, depth: number, maxDepth: number): Tlv[] {
  const elements: Tlv[] = [];
  let position = start;
  while (position < end) {
    const element = parseElement(bytes, position, end, depth, maxDepth);
    elements.push(element);
    // Every element is at least 2 bytes, so the loop ends after at most (end - start) / 2 rounds.
    position += element.headerLength + element.length;
  }
  return elements;
}

function parseElement(bytes: Uint8Array, offset: number, end: number, depth: number, maxDepth: number): Tlv {
  if (depth > maxDepth) throw new TlvError('TOO_DEEP', offset);
  // A header must not read past the end of its parent either.
  const header = readTlvHeader(bytes.subarray(0, end), offset);
  const valueStart = offset + header.headerLength;
  if (header.length > end - valueStart) throw new TlvError('LENGTH_PAST_END', offset);
  const valueEnd = valueStart + header.length;
  const children = header.constructed ? parseRange(bytes, valueStart, valueEnd, depth + 1, maxDepth) : [];
  return {
    ...header,
    offset,
    value: bytes.slice(valueStart, valueEnd),
    raw: bytes.slice(offset, valueEnd),
    children,
  };
}
