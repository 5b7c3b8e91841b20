import { decodeXmlBytes, encodeXmlText, type DecodeOptions } from '../encoding/xml-text-encoding';
import { OqsError } from '../errors';
import type { XmlDeclaredEncoding, XmlElement } from '../xml/xml-element';
import { parent } from '../xml/xml-element';
import { readXml, type XmlReadOptions } from '../xml/xml-reader';
import { writeXml } from '../xml/xml-writer';
import { group, type GroupField, type ModelOf, type Shape } from './schema';
import { readShape, writeShape, type ShapeReadOptions, type ShapeWriteOptions } from './schema-codec';

export const ROOT_ELEMENT = 'XmlMsg';

export interface ParseOptions extends DecodeOptions, XmlReadOptions, ShapeReadOptions {
  /** Refuse a CharacterCodeIdentifier that contradicts the declared encoding (default true). */
  readonly checkCharacterCodeIdentifier?: boolean;
}

export interface BuildOptions extends ShapeWriteOptions {
  /** Default Shift_JIS, what requests and most files use (§2.3). */
  readonly encoding?: XmlDeclaredEncoding;
}

export interface BuiltMessage {
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly encoding: XmlDeclaredEncoding;
  /** Characters written as ● because Shift_JIS has no code for them: log or flag these. */
  readonly substituted: readonly string[];
}

export interface EnvelopeShape<H extends Shape, B extends Shape> extends Shape {
  readonly MessageHeader: GroupField<H, false>;
  readonly MessageBody: GroupField<B, false>;
}

export type MessageModel<H extends Shape, B extends Shape> = {
  MessageHeader: ModelOf<H>;
  MessageBody: ModelOf<B>;
};

/** One XmlMsg message type: its shape plus parse/build over bytes, text and element trees. */
export interface XmlMessageCodec<H extends Shape, B extends Shape> {
  readonly messageName: string;
  readonly shape: EnvelopeShape<H, B>;
  parse(bytes: Uint8Array, options?: ParseOptions): MessageModel<H, B>;
  parseText(text: string, options?: ParseOptions): MessageModel<H, B>;
  fromElement(root: XmlElement, options?: ShapeReadOptions): MessageModel<H, B>;
  toElement(model: MessageModel<H, B>, options?: ShapeWriteOptions): XmlElement;
  build(model: MessageModel<H, B>, options?: BuildOptions): BuiltMessage;
}

const ENCODING_OF_IDENTIFIER: Readonly<Record<string, XmlDeclaredEncoding>> = { '0': 'UTF-8', '1': 'Shift_JIS' };

export function defineXmlMessage<H extends Shape, B extends Shape>(
  messageName: string,
  header: H,
  body: B,
): XmlMessageCodec<H, B> {
  const shape: EnvelopeShape<H, B> = { MessageHeader: group(header), MessageBody: group(body) };

  const fromElement = (root: XmlElement, options: ShapeReadOptions = {}): MessageModel<H, B> => {
    if (root.name !== ROOT_ELEMENT) {
      throw new OqsError('UNEXPECTED_ROOT', `root is <${root.name}>, expected <${ROOT_ELEMENT}>`);
    }
    return readShape(root, shape, ROOT_ELEMENT, options) as MessageModel<H, B>;
  };

  const checkIdentifier = (model: MessageModel<H, B>, encoding: XmlDeclaredEncoding): void => {
    const identifier = (model.MessageHeader as Record<string, unknown>)['CharacterCodeIdentifier'];
    if (typeof identifier !== 'string' || identifier === '') return;
    const expected = ENCODING_OF_IDENTIFIER[identifier];
    if (expected !== undefined && expected !== encoding) {
      throw new OqsError('ENCODING_MISMATCH', `CharacterCodeIdentifier ${identifier} says ${expected}, the document is ${encoding}`);
    }
  };

  const parseDecoded = (text: string, encoding: XmlDeclaredEncoding | undefined, options: ParseOptions): MessageModel<H, B> => {
    const document = readXml(text, options);
    const model = fromElement(document.root, options);
    if (encoding !== undefined && options.checkCharacterCodeIdentifier !== false) checkIdentifier(model, encoding);
    return model;
  };

  return {
    messageName,
    shape,
    fromElement,
    toElement: (model, options = {}) => parent(ROOT_ELEMENT, writeShape(model, shape, ROOT_ELEMENT, options, 'file')),
    parse(bytes, options = {}) {
      const decoded = decodeXmlBytes(bytes, options);
      return parseDecoded(decoded.text, decoded.encoding, options);
    },
    parseText(text, options = {}) {
      return parseDecoded(text, undefined, options);
    },
    build(model, options = {}) {
      const encoding = options.encoding ?? 'Shift_JIS';
      checkIdentifier(model, encoding);
      const text = writeXml(parent(ROOT_ELEMENT, writeShape(model, shape, ROOT_ELEMENT, options, 'file')), encoding);
      const { bytes, substituted } = encodeXmlText(text, encoding);
      return { bytes, text, encoding, substituted };
    },
  };
}
