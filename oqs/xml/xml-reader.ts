import { OqsError } from '../errors';
import { ELEMENT_NAME, isXmlChar } from './xml-chars';
import type { XmlDocument, XmlElement } from './xml-element';

export interface XmlReadOptions {
  /** Deepest element nesting accepted; the messages need 6. */
  readonly maxDepth?: number;
  /** Longest document (in UTF-16 code units) accepted, as a second guard behind the byte limit. */
  readonly maxChars?: number;
}

export const DEFAULT_MAX_DEPTH = 32;
export const DEFAULT_MAX_CHARS = 10 * 1024 * 1024;

const DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\4)?[ \t\r\n]*\?>/;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface OpenElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

/**
 * A strict reader for the XmlMsg family: elements and text only. Anything that could expand, include
 * or hide content (DTDs, entities, processing instructions, attributes) is refused, never skipped.
 */
export function readXml(source: string, options: XmlReadOptions = {}): XmlDocument {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (source.length > maxChars) {
    throw new OqsError('XML_TOO_LARGE', `document has ${source.length} characters, limit ${maxChars}`);
  }
  let position = source.startsWith('\uFEFF') ? 1 : 0;
  let declaredEncoding: string | undefined;
  if (/^<\?xml[ \t\r\n]/.test(source.slice(position, position + 6))) {
    const match = DECLARATION.exec(source.slice(position, position + 300));
    if (match === null) throw new OqsError('XML_MALFORMED', 'unreadable XML declaration');
    declaredEncoding = match[3];
    position += match[0].length;
  }

  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;

  while (position < source.length) {
    if (source.charCodeAt(position) !== 0x3c /* < */) {
      const next = source.indexOf('<', position);
      const end = next === -1 ? source.length : next;
      const raw = source.slice(position, end);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (!WHITESPACE_ONLY.test(raw)) {
          throw new OqsError('XML_MALFORMED', `text outside the root element at offset ${position}`);
        }
      } else {
        top.text += decodeText(raw, position);
      }
      position = end;
      continue;
    }
    if (source.startsWith('<!--', position)) {
      position = skipComment(source, position);
      continue;
    }
    if (source.startsWith('<![CDATA[', position)) {
      const top = stack[stack.length - 1];
      if (top === undefined) throw new OqsError('XML_MALFORMED', `CDATA outside the root at offset ${position}`);
      const end = source.indexOf(']]>', position + 9);
      if (end === -1) throw new OqsError('XML_MALFORMED', `unterminated CDATA at offset ${position}`);
      const content = source.slice(position + 9, end);
      assertXmlChars(content, position);
      top.text += normaliseLineEnds(content);
      position = end + 3;
      continue;
    }
    if (source.startsWith('<!', position)) {
      throw new OqsError('XML_FORBIDDEN_CONSTRUCT', `DOCTYPE or markup declaration at offset ${position}`);
    }
    if (source.startsWith('<?', position)) {
      throw new OqsError('XML_FORBIDDEN_CONSTRUCT', `processing instruction at offset ${position}`);
    }
    if (source.startsWith('</', position)) {
      const name = readName(source, position + 2);
      let cursor = skipWhitespace(source, position + 2 + name.length);
      if (source.charCodeAt(cursor) !== 0x3e /* > */) {
        throw new OqsError('XML_MALFORMED', `malformed end tag </${name}> at offset ${position}`);
      }
      cursor += 1;
      const open = stack.pop();
      if (open === undefined || open.name !== name) {
        throw new OqsError(
          'XML_MALFORMED',
          `end tag </${name}> does not match ${open === undefined ? 'any open element' : `<${open.name}>`} at offset ${position}`,
        );
      }
      const element = closeElement(open, position);
      const parentElement = stack[stack.length - 1];
      if (parentElement === undefined) root = element;
      else parentElement.children.push(element);
      position = cursor;
      continue;
    }
    // Start tag.
    if (root !== undefined) {
      throw new OqsError('XML_MALFORMED', `a second root element at offset ${position}`);
    }
    const name = readName(source, position + 1);
    let cursor = skipWhitespace(source, position + 1 + name.length);
    const selfClosing = source.startsWith('/>', cursor);
    if (selfClosing) cursor += 2;
    else if (source.charCodeAt(cursor) === 0x3e) cursor += 1;
    else if (cursor < source.length && /[A-Za-z_:]/.test(source.charAt(cursor))) {
      throw new OqsError('XML_FORBIDDEN_CONSTRUCT', `attribute on <${name}> at offset ${position}`);
    } else {
      throw new OqsError('XML_MALFORMED', `malformed start tag <${name}> at offset ${position}`);
    }
    if (stack.length + 1 > maxDepth) {
      throw new OqsError('XML_TOO_DEEP', `nesting deeper than ${maxDepth} at offset ${position}`);
    }
    if (selfClosing) {
      const element: XmlElement = { name, children: [], text: '' };
      const parentElement = stack[stack.length - 1];
      if (parentElement === undefined) root = element;
      else parentElement.children.push(element);
    } else {
      stack.push({ name, children: [], text: '' });
    }
    position = cursor;
  }

  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) throw new OqsError('XML_MALFORMED', `unclosed element <${unclosed.name}>`);
  if (root === undefined) throw new OqsError('XML_MALFORMED', 'no root element');
  return { root, declaredEncoding };
}

