import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { QualificationResponse } from '../../oqs/messages/qualification-messages';
import { buildFaceFile, formatFaceFileName } from '../../oqs/messages/face-file';

/** yyyyMMddHHmmss in Japan time, as the face file name and ProcessExecutionTime carry it. */
function japanTime(at: Date): string {
  const shifted = new Date(at.getTime() + 9 * 60 * 60 * 1000).toISOString();
  return shifted.slice(0, 19).replace(/[-T:]/g, '');
}

export interface WrittenFaceFile {
  readonly fileName: string;
  /** Characters Shift_JIS could not hold, written as ● and reported to staff. */
  readonly substituted: readonly string[];
}

/**
 * Writes the face-reception XML (oqs-interface §6.2) for every completed reception into the Face
 * folder atomically: a hidden temp file, fsync, rename, fsync of the folder. The name's token is
 * `<kiosk>-<reception>`, so a レセコン can tell which counter a file came from; the file itself has
 * no element the standard lacks.
 */
export class FaceFileSink {
  constructor(
    private readonly folder: string,
    private readonly encoding: 'Shift_JIS' | 'UTF-8',
  ) {}

  async write(kioskId: string, receptionId: string, response: QualificationResponse, at: Date): Promise<WrittenFaceFile> {
    const writtenAt = japanTime(at);
    const model: QualificationResponse = {
      ...response,
      MessageHeader: {
        ...response.MessageHeader,
        ProcessExecutionTime: writtenAt,
        CharacterCodeIdentifier: this.encoding === 'UTF-8' ? '0' : '1',
      },
    };
    const built = buildFaceFile(model, { encoding: this.encoding });
    const token = `${kioskId}-${receptionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 32)}`;
    const fileName = formatFaceFileName({ token, writtenAt });
    await mkdir(this.folder, { recursive: true });
    const temporary = join(this.folder, `.${fileName}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(built.bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, join(this.folder, fileName));
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    const directory = await open(this.folder, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return { fileName, substituted: built.substituted };
  }
}
