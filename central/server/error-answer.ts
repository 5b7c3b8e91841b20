import { errorResponse } from '../../oqs';
import { jstDateTime } from '../service/jst-time';
import { CENTRAL_ERRORS, type CentralErrorCode } from '../service/central-errors';
import { declaredEncodingOf, encodeAnswer, type WireFormat } from './wire-format';

export interface Answer {
  status: number;
  contentType: string;
  body: Uint8Array;
  /** Close the connection after answering (e.g. after refusing an oversized body we did not read). */
  close?: boolean;
}

/** Used where no facility is known (a refused certificate, the portal): the header element is required. */
export const NO_FACILITY_CODE = '0000000000';

/** The format an error goes back in: XML when the request was XML (in its encoding), JSON otherwise. */
export function errorFormatOf(contentType: string | undefined, body: Uint8Array): WireFormat {
  const mediaType = (contentType ?? '').toLowerCase().split(';')[0]?.trim();
  if (mediaType !== 'application/xml' && mediaType !== 'text/xml') return { kind: 'json' };
  return { kind: 'xml', encoding: declaredEncodingOf(body, contentType) };
}

/** The coded error envelope (SegmentOfResult 9, ErrorCode, ErrorMessage), never anything from an exception. */
export function errorAnswer(code: CentralErrorCode, detail: string | undefined, format: WireFormat, facilityCode: string, now: Date): Answer {
  const { status, message } = CENTRAL_ERRORS[code];
  const encoded = encodeAnswer(
    errorResponse,
    {
      MessageHeader: {
        ProcessExecutionTime: jstDateTime(now),
        MedicalInstitutionCode: facilityCode,
        SegmentOfResult: '9',
        ErrorCode: code,
        ErrorMessage: detail === undefined ? message : `${message} [${sanitised(detail)}]`,
      },
      MessageBody: {},
    },
    format,
  );
  return { status, ...encoded };
}

/** Details are our own codes and element paths; still, keep them short and printable. */
function sanitised(detail: string): string {
  return detail.replace(/[^\x20-\x7E]/g, '?').slice(0, 200);
}
