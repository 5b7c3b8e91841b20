import { OqsError } from '../errors';
import type { XmlDeclaredEncoding } from '../xml/xml-element';
import { encodeShiftJis } from './shift-jis-encoder';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export interface DecodeOptions {
  /** Largest input accepted, checked before any decoding work. */
  readonly maxBytes?: number;
  /**
   * Refuse Shift_JIS-declared bytes that read as UTF-8 with two or more multi-byte characters (default
   * true). A heuristic: rare genuine Shift_JIS text is also valid UTF-8; turn it off to accept that.
   */
  readonly refuseUtf8DeclaredShiftJis?: boolean;
}

export interface DecodedXml {
  readonly text: string;
  readonly encoding: XmlDeclaredEncoding;
  readonly hadByteOrderMark: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Maps the labels seen in the wild to the two encodings these messages use. */
export function canonicalEncoding(label: string): XmlDeclaredEncoding | undefined {
  switch (label.toLowerCase()) {
    case 'shift_jis':
    case 'shift-jis':
    case 'sjis':
    case 'x-sjis':
    case 'windows-31j':
    case 'cp932':
    case 'ms_kanji':
    case 'csshiftjis':
      return 'Shift_JIS';
    case 'utf-8':
    case 'utf8':
      return 'UTF-8';
    default:
      return undefined;
  }
}

/**
 * Decodes a message file by its XML declaration (UTF-8 when absent, as XML defines), refusing bytes
 * that do not decode under the declared encoding, and Shift_JIS declarations over UTF-8 bytes.
 */
export function decodeXmlBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodedXml {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new OqsError('XML_TOO_LARGE', `message has ${bytes.length} bytes, limit ${maxBytes}`);
  }
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new OqsError('ENCODING_UNSUPPORTED', 'UTF-16 messages are not used by this interface');
  }
  const hadByteOrderMark = UTF8_BOM.every((byte, index) => bytes[index] === byte);
  const body = hadByteOrderMark ? bytes.subarray(3) : bytes;
  const label = declaredEncodingLabel(body);
  const encoding = label === undefined ? 'UTF-8' : canonicalEncoding(label);
  if (encoding === undefined) throw new OqsError('ENCODING_UNSUPPORTED', `encoding "${label ?? ''}" is not supported`);
  if (hadByteOrderMark && encoding !== 'UTF-8') {
    throw new OqsError('ENCODING_MISMATCH', `a UTF-8 byte order mark before a ${encoding} declaration`);
  }
  if (encoding === 'Shift_JIS' && options.refuseUtf8DeclaredShiftJis !== false && looksLikeUtf8(body)) {
    throw new OqsError('ENCODING_MISMATCH', 'declared Shift_JIS but the bytes are UTF-8');
  }
  let text: string;
  try {
    text = new TextDecoder(encoding === 'UTF-8' ? 'utf-8' : 'shift_jis', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new OqsError('ENCODING_MISMATCH', `the bytes are not valid ${encoding}`);
  }
  return { text, encoding, hadByteOrderMark };
}

/** Encodes serialised XML; only Shift_JIS can lose characters, and those are reported. */
export function encodeXmlText(
  text: string,
  encoding: XmlDeclaredEncoding,
): { readonly bytes: Uint8Array; readonly substituted: readonly string[] } {
  if (encoding === 'UTF-8') return { bytes: new TextEncoder().encode(text), substituted: [] };
  return encodeShiftJis(text);
}

/** The encoding pseudo-attribute, read from the ASCII-compatible start of the document. */
export function declaredEncodingLabel(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1');
  if (!head.startsWith('<?xml')) return undefined;
  const end = head.indexOf('?>');
  const declaration = end === -1 ? head : head.slice(0, end);
  const match = /[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\1/.exec(declaration);
  return match?.[2];
}

/**
 * Genuine Shift_JIS text with non-ASCII seldom forms valid multi-byte UTF-8 (its half-width kana, the
 * full-width space and most lead bytes are stray UTF-8 continuation bytes), so several valid UTF-8
 * multi-byte characters and nothing else non-ASCII means a lying declaration.
 */
export function looksLikeUtf8(bytes: Uint8Array): boolean {
  let multiByteSequences = 0;
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index] ?? 0;
    if (byte < 0x80) {
      index += 1;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return false;
    for (let offset = 1; offset < length; offset += 1) {
      const next = bytes[index + offset];
      if (next === undefined || next < 0x80 || next > 0xbf) return false;
    }
    multiByteSequences += 1;
    index += length;
  }
  return multiByteSequences >= 2 && new TextDecoder('utf-8', { fatal: false }).decode(bytes).indexOf('\uFFFD') === -1;
}
