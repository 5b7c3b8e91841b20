import { constants, verify, type KeyObject } from 'node:crypto';
import { SW } from '../../mynumber/status-words';
import { statusOnly, type CommandApdu } from '../apdu';
import type { CommandContext } from './command-context';

/**
 * `00 82 00 00` in the §8.5 stand-in application (our design, not the real 特定機関認証): a PKCS#1 v1.5
 * SHA-256 signature of the pending challenge by the terminal key grants `80 2A` on 0017 until
 * power-off or reset. The challenge is used up by any attempt.
 */
export function standInAuthenticate(command: CommandApdu, card: CommandContext): Uint8Array {
  const terminalPublicKey = card.image.terminalPublicKey;
  // Outside the stand-in application the instruction does not exist.
  if (card.session.application?.id !== 'standIn' || !terminalPublicKey) return statusOnly(SW.insNotSupported);
  if (command.p1 !== 0x00 || command.p2 !== 0x00) return statusOnly(SW.incorrectP1P2);
  if (command.data === undefined) return statusOnly(SW.wrongLength);
  const challenge = card.session.pendingChallenge;
  if (!challenge) return statusOnly(SW.conditionsOfUseNotSatisfied);
  card.session.pendingChallenge = undefined;
  if (!isSignatureOf(challenge, command.data, terminalPublicKey)) return statusOnly(SW.securityStatusNotSatisfied);
  card.session.standInGrant = true;
  return statusOnly(SW.ok);
}

function isSignatureOf(challenge: Uint8Array, signature: Uint8Array, terminalPublicKey: KeyObject): boolean {
  try {
    return verify('sha256', challenge, { key: terminalPublicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    // OpenSSL refuses some malformed signatures outright; to the card they are just wrong.
    return false;
  }
}
