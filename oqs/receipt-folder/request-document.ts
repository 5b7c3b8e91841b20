import { declaredEncodingLabel, canonicalEncoding } from '../encoding/xml-text-encoding';
import { isOqsError, type OqsErrorCode } from '../errors';
import { bulkQualificationUpload, bulkResultRequest, type BulkQualificationUpload, type BulkResultRequest } from '../messages/bulk-messages';
import { checkupRequest, drugInfoRequest, type CheckupRequest, type DrugInfoRequest } from '../messages/drug-and-checkup-messages';
import { qualificationRequest, type QualificationRequest } from '../messages/qualification-messages';
import { referenceNumberRequest, type ReferenceNumberRequest } from '../messages/reference-number-messages';
import type { XmlDeclaredEncoding } from '../xml/xml-element';
import type { FolderErrorCode } from './folder-error-codes';
import type { RequestFamily } from './request-name';

/** A request read from Req, by family. */
export type FolderRequest =
  | { readonly family: 'qualification'; readonly model: QualificationRequest }
  | { readonly family: 'bulk-upload'; readonly model: BulkQualificationUpload }
  | { readonly family: 'bulk-result'; readonly model: BulkResultRequest }
  | { readonly family: 'reference-number'; readonly model: ReferenceNumberRequest }
  | { readonly family: 'drug-info'; readonly model: DrugInfoRequest }
  | { readonly family: 'checkup'; readonly model: CheckupRequest };

export type ReadRequestOutcome =
  | { readonly ok: true; readonly request: FolderRequest; readonly encoding: XmlDeclaredEncoding }
  | {
      readonly ok: false;
      readonly code: FolderErrorCode;
      /** For the log: a codec code and element path, never a value. */
      readonly detail: string;
      /** The encoding the file declares, when it names one we read (the error is answered in it). */
      readonly encoding: XmlDeclaredEncoding | undefined;
      /** The request's ArbitraryFileIdentifier when it could still be found, to echo. */
      readonly arbitraryFileIdentifier?: string;
    };

export interface ReadRequestOptions {
  /** This terminal's 医療機関コード: a request naming another is refused. */
  readonly medicalInstitutionCode: string;
  /** Largest file read (the caller refuses larger ones before reading; this is the codec's own bound). */
  readonly maxBytes: number;
}

/**
 * Reads one request file of a known family: decoded by its XML declaration (Shift_JIS or UTF-8, §2.3),
 * parsed by name with that family's codec, and checked to be this facility's. Never throws: every
 * failure is the folder error code to answer with.
 */
export function readFolderRequest(family: RequestFamily, bytes: Uint8Array, options: ReadRequestOptions): ReadRequestOutcome {
  const encoding = requestEncodingOf(bytes);
  let request: FolderRequest;
  try {
    request = parseFamily(family, bytes, options.maxBytes);
  } catch (error) {
    const code = isOqsError(error) ? folderCodeOf(error.code) : 'REQUEST_MALFORMED';
    const detail = isOqsError(error) ? (error.path === undefined ? error.code : `${error.code} at ${error.path}`) : 'unreadable';
    const arbitraryFileIdentifier = code === 'REQUEST_ENCODING' ? undefined : looseArbitraryFileIdentifier(bytes, encoding);
    return { ok: false, code, detail, encoding, ...(arbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier }) };
  }
  const header = request.model.MessageHeader;
  if (header.MedicalInstitutionCode !== options.medicalInstitutionCode) {
    return {
      ok: false,
      code: 'REQUEST_FACILITY_MISMATCH',
      detail: 'MedicalInstitutionCode is not this terminal\'s',
      encoding,
      ...(header.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: header.ArbitraryFileIdentifier }),
    };
  }
  // A document that parsed has a declaration we read, or none (UTF-8).
  return { ok: true, request, encoding: encoding ?? 'UTF-8' };
}

/**
 * True when the bytes end with the root's end tag (then only white space): a file still being
 * written has not got there yet. Both encodings write these ASCII bytes alike.
 */
export function isCompleteDocument(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && isXmlSpace(bytes[end - 1]!)) end -= 1;
  const tail = Buffer.from(bytes.subarray(Math.max(0, end - 64), end)).toString('latin1');
  return /<\/XmlMsg[ \t\r\n]*>$/.test(tail);
}

function parseFamily(family: RequestFamily, bytes: Uint8Array, maxBytes: number): FolderRequest {
  const options = { maxBytes };
  switch (family) {
    case 'qualification':
      return { family, model: qualificationRequest.parse(bytes, options) };
    case 'bulk-upload':
      return { family, model: bulkQualificationUpload.parse(bytes, options) };
    case 'bulk-result':
      return { family, model: bulkResultRequest.parse(bytes, options) };
    case 'reference-number':
      return { family, model: referenceNumberRequest.parse(bytes, options) };
    case 'drug-info':
      return { family, model: drugInfoRequest.parse(bytes, options) };
    case 'checkup':
      return { family, model: checkupRequest.parse(bytes, options) };
  }
}

function folderCodeOf(code: OqsErrorCode): FolderErrorCode {
  switch (code) {
    case 'XML_TOO_LARGE':
      return 'REQUEST_TOO_LARGE';
    case 'ENCODING_UNSUPPORTED':
    case 'ENCODING_MISMATCH':
      return 'REQUEST_ENCODING';
    default:
      return 'REQUEST_MALFORMED';
  }
}

/** The declared encoding when we read it; UTF-8 without a declaration (XML's default); undefined for any other. */
export function requestEncodingOf(bytes: Uint8Array): XmlDeclaredEncoding | undefined {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const label = declaredEncodingLabel(start);
  return label === undefined ? 'UTF-8' : canonicalEncoding(label);
}

/** ArbitraryFileIdentifier of a request that did not parse, if it is plainly there (printable ASCII, no markup). */
function looseArbitraryFileIdentifier(bytes: Uint8Array, encoding: XmlDeclaredEncoding | undefined): string | undefined {
  if (encoding === undefined) return undefined;
  let text: string;
  try {
    text = new TextDecoder(encoding === 'UTF-8' ? 'utf-8' : 'shift_jis', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const found = /<ArbitraryFileIdentifier>([^<&]{1,100})<\/ArbitraryFileIdentifier>/.exec(text)?.[1];
  return found !== undefined && /^[\x20-\x7E]+$/.test(found) ? found : undefined;
}

function isXmlSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}
