import { SW } from '../../mynumber/status-words';
import { statusOnly, withData, type CommandApdu } from '../apdu';
import type { CommandContext } from './command-context';

/** GET CHALLENGE `00 84 00 00 Le`: 1–256 random bytes, kept as the pending challenge (§8.5). */
export function getChallenge(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.p1 !== 0x00 || command.p2 !== 0x00) return statusOnly(SW.incorrectP1P2);
  if (command.data !== undefined || command.le === undefined || command.le > 256) return statusOnly(SW.wrongLength);
  const challenge = card.randomBytes(command.le);
  card.session.pendingChallenge = challenge;
  return withData(challenge);
}
