import { OqsError } from '../errors';
import { qualificationResponse, type QualificationResponse } from './qualification-messages';
import { dateTime } from './value-checks';
import type { BuildOptions, BuiltMessage, ParseOptions } from './xml-message';

const FACE_FILE_NAME = /^OQSsiquc01res_face_([A-Za-z0-9_-]+)_(\d{14})\.xml$/;

export interface FaceFileName {
  readonly token: string;
  /** yyyyMMddHHmmss, local time. */
  readonly writtenAt: string;
}

/** `OQSsiquc01res_face_<token>_<yyyyMMddHHmmss>.xml`; the token's construction is unpublished (§6.2). */
export function formatFaceFileName(name: FaceFileName): string {
  if (!/^[A-Za-z0-9-]+$/.test(name.token)) throw new OqsError('INVALID_VALUE', `face token ${JSON.stringify(name.token)}`);
  const problem = dateTime(name.writtenAt);
  if (problem !== undefined) throw new OqsError('INVALID_VALUE', `face file time ${JSON.stringify(name.writtenAt)} is ${problem}`);
  return `OQSsiquc01res_face_${name.token}_${name.writtenAt}.xml`;
}

/** The parts of a face file name, or undefined for any other file in the folder. */
export function parseFaceFileName(fileName: string): FaceFileName | undefined {
  const match = FACE_FILE_NAME.exec(fileName);
  if (match === null) return undefined;
  // The token may itself contain `_`; the time is always the last 14 digits.
  const token = match[1] ?? '';
  const writtenAt = match[2] ?? '';
  return dateTime(writtenAt) === undefined ? { token, writtenAt } : undefined;
}

/** A face file is a 個別照会 response produced by a card reading: ReferenceClassification must be 1. */
export function parseFaceFile(bytes: Uint8Array, options?: ParseOptions): QualificationResponse {
  const model = qualificationResponse.parse(bytes, options);
  assertCardReading(model);
  return model;
}

export function buildFaceFile(model: QualificationResponse, options?: BuildOptions): BuiltMessage {
  assertCardReading(model);
  return qualificationResponse.build(model, options);
}

function assertCardReading(model: QualificationResponse): void {
  if (model.MessageHeader.ReferenceClassification !== '1') {
    throw new OqsError(
      'INVALID_VALUE',
      'a face file must have ReferenceClassification 1 (マイナンバーカード)',
      'XmlMsg/MessageHeader/ReferenceClassification',
    );
  }
}
