import { SW } from '../../mynumber/status-words';
import { statusOnly, type CommandApdu } from '../apdu';
import type { CommandContext } from './command-context';

/**
 * `80 AE` and `80 A2` (secure messaging, terminal authentication) are not emulated: 66F1 where the
 * real card has them (確認AP, 共通AP), 6982 elsewhere (card.md §8.1).
 */
export function notEmulated(_command: CommandApdu, card: CommandContext): Uint8Array {
  const application = card.session.application?.id;
  return statusOnly(application === 'cardFace' || application === 'common' ? SW.notEmulated : SW.securityStatusNotSatisfied);
}
