import { qualificationResponse } from '../../oqs/index';
import type { JsonSchemaObject } from './json-schema';
import { jsonSchemaOfShape } from './shape-schema';

/** The HTTP statuses a refusal can carry; each answers with the coded error envelope. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 413 | 415 | 429 | 500 | 503;

/** Japanese first, English beside it, as the server's messages are written. */
export const ERROR_STATUS_SUMMARY: Readonly<Record<ErrorStatus, string>> = {
  400: '要求の形式または項目の値が不正です (malformed request or invalid value)',
  401: '認証できません (client certificate, token or signature missing, unknown or expired)',
  403: '権限がありません (authenticated, but not allowed: facility mismatch, no consent, viewing blocked)',
  404: '該当するものがありません (no such resource, e.g. an unknown ReceptionNumber)',
  408: '要求がタイムアウトしました (request timed out, including an injected timeout reaching the hold limit)',
  413: '要求が大きすぎます (request body too large)',
  415: '形式が不正です (unsupported media type or character encoding)',
  429: '要求が多すぎます (too many requests)',
  500: 'システムエラーが発生しました (internal or injected error)',
  503: 'ただいまサービスを停止しています (outage, including an injected outage window)',
};

/**
 * The coded error envelope: an XmlMsg whose header says SegmentOfResult 9 with ErrorCode and
 * ErrorMessage (§3.1, §3.2). The header's other members are those of a response header, all optional:
 * a refusal may come before the facility is known.
 */
export function codedErrorSchema(): JsonSchemaObject {
  const header = jsonSchemaOfShape(qualificationResponse.shape.MessageHeader.shape);
  return {
    title: 'CodedError',
    description: '異常終了の電文 (a refusal): SegmentOfResult 9 with ErrorCode and ErrorMessage; never personal data.',
    type: 'object',
    properties: {
      XmlMsg: {
        type: 'object',
        properties: {
          MessageHeader: {
            ...header,
            properties: {
              ...header.properties,
              SegmentOfResult: { type: 'string', enum: ['9'], description: 'OQSCD003 9 異常終了.' },
              ErrorCode: { type: 'string', description: "The mock's own upper-case code, e.g. TOKEN_EXPIRED (the real list is unpublished, §10)." },
              ErrorMessage: { type: 'string', description: 'Japanese first, English in parentheses.' },
            },
            required: ['SegmentOfResult', 'ErrorCode', 'ErrorMessage'],
          },
          MessageBody: { type: 'object', description: 'Empty or absent in a refusal.' },
        },
        required: ['MessageHeader'],
        additionalProperties: false,
      },
    },
    required: ['XmlMsg'],
    additionalProperties: false,
  };
}