function closeElement(open: OpenElement, offset: number): XmlElement {
  if (open.children.length === 0) return { name: open.name, children: [], text: open.text };
  if (!WHITESPACE_ONLY.test(open.text)) {
    throw new OqsError('XML_MALFORMED', `<${open.name}> mixes text and elements (before offset ${offset})`);
  }
  return { name: open.name, children: open.children, text: undefined };
}

function readName(source: string, position: number): string {
  // A fresh sticky pattern per call: a shared one would carry lastIndex between documents.
  const nameAt = /[A-Za-z_][A-Za-z0-9_.-]*/y;
  nameAt.lastIndex = position;
  const match = nameAt.exec(source);
  if (match === null || !ELEMENT_NAME.test(match[0])) {
    throw new OqsError('XML_MALFORMED', `expected an element name at offset ${position}`);
  }
  // A `:` right after the name would be a namespace prefix, which these messages never use.
  if (source.charAt(position + match[0].length) === ':') {
    throw new OqsError('XML_FORBIDDEN_CONSTRUCT', `namespace prefix at offset ${position}`);
  }
  return match[0];
}

function skipWhitespace(source: string, position: number): number {
  let cursor = position;
  while (cursor < source.length && ' \t\r\n'.includes(source.charAt(cursor))) cursor += 1;
  return cursor;
}

function skipComment(source: string, position: number): number {
  const end = source.indexOf('--', position + 4);
  if (end === -1) throw new OqsError('XML_MALFORMED', `unterminated comment at offset ${position}`);
  if (source.charAt(end + 2) !== '>') throw new OqsError('XML_MALFORMED', `"--" inside a comment at offset ${end}`);
  assertXmlChars(source.slice(position + 4, end), position);
  return end + 3;
}

function assertXmlChars(text: string, offset: number): void {
  for (const char of text) {
    if (!isXmlChar(char.codePointAt(0) ?? 0)) {
      throw new OqsError('XML_MALFORMED', `character U+${hex(char.codePointAt(0) ?? 0)} is not allowed in XML (near offset ${offset})`);
    }
  }
}

function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Raw character data: check characters, normalise line ends, resolve the references XML predefines. */
function decodeText(raw: string, offset: number): string {
  assertXmlChars(raw, offset);
  if (raw.includes(']]>')) throw new OqsError('XML_MALFORMED', `"]]>" in text near offset ${offset}`);
  const text = normaliseLineEnds(raw);
  if (!text.includes('&')) return text;
  let result = '';
  let cursor = 0;
  while (cursor < text.length) {
    const amp = text.indexOf('&', cursor);
    if (amp === -1) {
      result += text.slice(cursor);
      break;
    }
    result += text.slice(cursor, amp);
    const semicolon = text.indexOf(';', amp);
    if (semicolon === -1 || semicolon - amp > 12) {
      throw new OqsError('XML_MALFORMED', `unterminated reference near offset ${offset + amp}`);
    }
    result += resolveReference(text.slice(amp + 1, semicolon), offset + amp);
    cursor = semicolon + 1;
  }
  return result;
}

function resolveReference(body: string, offset: number): string {
  const predefined = PREDEFINED_ENTITIES[body];
  if (predefined !== undefined && Object.hasOwn(PREDEFINED_ENTITIES, body)) return predefined;
  const numeric = /^#(?:([0-9]{1,7})|x([0-9A-Fa-f]{1,6}))$/.exec(body);
  if (numeric === null) {
    if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(body)) {
      throw new OqsError('XML_FORBIDDEN_CONSTRUCT', `entity &${body}; is not one of the five XML predefines (offset ${offset})`);
    }
    throw new OqsError('XML_MALFORMED', `malformed reference near offset ${offset}`);
  }
  const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 10) : Number.parseInt(numeric[2] ?? '', 16);
  if (!isXmlChar(codePoint)) {
    throw new OqsError('XML_MALFORMED', `character reference to U+${hex(codePoint)} is not allowed (offset ${offset})`);
  }
  return String.fromCodePoint(codePoint);
}

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}
