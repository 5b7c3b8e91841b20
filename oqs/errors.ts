/** Every failure of the oqs/ codecs carries one of these codes, so callers branch on data, not on text. */
export type OqsErrorCode =
  | 'XML_MALFORMED'
  | 'XML_FORBIDDEN_CONSTRUCT'
  | 'XML_TOO_LARGE'
  | 'XML_TOO_DEEP'
  | 'UNEXPECTED_ROOT'
  | 'UNEXPECTED_ELEMENT'
  | 'DUPLICATE_ELEMENT'
  | 'MISSING_ELEMENT'
  | 'INVALID_VALUE'
  | 'UNKNOWN_CODE'
  | 'ENCODING_UNSUPPORTED'
  | 'ENCODING_MISMATCH'
  | 'JSON_MALFORMED'
  /** A list in the JSON form given in another shape than the one settled for every list (json/list-shape.ts). */
  | 'JSON_LIST_SHAPE';

/** A coded, caller-presentable failure. `path` names the element (e.g. `XmlMsg/MessageBody/ResultList`). */
export class OqsError extends Error {
  override readonly name = 'OqsError';
  readonly code: OqsErrorCode;
  readonly path: string | undefined;

  constructor(code: OqsErrorCode, message: string, path?: string) {
    super(path === undefined ? message : `${message} (at ${path})`);
    this.code = code;
    this.path = path;
  }

  /** What callers log or send: code, message and path, never a stack trace. */
  toJSON(): { code: OqsErrorCode; message: string; path?: string } {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }
}

export function isOqsError(value: unknown): value is OqsError {
  return value instanceof OqsError;
}
