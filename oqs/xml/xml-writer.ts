import { OqsError } from '../errors';
import { ELEMENT_NAME, firstNonXmlChar } from './xml-chars';
import type { XmlDeclaredEncoding, XmlElement } from './xml-element';

/** The declaration real terminals write; `standalone="no"` is what sanox/OQSDrug2 show. */
export function xmlDeclaration(encoding: XmlDeclaredEncoding): string {
  return `<?xml version="1.0" encoding="${encoding}" standalone="no"?>`;
}

/** Serialises a document as text; the caller encodes it (see encoding/encode-xml-text). */
export function writeXml(root: XmlElement, encoding: XmlDeclaredEncoding): string {
  const parts: string[] = [xmlDeclaration(encoding), '\r\n'];
  writeElement(root, parts, 1);
  parts.push('\r\n');
  return parts.join('');
}

function writeElement(element: XmlElement, parts: string[], depth: number): void {
  if (!ELEMENT_NAME.test(element.name)) {
    throw new OqsError('INVALID_VALUE', `cannot write element name ${JSON.stringify(element.name)}`);
  }
  if (depth > 32) throw new OqsError('XML_TOO_DEEP', `cannot write nesting deeper than 32 at <${element.name}>`);
  parts.push('<', element.name, '>');
  if (element.text !== undefined && element.children.length > 0) {
    throw new OqsError('INVALID_VALUE', `<${element.name}> has both text and children`);
  }
  if (element.text !== undefined) parts.push(escapeText(element.text, element.name));
  for (const child of element.children) writeElement(child, parts, depth + 1);
  parts.push('</', element.name, '>');
}

/** Escapes markup characters; `\r` becomes a reference because a reader would normalise a raw one. */
export function escapeText(text: string, elementName = '?'): string {
  const bad = firstNonXmlChar(text);
  if (bad !== undefined) {
    throw new OqsError(
      'INVALID_VALUE',
      `U+${bad.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML`,
      elementName,
    );
  }
  return text.replace(/[&<>\r]/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '&#13;';
    }
  });
}
