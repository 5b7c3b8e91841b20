// The public surface of oqs/ for terminal/ and central/: import from here, not from the files inside.
export { OqsError, isOqsError, type OqsErrorCode } from './errors';
export { readXml, type XmlReadOptions } from './xml/xml-reader';
export { writeXml, xmlDeclaration } from './xml/xml-writer';
export type { XmlDeclaredEncoding, XmlDocument, XmlElement } from './xml/xml-element';
export { decodeXmlBytes, encodeXmlText, canonicalEncoding, type DecodeOptions, type DecodedXml } from './encoding/xml-text-encoding';
export { encodeShiftJis, hasShiftJisCode, SUBSTITUTE_CHARACTER, type ShiftJisEncoding } from './encoding/shift-jis-encoder';
export { codesOf, isCodeOf, labelOf, type CodeTable } from './codes/code-table';
export * from './codes/oqs-codes';
export type { ModelOf, Shape, WriteTarget } from './messages/schema';
export type { ConsentNaming, ShapeReadOptions, ShapeWriteOptions } from './messages/schema-codec';
export {
  defineXmlMessage,
  ROOT_ELEMENT,
  type BuildOptions,
  type BuiltMessage,
  type MessageModel,
  type ParseOptions,
  type XmlMessageCodec,
} from './messages/xml-message';
export {
  qualificationRequest,
  qualificationResponse,
  type QualificationRequest,
  type QualificationResponse,
  type QualificationSearchInfo,
} from './messages/qualification-messages';
export type { QualificationResult } from './messages/qualification-result';
export { buildFaceFile, formatFaceFileName, parseFaceFile, parseFaceFileName, type FaceFileName } from './messages/face-file';
export {
  FaceFolderError,
  faceFileTime,
  faceFileToken,
  isFaceFolderError,
  writeFaceFile,
  type FaceFileEncoding,
  type FaceFolderErrorCode,
  type WriteFaceFileInput,
  type WrittenFaceFile,
} from './face-folder';
export {
  judgeQualificationResponse,
  judgeQualificationResponseBytes,
  type ExpectedIdentity,
  type ResponseJudgement,
} from './messages/judge-response';
export { canonicalInsurerNumber, insurerNumberFor, sameInsurerNumber } from './messages/insurer-number';
export {
  bulkCriteriaUpload,
  bulkQualificationAcceptance,
  bulkQualificationUpload,
  bulkResult,
  bulkResultRequest,
  type BulkCriteriaUpload,
  type BulkQualificationAcceptance,
  type BulkQualificationUpload,
  type BulkResult,
  type BulkResultRequest,
} from './messages/bulk-messages';
export { errorResponse, type ErrorResponse } from './messages/error-response';
export {
  cardQualificationRequest,
  type CardQualificationRequest,
} from './messages/card-qualification-messages';
export { cardPresenceStatement, PRESENCE_CONSENT_FIELDS, type CardPresenceFacts } from './presence/card-presence';
export {
  referenceNumberRequest,
  referenceNumberResponse,
  type ReferenceNumberRequest,
  type ReferenceNumberResponse,
} from './messages/reference-number-messages';
export {
  checkupRequest,
  checkupResponse,
  drugInfoRequest,
  drugInfoResponse,
  type CheckupRequest,
  type CheckupResponse,
  type DrugInfoRequest,
  type DrugInfoResponse,
} from './messages/drug-and-checkup-messages';
export { judgeResultCode, type ResultCodeVerdict } from './messages/result-code';
export { fromJsonForm, parseJsonForm, toJsonForm, type JsonForm } from './json/json-form';
export { JSON_LIST_SHAPE_RULE } from './json/list-shape';
