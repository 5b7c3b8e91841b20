import { AID } from '../../../kernel/card/applications';
import { SW } from '../../mynumber/status-words';
import { statusOnly, type CommandApdu } from '../apdu';
import { bytesEqual } from '../../../kernel/bytes';
import type { CommandContext } from './command-context';

/** SELECT `00 A4` (card.md §2, §8.1): by AID, by file id inside the current DF, and the MF no-op. */
export function select(command: CommandApdu, card: CommandContext): Uint8Array {
  switch (command.p1) {
    case 0x04:
      return selectByAid(command, card);
    case 0x02:
      return selectByFileId(command, card);
    case 0x00:
      return selectMasterFile(command, card);
    default:
      return statusOnly(SW.incorrectP1P2);
  }
}

function selectByAid(command: CommandApdu, card: CommandContext): Uint8Array {
  // The card is only ever selected without FCI [emulator choice for any other P2].
  if (command.p2 !== 0x0c) return statusOnly(SW.incorrectP1P2);
  const aid = command.data;
  if (!aid || aid.length > 16) return statusOnly(SW.wrongLength);
  if (bytesEqual(aid, AID.issuerSecurityDomain)) {
    // Selecting the GP issuer security domain puts the card back in its power-on state.
    card.session.clear();
    return statusOnly(SW.ok);
  }
  const application = card.image.applicationByAid(aid);
  if (!application) return statusOnly(SW.fileNotFound);
  card.session.enterApplication(application);
  return statusOnly(SW.ok);
}

function selectByFileId(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.p2 !== 0x0c) return statusOnly(SW.incorrectP1P2);
  const fid = command.data;
  if (!fid || fid.length !== 2) return statusOnly(SW.wrongLength);
  const application = card.session.application;
  // No usable MF: nothing can be selected by file id before an application is.
  const file = application?.files.get(((fid[0] ?? 0) << 8) | (fid[1] ?? 0));
  if (!file) return statusOnly(SW.fileNotFound);
  card.session.file = file;
  return statusOnly(SW.ok);
}

function selectMasterFile(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.p2 !== 0x00 && command.p2 !== 0x0c) return statusOnly(SW.incorrectP1P2);
  // `3F00` or any other path: the card has no MF to select.
  if (command.data !== undefined) return statusOnly(SW.fileNotFound);
  // `00 A4 00 00`: refused at power-on, a no-op once an application is selected.
  return statusOnly(card.session.application ? SW.ok : SW.incorrectP1P2);
}

