import { faceFileTime, writeFaceFile, type FaceFileEncoding, type WrittenFaceFile } from '../../oqs/face-folder';
import type { QualificationResponse } from '../../oqs/messages/qualification-messages';

/**
 * The terminal's Face folder (oqs-interface §6.2): every completed reception's answer, written
 * atomically by oqs/face-folder under the token `<kiosk>-<reception>`, so a レセコン can tell which
 * counter a file came from. The file itself has no element the standard lacks.
 */
export class FaceFileSink {
  constructor(
    private readonly folder: string,
    private readonly encoding: FaceFileEncoding,
  ) {}

  write(kioskId: string, receptionId: string, response: QualificationResponse, at: Date): Promise<WrittenFaceFile> {
    const model: QualificationResponse = { ...response, MessageHeader: { ...response.MessageHeader, ProcessExecutionTime: faceFileTime(at) } };
    // A reception id is a UUID: without its dashes it fits the token's 32 characters.
    return writeFaceFile({ folder: this.folder, kioskToken: kioskId, receptionToken: receptionId.replace(/-/g, ''), response: model, encoding: this.encoding, now: at });
  }
}
