/** The formats of the レセコン req/res folder interface (oqs-interface.md §2, §3, §6). See README.md. */
export { FAMILY_OF_PREFIX, MAX_NAME_BYTES, isResponseName, parseRequestName, type RequestFamily, type RequestName } from './request-name';
export { FOLDER_ERRORS, centralFailureError, folderError, type CodedError, type ErrorCodeMap, type FolderErrorCode } from './folder-error-codes';
export { isCompleteDocument, readFolderRequest, requestEncodingOf, type FolderRequest, type ReadRequestOptions, type ReadRequestOutcome } from './request-document';
export {
  CHARACTER_CODE_IDENTIFIER_OF,
  buildErrorEnvelope,
  buildResponseDocument,
  responseEncodingOf,
  type ErrorEnvelopeInput,
  type ResponseEncodingRule,
} from './response-document';
export { errorCodeOf, nodeFolderFileSystem, type FileLook, type FolderFileSystem } from './folder-file-system';
export { FolderFailure, folderFailureCodeOf, folderFailureOf, isFolderFailure, type FolderFailureCode } from './folder-failure';
export { isStagedName, publishOnce } from './publish-once';
export { GroupedFolderSync } from './grouped-folder-sync';
