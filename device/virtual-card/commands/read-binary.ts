import { SW } from '../../mynumber/status-words';
import { statusOnly, withData, type CommandApdu } from '../apdu';
import { fileByShortId, type CardFile } from '../card-image';
import type { CommandContext } from './command-context';

/**
 * READ BINARY `00 B0` (card.md §1): P1‖P2 a 15-bit offset into the current EF, or `P1=80|SFI` with an
 * 8-bit offset in P2 (that EF becomes current). Le 00 = 256; extended Le 0000 = the whole EF.
 */
export function readBinary(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.data !== undefined || command.le === undefined) return statusOnly(SW.wrongLength);
  let file: CardFile | undefined;
  let offset: number;
  if ((command.p1 & 0x80) !== 0) {
    const sfi = command.p1 & 0x1f;
    if ((command.p1 & 0x60) !== 0 || sfi === 0) return statusOnly(SW.incorrectP1P2);
    const application = card.session.application;
    file = application ? fileByShortId(application, sfi) : undefined;
    if (!file) return statusOnly(SW.fileNotFound);
    card.session.file = file;
    offset = command.p2;
  } else {
    file = card.session.file;
    if (!file) return statusOnly(SW.commandNotAllowedNoCurrentEf);
    offset = (command.p1 << 8) | command.p2;
  }
  if (file.kind !== 'binary') return statusOnly(SW.commandIncompatibleWithFile);
  const application = card.session.application;
  const readable =
    file.readableAfter.length === 0 ||
    (application !== undefined && file.readableAfter.some((keyFid) => card.session.isVerified(application.id, keyFid)));
  if (!readable) return statusOnly(SW.securityStatusNotSatisfied);
  if (offset >= file.bytes.length) return statusOnly(SW.wrongOffset);
  // A read crossing the end returns what is left, with 9000.
  return withData(file.bytes.subarray(offset, offset + command.le));
}
