import { access, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  faceFileTime,
  publishStagedFaceFile,
  stageFaceFile,
  type FaceFileEncoding,
  type StagedFaceFile,
  type WrittenFaceFile,
} from '../../oqs/face-folder';
import { parseFaceFileName } from '../../oqs/messages/face-file';
import type { QualificationResponse } from '../../oqs/messages/qualification-messages';

/** A staged face file's name: `.<face file name>.<8 hex>.tmp` (see oqs/face-folder). */
const STAGED_NAME = /^\.(.+\.xml)\.[0-9A-Fa-f]{8}\.tmp$/;

/**
 * The terminal's Face folder (oqs-interface §6.2). A face file is staged (written and flushed under a
 * name the レセコン never picks up) before its reception is recorded, and published after: a crash in
 * between leaves a staged file that the next start publishes when the store has the reception
 * completed, and removes otherwise. The token `<kiosk>-<reception>` tells a レセコン which counter a
 * file came from; the file has no element the standard lacks.
 */
export class FaceFileSink {
  constructor(
    private readonly folder: string,
    private encoding: FaceFileEncoding,
  ) {}

  /** The administrator's choice on the console: files staged from now on are written in it. */
  setEncoding(encoding: FaceFileEncoding): void {
    this.encoding = encoding;
  }

  stage(kioskId: string, receptionId: string, response: QualificationResponse, at: Date): Promise<StagedFaceFile> {
    const model: QualificationResponse = { ...response, MessageHeader: { ...response.MessageHeader, ProcessExecutionTime: faceFileTime(at) } };
    // A reception id is a UUID: without its dashes it fits the token's 32 characters.
    return stageFaceFile({ folder: this.folder, kioskToken: kioskId, receptionToken: receptionId.replace(/-/g, ''), response: model, encoding: this.encoding, now: at });
  }

  publish(staged: StagedFaceFile): Promise<WrittenFaceFile> {
    return publishStagedFaceFile(staged);
  }

  discard(staged: StagedFaceFile): Promise<void> {
    return rm(staged.tempPath, { force: true });
  }

  /**
   * At start: publishes every staged file whose reception the store has completed, removes the rest.
   * Returns the reception ids published and, one line per file, what could not be done: one bad file
   * must not keep the terminal from starting.
   */
  async recoverStaged(isCompleted: (receptionId: string) => boolean): Promise<{ published: string[]; failures: string[] }> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return { published: [], failures: [] }; // no folder yet: nothing was staged
    }
    const published: string[] = [];
    const failures: string[] = [];
    for (const name of names) {
      const fileName = STAGED_NAME.exec(name)?.[1];
      const parsed = fileName === undefined ? undefined : parseFaceFileName(fileName);
      if (fileName === undefined || parsed === undefined) continue;
      const receptionId = uuidOf(parsed.token.slice(-32));
      const staged: StagedFaceFile = {
        folder: this.folder,
        tempPath: join(this.folder, name),
        fileName,
        path: join(this.folder, fileName),
        token: parsed.token,
        writtenAt: parsed.writtenAt,
        substituted: [],
      };
      try {
        if (receptionId !== undefined && isCompleted(receptionId) && !(await exists(staged.path))) {
          await this.publish(staged);
          published.push(receptionId);
        } else {
          // Not recorded, or already in place (a crash between the link and the removal): the copy goes.
          await this.discard(staged);
        }
      } catch (error) {
        failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { published, failures };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function uuidOf(hex: string): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
