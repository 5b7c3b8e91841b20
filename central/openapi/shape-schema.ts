import type { Shape, XmlMessageCodec } from '../../oqs/index';
import { JSON_SCHEMA_DIALECT, type JsonSchemaObject } from './json-schema';

// Field and ValueCheckDescription are not exported by oqs/index.ts; derive them from Shape instead.
type Field = Shape[string];
type TextField = Extract<Field, { kind: 'text' }>;
type CheckDescription = NonNullable<TextField['check']['description']>;

/** Only the parts of a codec a schema needs, so any XmlMessageCodec<H, B> fits. */
export type MessageCodecLike = Pick<XmlMessageCodec<Shape, Shape>, 'messageName' | 'shape'>;

export interface ShapeSchemaOptions {
  /**
   * Members the shape does not know. The parser skips them by default (newer layouts add fields), but a
   * document is more useful when it tells clients exactly what to send: 'reject' (default) emits
   * additionalProperties: false.
   */
  readonly unknownMembers?: 'reject' | 'allow';
}

/** JSON Schema for the JSON form (oqs/json/json-form.ts) of one shape: an object whose leaves are strings. */
export function jsonSchemaOfShape(shape: Shape, options: ShapeSchemaOptions = {}): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(shape)) {
    properties[name] = fieldSchema(name, field, options);
    if (isRequired(field)) required.push(name);
    // The older consent name (§5.1) is accepted on input, so a strict object must list it too.
    if (field.kind === 'text' && field.olderName !== undefined && !Object.hasOwn(shape, field.olderName)) {
      properties[field.olderName] = {
        ...textSchema(field),
        deprecated: true,
        description: `Older (2023 face-file) name of ${name} (§5.1), accepted on input; send one of the two, never both.`,
        'x-oqs-newer-name': name,
      };
    }
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(options.unknownMembers === 'allow' ? {} : { additionalProperties: false }),
  };
}

/** `{"XmlMsg":{"MessageHeader":{…},"MessageBody":{…}}}` for one message, as the JSON API carries it (§8). */
export function jsonSchemaOfMessage(codec: MessageCodecLike, options: ShapeSchemaOptions = {}): JsonSchemaObject {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: codec.messageName,
    description: `${codec.messageName} in the JSON form of the central API: every value is a string.`,
    type: 'object',
    properties: { XmlMsg: jsonSchemaOfShape(codec.shape, options) },
    required: ['XmlMsg'],
    // fromJsonForm insists on exactly one "XmlMsg" key, whatever the options.
    additionalProperties: false,
  };
}

/** A repeated field with no minimum writes no key at all when empty, so only a positive minimum makes it required. */
function isRequired(field: Field): boolean {
  return field.kind === 'repeated' ? field.min > 0 : !field.optional;
}

function fieldSchema(name: string, field: Field, options: ShapeSchemaOptions): JsonSchemaObject {
  switch (field.kind) {
    case 'text': {
      const schema = textSchema(field);
      if (field.olderName === undefined) return schema;
      return {
        ...schema,
        description: joinSentences(schema.description, `Older name (§5.1): ${field.olderName}, accepted on input and written when the older naming is asked for.`),
        'x-oqs-older-name': field.olderName,
      };
    }
    case 'group':
      return jsonSchemaOfShape(field.shape, options);
    case 'list':
      return {
        type: 'array',
        description: `A list of ${field.itemName}; each entry is wrapped as {"${field.itemName}":{…}}. Empty ([]) when the XML element is empty. Another shape is refused with JSON_LIST_SHAPE.`,
        'x-oqs-list-shape': 'wrapped',
        items: {
          type: 'object',
          properties: { [field.itemName]: jsonSchemaOfShape(field.item, options) },
          required: [field.itemName],
          additionalProperties: false,
        },
      };
    case 'repeated':
      return {
        type: 'array',
        description: `${name} repeated directly in its parent in XML; here one array entry per element, its content not wrapped again${field.min > 0 ? `, at least ${field.min}` : ', the key absent when there are none'}. Another shape is refused with JSON_LIST_SHAPE.`,
        'x-oqs-list-shape': 'repeated',
        items: jsonSchemaOfShape(field.item, options),
        ...(field.min > 0 ? { minItems: field.min } : {}),
      };
  }
}

/**
 * A text leaf. An optional element may be present but blank (the parser keeps '' unchecked), so for an
 * optional field every constraint also admits ''.
 */
function textSchema(field: TextField): JsonSchemaObject {
  const description: CheckDescription = field.check.description ?? {};
  const blankAllowed = field.optional;
  const patterns = (description.patterns ?? []).flatMap((regex) => {
    const source = schemaPattern(regex);
    return source === undefined ? [] : [blankAllowed ? `^$|(?:${source})` : source];
  });
  const codes = description.enum === undefined ? undefined : blankAllowed && !description.enum.includes('') ? [...description.enum, ''] : [...description.enum];
  const notes = [
    description.note,
    field.check.description === undefined ? 'Checked by the server beyond what this schema says.' : undefined,
    blankAllowed ? 'Optional; an empty string means present but blank.' : undefined,
  ];
  return {
    type: 'string',
    ...(patterns.length === 1 ? { pattern: patterns[0] } : {}),
    ...(patterns.length > 1 ? { allOf: patterns.map((pattern) => ({ pattern })) } : {}),
    ...(description.maxLength !== undefined ? { maxLength: description.maxLength } : {}),
    ...(codes !== undefined ? { enum: codes } : {}),
    ...descriptionOf(notes),
  };
}

/**
 * JSON Schema patterns are ECMA-262 regular expressions in Unicode mode without flags. A pattern that
 * needs flags or does not compile that way is left out: a missing constraint is weaker, never wrong.
 */
function schemaPattern(regex: RegExp): string | undefined {
  if (regex.flags.replace('u', '') !== '') return undefined;
  try {
    new RegExp(regex.source, 'u');
  } catch {
    return undefined;
  }
  return regex.source;
}

function descriptionOf(parts: readonly (string | undefined)[]): { description?: string } {
  const text = joinSentences(...parts);
  return text === undefined ? {} : { description: text };
}

function joinSentences(...parts: readonly (string | undefined)[]): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  if (present.length === 0) return undefined;
  return present.map((part) => (/[.。)]$/.test(part) ? part : `${part}.`)).join(' ');
}
