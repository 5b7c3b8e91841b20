/** Writing into the レセコン face folder (oqs-interface.md §6.2). See README.md. */
export {
  FACE_TOKEN_PART_MAX,
  faceFileTime,
  faceFileToken,
  publishStagedFaceFile,
  stageFaceFile,
  writeFaceFile,
  type StagedFaceFile,
  type FaceFileEncoding,
  type WriteFaceFileInput,
  type WrittenFaceFile,
} from './face-file-writer';
export { FaceFolderError, isFaceFolderError, type FaceFolderErrorCode } from './face-folder-error';
