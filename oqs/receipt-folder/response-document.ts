import { errorResponse } from '../messages/error-response';
import type { Shape } from '../messages/schema';
import type { BuiltMessage, MessageModel, XmlMessageCodec } from '../messages/xml-message';
import type { XmlDeclaredEncoding } from '../xml/xml-element';
import type { CodedError } from './folder-error-codes';

/**
 * Which encoding a response in Res is written in. What picks it in the real terminal is unpublished
 * (§2.3, §10), so it is a setting: `as-request` answers in the encoding the request file declared
 * (Shift_JIS when it declares Shift_JIS, UTF-8 when it declares UTF-8 or nothing), or always one of the two.
 */
export type ResponseEncodingRule = 'as-request' | 'Shift_JIS' | 'UTF-8';

/** CharacterCodeIdentifier (OQSCD005) of each encoding. */
export const CHARACTER_CODE_IDENTIFIER_OF: Readonly<Record<XmlDeclaredEncoding, '0' | '1'>> = { 'UTF-8': '0', Shift_JIS: '1' };

/**
 * The response's encoding; `fallback` when the rule follows the request but the request's encoding
 * could not be told (a file that is no XML, or declares an encoding we do not read).
 */
export function responseEncodingOf(rule: ResponseEncodingRule, requestEncoding: XmlDeclaredEncoding | undefined, fallback: XmlDeclaredEncoding): XmlDeclaredEncoding {
  if (rule !== 'as-request') return rule;
  return requestEncoding ?? fallback;
}

/**
 * A response message as bytes in `encoding`, its CharacterCodeIdentifier set to match whatever the
 * model said. In Shift_JIS a character without a code (外字 such as 𠮷) becomes ● as real files
 * show it, and `substituted` lists each one so the caller can count and report them; UTF-8 keeps
 * every character.
 */
export function buildResponseDocument<H extends Shape, B extends Shape>(
  codec: XmlMessageCodec<H, B>,
  model: MessageModel<H, B>,
  encoding: XmlDeclaredEncoding,
): BuiltMessage {
  const header = { ...(model.MessageHeader as Record<string, unknown>), CharacterCodeIdentifier: CHARACTER_CODE_IDENTIFIER_OF[encoding] };
  return codec.build({ ...model, MessageHeader: header as unknown as MessageModel<H, B>['MessageHeader'] }, { encoding });
}

export interface ErrorEnvelopeInput {
  readonly medicalInstitutionCode: string;
  readonly error: CodedError;
  /** yyyyMMddHHmmss, JST. */
  readonly processExecutionTime: string;
  /** Echoed when the request's own could be read. */
  readonly arbitraryFileIdentifier?: string;
  readonly encoding: XmlDeclaredEncoding;
}

/** The §3 error envelope: SegmentOfResult 9 with ErrorCode and ErrorMessage in the header, an empty body. */
export function buildErrorEnvelope(input: ErrorEnvelopeInput): BuiltMessage {
  return buildResponseDocument(
    errorResponse,
    {
      MessageHeader: {
        ProcessExecutionTime: input.processExecutionTime,
        MedicalInstitutionCode: input.medicalInstitutionCode,
        ...(input.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: input.arbitraryFileIdentifier }),
        SegmentOfResult: '9',
        ErrorCode: input.error.code,
        ErrorMessage: input.error.message,
      },
      MessageBody: {},
    },
    input.encoding,
  );
}
