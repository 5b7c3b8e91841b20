import { decodeXmlBytes } from '../encoding/xml-text-encoding';
import { OqsError } from '../errors';
import type { XmlElement } from '../xml/xml-element';
import { readXml } from '../xml/xml-reader';
import type { ParseOptions } from './xml-message';

export type ResultCodeVerdict =
  | { readonly ok: true; readonly resultCode: '1' }
  | { readonly ok: false; readonly resultCode: string | undefined; readonly messageContents: string | undefined };

/**
 * YZK/TKK success test (§6.5): `ResultCode`=1 found anywhere in the document; otherwise the reason is in
 * `MessageContents`. Several different ResultCodes are refused rather than guessed.
 */
export function judgeResultCode(bytes: Uint8Array, options: ParseOptions = {}): ResultCodeVerdict {
  const { root } = readXml(decodeXmlBytes(bytes, options).text, options);
  const resultCodes = new Set(collectText(root, 'ResultCode'));
  if (resultCodes.size > 1) {
    throw new OqsError('DUPLICATE_ELEMENT', `conflicting ResultCode values: ${[...resultCodes].join(', ')}`);
  }
  const [resultCode] = resultCodes;
  if (resultCode === '1') return { ok: true, resultCode };
  return { ok: false, resultCode, messageContents: collectText(root, 'MessageContents')[0] };
}

function collectText(element: XmlElement, name: string, found: string[] = []): string[] {
  if (element.name === name && element.text !== undefined) found.push(element.text);
  for (const child of element.children) collectText(child, name, found);
  return found;
}
