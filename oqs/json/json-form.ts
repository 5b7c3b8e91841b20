import { OqsError } from '../errors';
import { writeShape, type ShapeReadOptions, type ShapeWriteOptions } from '../messages/schema-codec';
import type { Field, Shape } from '../messages/schema';
import { ROOT_ELEMENT, type MessageModel, type XmlMessageCodec } from '../messages/xml-message';
import { leaf, parent, type XmlElement } from '../xml/xml-element';
import { refuseGroupAsArray, refuseMisplacedEntries, repeatedEntries, wrappedEntries } from './list-shape';

/** The JSON API form (§8): `{"XmlMsg":{…}}`, every value a string, lists in the one shape of list-shape.ts. */
export type JsonForm = { readonly XmlMsg: JsonObject };
export interface JsonObject {
  readonly [key: string]: JsonValue;
}
export type JsonValue = string | JsonObject | readonly JsonValue[];

export const DEFAULT_MAX_JSON_CHARS = 10 * 1024 * 1024;

/** Model → JSON form; the model is checked exactly as the XML builder checks it, 保険者番号 zero-padded (§2.3). */
export function toJsonForm<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  model: MessageModel<H, B>,
  options: ShapeWriteOptions = {},
): JsonForm {
  const children = writeShape(model, codec.shape, ROOT_ELEMENT, options, 'json');
  return { XmlMsg: elementsToJson(children, codec.shape) };
}

/** JSON form (already parsed) → model, with the same checks as the XML parser. */
export function fromJsonForm<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  json: unknown,
  options: ShapeReadOptions = {},
): MessageModel<H, B> {
  const envelope = expectObject(json, '$');
  const keys = Object.keys(envelope);
  if (keys.length !== 1 || keys[0] !== ROOT_ELEMENT) {
    throw new OqsError('UNEXPECTED_ROOT', `expected a single "${ROOT_ELEMENT}" key`, '$');
  }
  const root = parent(ROOT_ELEMENT, jsonToElements(envelope[ROOT_ELEMENT], codec.shape, ROOT_ELEMENT, ROOT_ELEMENT, options));
  return codec.fromElement(root, options);
}

/** JSON text (e.g. an HTTP body) → model; malformed JSON is a coded error. */
export function parseJsonForm<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  text: string,
  options: ShapeReadOptions & { readonly maxChars?: number } = {},
): MessageModel<H, B> {
  const maxChars = options.maxChars ?? DEFAULT_MAX_JSON_CHARS;
  if (text.length > maxChars) throw new OqsError('XML_TOO_LARGE', `JSON body has ${text.length} characters, limit ${maxChars}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OqsError('JSON_MALFORMED', 'the body is not JSON');
  }
  return fromJsonForm(codec, json, options);
}

function elementsToJson(elements: readonly XmlElement[], shape: Shape): JsonObject {
  const result: Record<string, JsonValue> = {};
  for (const element of elements) {
    const field = fieldFor(shape, element.name);
    if (field === undefined) continue;
    switch (field.kind) {
      case 'text':
        result[element.name] = element.text ?? '';
        break;
      case 'group':
        result[element.name] = elementsToJson(element.children, field.shape);
        break;
      case 'list':
        result[element.name] = element.children.map((item) => ({ [field.itemName]: elementsToJson(item.children, field.item) }));
        break;
      case 'repeated': {
        const existing = result[element.name];
        const items = Array.isArray(existing) ? (existing as JsonValue[]) : [];
        items.push(elementsToJson(element.children, field.item));
        result[element.name] = items;
        break;
      }
    }
  }
  return result;
}

function jsonToElements(value: unknown, shape: Shape, ownName: string, path: string, options: ShapeReadOptions): XmlElement[] {
  const object = expectObject(value, path);
  const elements: XmlElement[] = [];
  for (const [key, member] of Object.entries(object)) {
    const memberPath = `${path}/${key}`;
    const field = fieldFor(shape, key);
    if (field === undefined) {
      refuseMisplacedEntries(key, shape, ownName, memberPath);
      if (options.unknownElements === 'reject') throw new OqsError('UNEXPECTED_ELEMENT', `"${key}" is not part of this message`, memberPath);
      continue;
    }
    switch (field.kind) {
      case 'text':
        if (typeof member !== 'string') throw new OqsError('INVALID_VALUE', 'every JSON value must be a string', memberPath);
        // The JSON form must always be writable as XML: no character XML 1.0 refuses.
        if (XML_ILLEGAL.test(member)) throw new OqsError('INVALID_VALUE', 'a character XML does not allow (control character, U+FFFE/U+FFFF or a lone surrogate)', memberPath);
        elements.push(leaf(key, member));
        break;
      case 'group':
        refuseGroupAsArray(member, key, memberPath);
        elements.push(parent(key, jsonToElements(member, field.shape, key, memberPath, options)));
        break;
      case 'list':
        elements.push(
          parent(
            key,
            wrappedEntries(member, key, field.itemName, memberPath).map((entry, index) =>
              parent(field.itemName, jsonToElements(entry, field.item, field.itemName, `${memberPath}[${index}]/${field.itemName}`, options)),
            ),
          ),
        );
        break;
      case 'repeated':
        repeatedEntries(member, key, field.item, memberPath).forEach((entry, index) =>
          elements.push(parent(key, jsonToElements(entry, field.item, key, `${memberPath}[${index}]`, options))),
        );
        break;
    }
  }
  return elements;
}

/** Characters outside XML 1.0's Char production: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates. */
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The field a key names, by its current or older (§5.1) name; own properties only, so `__proto__` is just unknown. */
function fieldFor(shape: Shape, key: string): Field | undefined {
  if (Object.hasOwn(shape, key)) return shape[key];
  return Object.values(shape).find((candidate) => candidate.kind === 'text' && candidate.olderName === key);
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OqsError('INVALID_VALUE', 'expected a JSON object', path);
  }
  return value as Record<string, unknown>;
}
