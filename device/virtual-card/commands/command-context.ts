import type { CommandApdu } from '../apdu';
import { fileByShortId, type CardFile, type CardImage } from '../card-image';
import type { CardSession } from '../card-session';
import type { KeyRegister } from '../key-register';

/** What a command family sees of the card: the fixed image, the volatile session, the keys. */
export interface CommandContext {
  readonly image: CardImage;
  readonly session: CardSession;
  readonly keys: KeyRegister;
  randomBytes(length: number): Uint8Array;
}

/** One command family: a pure function of the command and the card, answering data ‖ SW. */
export type CommandHandler = (command: CommandApdu, card: CommandContext) => Uint8Array;

export type FileReference = { kind: 'file'; file: CardFile | undefined } | { kind: 'invalid' };

/**
 * P2 of VERIFY, CHANGE REFERENCE DATA and `80 2A`: `80` = the current EF, `80|SFI` = the EF with that
 * short id in the current DF (no SELECT needed; the current EF does not change).
 */
export function referencedByP2(p2: number, card: CommandContext): FileReference {
  if (p2 === 0x80) return { kind: 'file', file: card.session.file };
  if ((p2 & 0xe0) === 0x80) {
    const application = card.session.application;
    return { kind: 'file', file: application ? fileByShortId(application, p2 & 0x1f) : undefined };
  }
  return { kind: 'invalid' };
}
