import { SW } from '../../mynumber/status-words';
import { statusOnly, type CommandApdu } from '../apdu';
import { printableAscii } from '../bytes';
import { keyValueMatchesFormat, MAX_KEY_VALUE_LENGTH } from '../card-profile';
import type { CommandContext } from './command-context';
import { referencedKey } from './verify';

/**
 * CHANGE REFERENCE DATA `00 24 01 80|SFI` (card.md §3): after VERIFY of the same key, store a new
 * value of the key's format (else 6A80 [emulator choice]). The value persists with the counters.
 */
export function changeReferenceData(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.p1 !== 0x01) return statusOnly(SW.incorrectP1P2);
  const key = referencedKey(command.p2, card);
  if (key === 'invalid') return statusOnly(SW.incorrectP1P2);
  if (!key) return statusOnly(SW.referencedDataNotFound);
  if (command.data === undefined || command.data.length > MAX_KEY_VALUE_LENGTH) return statusOnly(SW.wrongLength);
  if (!card.session.isVerified(key.application, key.fid)) return statusOnly(SW.securityStatusNotSatisfied);
  const value = printableAscii(command.data);
  if (value === undefined || !keyValueMatchesFormat(value, key.key.format)) return statusOnly(SW.wrongData);
  card.keys.changeValue(key.application, key.key, value);
  return statusOnly(SW.ok);
}
