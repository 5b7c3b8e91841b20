import type { CentralFailure } from '../../flow/ports/central-system';
import { faceFileTime, isOqsError, type BuiltMessage, type MessageModel, type Shape, type XmlDeclaredEncoding, type XmlMessageCodec } from '../../oqs';
import {
  buildErrorEnvelope,
  buildResponseDocument,
  centralFailureError,
  folderError,
  readFolderRequest,
  requestEncodingOf,
  responseEncodingOf,
  type CodedError,
  type RequestFamily,
  type RequestName,
} from '../../oqs/receipt-folder';
import { answerFamily, isRetryableOutage, type FamilyResponse, type FolderCentral } from './family-answers';
import type { ReceiptFolderSettings } from './settings';

export type AnsweringSettings = Pick<ReceiptFolderSettings, 'maxRequestBytes' | 'responseEncoding' | 'fallbackEncoding' | 'centralOutage' | 'errorCodes'>;

export interface AnsweringContext {
  readonly settings: AnsweringSettings;
  readonly central: FolderCentral;
  readonly medicalInstitutionCode: string;
  readonly now: Date;
}

export type Answering =
  | {
      readonly kind: 'document';
      readonly document: BuiltMessage;
      readonly family: RequestFamily | undefined;
      /** The ErrorCode written, when the answer is the §3 error envelope. */
      readonly errorCode: string | undefined;
      /** Set when the central system was asked and answered (a success or a refusal). */
      readonly centralAnswered: boolean;
    }
  /** The central system is down and the settings say to wait: keep the request, ask again later. */
  | { readonly kind: 'wait-for-central'; readonly failure: CentralFailure };

/**
 * The response to one request file of Req: the family's answer from the central system in the
 * configured encoding, or the §3 error envelope with its code for a request that cannot be answered
 * (`bytes` undefined: larger than the limit, not read). Never throws for anything in the file.
 */
export async function answerRequest(name: Exclude<RequestName, { kind: 'not-a-request' }>, bytes: Uint8Array | undefined, context: AnsweringContext): Promise<Answering> {
  const { settings } = context;
  const processExecutionTime = faceFileTime(context.now);
  const error = (coded: CodedError, requestEncoding: XmlDeclaredEncoding | undefined, family: RequestFamily | undefined, arbitraryFileIdentifier?: string, centralAnswered = false): Answering => ({
    kind: 'document',
    document: buildErrorEnvelope({
      medicalInstitutionCode: context.medicalInstitutionCode,
      error: coded,
      processExecutionTime,
      ...(arbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier }),
      encoding: responseEncodingOf(settings.responseEncoding, requestEncoding, settings.fallbackEncoding),
    }),
    family,
    errorCode: coded.code,
    centralAnswered,
  });
  const family = name.kind === 'request' ? name.family : undefined;
  if (bytes === undefined) return error(folderError('REQUEST_TOO_LARGE', settings.errorCodes), undefined, family);
  if (name.kind === 'unknown-family') return error(folderError('REQUEST_UNKNOWN_FAMILY', settings.errorCodes), requestEncodingOf(bytes), undefined);

  const read = readFolderRequest(name.family, bytes, { medicalInstitutionCode: context.medicalInstitutionCode, maxBytes: settings.maxRequestBytes });
  if (!read.ok) return error(folderError(read.code, settings.errorCodes), read.encoding, name.family, read.arbitraryFileIdentifier);
  const echo = read.request.model.MessageHeader.ArbitraryFileIdentifier;

  const outcome = await answerFamily(read.request, context.central, { medicalInstitutionCode: context.medicalInstitutionCode, processExecutionTime });
  if (!outcome.ok) {
    if (settings.centralOutage === 'retry' && isRetryableOutage(read.request, outcome)) return { kind: 'wait-for-central', failure: outcome };
    return error(centralFailureError(outcome, settings.errorCodes), read.encoding, name.family, echo, !outcome.outage);
  }
  try {
    const document = buildDocument(outcome.response, responseEncodingOf(settings.responseEncoding, read.encoding, settings.fallbackEncoding));
    return { kind: 'document', document, family: name.family, errorCode: undefined, centralAnswered: true };
  } catch (failure) {
    // The answer parsed but cannot be written again (a bug of ours or of the codec): coded, not thrown.
    if (!isOqsError(failure)) throw failure;
    return error(folderError('CENTRAL_MALFORMED_ANSWER', settings.errorCodes), read.encoding, name.family, echo, true);
  }
}

function buildDocument(response: FamilyResponse, encoding: XmlDeclaredEncoding): BuiltMessage {
  // Each member of FamilyResponse pairs a codec with its own model; TypeScript cannot follow that pairing through the union.
  const { codec, model } = response as { codec: XmlMessageCodec<Shape, Shape>; model: MessageModel<Shape, Shape> };
  return buildResponseDocument(codec, model, encoding);
}
