import {
  canonicalEncoding,
  isOqsError,
  parseJsonForm,
  toJsonForm,
  type MessageModel,
  type OqsErrorCode,
  type Shape,
  type ShapeWriteOptions,
  type XmlMessageCodec,
} from '../../oqs';
import { CentralRefusal, type CentralErrorCode } from '../service/central-errors';

/** How a request arrived and how its answer goes back: JSON (§8), or XmlMsg in Shift_JIS or UTF-8. */
export type WireFormat = { kind: 'json' } | { kind: 'xml'; encoding: 'Shift_JIS' | 'UTF-8' };

const OQS_TO_CENTRAL: Record<OqsErrorCode, CentralErrorCode> = {
  XML_MALFORMED: 'MALFORMED_XML',
  XML_FORBIDDEN_CONSTRUCT: 'MALFORMED_XML',
  XML_TOO_DEEP: 'MALFORMED_XML',
  XML_TOO_LARGE: 'BODY_TOO_LARGE',
  UNEXPECTED_ROOT: 'UNKNOWN_MESSAGE',
  UNEXPECTED_ELEMENT: 'UNKNOWN_MESSAGE',
  DUPLICATE_ELEMENT: 'INVALID_VALUE',
  MISSING_ELEMENT: 'MISSING_ELEMENT',
  INVALID_VALUE: 'INVALID_VALUE',
  UNKNOWN_CODE: 'INVALID_VALUE',
  ENCODING_UNSUPPORTED: 'UNSUPPORTED_ENCODING',
  ENCODING_MISMATCH: 'UNSUPPORTED_ENCODING',
  JSON_MALFORMED: 'MALFORMED_JSON',
  JSON_LIST_SHAPE: 'JSON_LIST_SHAPE',
};

/** The media type decides the format; a JSON body must be UTF-8 (§8: `application/json;charset=UTF-8`). */
export function requestFormatOf(contentType: string | undefined): { kind: 'json' } | { kind: 'xml' } {
  const [mediaType = '', ...parameters] = (contentType ?? '').toLowerCase().split(';').map((part) => part.trim());
  if (mediaType === 'application/json') {
    const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replaceAll('"', '');
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new CentralRefusal('UNSUPPORTED_ENCODING', 'JSON must be UTF-8');
    return { kind: 'json' };
  }
  if (mediaType === 'application/xml' || mediaType === 'text/xml') return { kind: 'xml' };
  throw new CentralRefusal('UNSUPPORTED_MEDIA_TYPE');
}

export interface ParsedRequest<H extends Shape, B extends Shape> {
  model: MessageModel<H, B>;
  format: WireFormat;
}

/** Body bytes → message model, every codec failure turned into the coded refusal it stands for. */
export function parseRequest<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  contentType: string | undefined,
  body: Uint8Array,
): ParsedRequest<H, B> {
  const requested = requestFormatOf(contentType);
  try {
    if (requested.kind === 'json') {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      return { model: parseJsonForm(codec, text), format: { kind: 'json' } };
    }
    const model = codec.parse(body);
    // Answer in the request's encoding; its declaration was checked by the parse.
    return { model, format: { kind: 'xml', encoding: declaredEncodingOf(body, contentType) } };
  } catch (error) {
    if (isOqsError(error) && error.code === 'MISSING_ELEMENT' && requested.kind === 'json' && isOtherMessage(codec, body)) {
      throw new CentralRefusal('UNKNOWN_MESSAGE', 'the body is another message type');
    }
    if (isOqsError(error)) throw new CentralRefusal(OQS_TO_CENTRAL[error.code], error.path === undefined ? error.code : `${error.code} at ${error.path}`);
    if (error instanceof TypeError) throw new CentralRefusal('UNSUPPORTED_ENCODING', 'the body is not valid UTF-8');
    throw error;
  }
}

/** A JSON body none of whose MessageBody elements this message has: another message sent to the wrong endpoint. */
function isOtherMessage<H extends Shape, B extends Shape>(codec: XmlMessageCodec<H, B>, body: Uint8Array): boolean {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as { XmlMsg?: { MessageBody?: unknown } };
    const messageBody = parsed.XmlMsg?.MessageBody;
    if (typeof messageBody !== 'object' || messageBody === null || Array.isArray(messageBody)) return false;
    const names = Object.keys(messageBody);
    const known = codec.shape.MessageBody.shape;
    return names.length > 0 && names.every((name) => !(name in known));
  } catch {
    return false;
  }
}

/**
 * The encoding a request declares, by any of its names (Shift_JIS, SJIS, Windows-31J, cp932, …): the XML
 * declaration's, else the Content-Type charset's, else UTF-8. Answers and errors go back in it.
 */
export function declaredEncodingOf(body: Uint8Array, contentType?: string): 'Shift_JIS' | 'UTF-8' {
  const head = Buffer.from(body.subarray(0, 200)).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  const charset = /;\s*charset\s*=\s*"?([A-Za-z0-9._-]+)"?/i.exec(contentType ?? '')?.[1];
  return canonicalEncoding(declared ?? charset ?? 'UTF-8') ?? 'UTF-8';
}

export interface EncodedAnswer {
  contentType: string;
  body: Uint8Array;
}

/** Model → bytes in the format the request came in. */
export function encodeAnswer<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  answer: MessageModel<H, B>,
  format: WireFormat,
  options: ShapeWriteOptions = {},
): EncodedAnswer {
  const model = withCharacterCode(codec, answer, format);
  if (format.kind === 'json') {
    return { contentType: 'application/json;charset=UTF-8', body: Buffer.from(JSON.stringify(toJsonForm(codec, model, options)), 'utf8') };
  }
  const built = codec.build(model, { ...options, encoding: format.encoding });
  return { contentType: `application/xml;charset=${format.encoding}`, body: built.bytes };
}

/** CharacterCodeIdentifier (OQSCD005) says what the bytes are, so it is set where the encoding is chosen. */
function withCharacterCode<H extends Shape, B extends Shape>(codec: XmlMessageCodec<H, B>, model: MessageModel<H, B>, format: WireFormat): MessageModel<H, B> {
  if (!('CharacterCodeIdentifier' in codec.shape.MessageHeader.shape)) return model;
  const identifier = format.kind === 'xml' && format.encoding === 'Shift_JIS' ? '1' : '0';
  return { ...model, MessageHeader: { ...model.MessageHeader, CharacterCodeIdentifier: identifier } };
}
