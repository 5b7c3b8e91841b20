import { SW } from '../../mynumber/status-words';
import { statusOnly, triesLeftStatus, type CommandApdu } from '../apdu';
import { MAX_KEY_VALUE_LENGTH } from '../card-profile';
import type { KeyFile } from '../card-image';
import { referencedByP2, type CommandContext } from './command-context';

/**
 * VERIFY `00 20 00 80|SFI` (card.md §3, §8.1) with real counters: a wrong value of any length uses a
 * try, the last one answers 63C0, a blocked key answers 6984 whatever is sent, success restores the
 * maximum. Without data it is the retries query, which uses no try.
 */
export function verify(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.p1 !== 0x00) return statusOnly(SW.incorrectP1P2);
  const key = referencedKey(command.p2, card);
  if (key === 'invalid') return statusOnly(SW.incorrectP1P2);
  if (!key) return statusOnly(SW.referencedDataNotFound);
  const triesLeft = card.keys.triesLeft(key.application, key.key);

  if (command.data === undefined) {
    if (card.session.isVerified(key.application, key.fid)) return statusOnly(SW.ok);
    return triesLeftStatus(triesLeft);
  }
  if (command.data.length > MAX_KEY_VALUE_LENGTH) return statusOnly(SW.wrongLength);
  if (triesLeft === 0) return statusOnly(SW.authenticationMethodBlocked);

  if (matchesKeyValue(command.data, key, card)) {
    card.keys.setTriesLeft(key.application, key.key, key.key.maxTries);
    card.session.markVerified(key.application, key.fid);
    return statusOnly(SW.ok);
  }
  const remaining = triesLeft - 1;
  card.keys.setTriesLeft(key.application, key.key, remaining);
  // A failed attempt also ends an earlier success on the same key [emulator choice].
  card.session.forgetVerified(key.application, key.fid);
  return triesLeftStatus(remaining);
}

/** The key EF that P2 names, undefined when it names nothing or a file that is not a key. */
export function referencedKey(p2: number, card: CommandContext): KeyFile | undefined | 'invalid' {
  const reference = referencedByP2(p2, card);
  if (reference.kind === 'invalid') return 'invalid';
  return reference.file?.kind === 'key' ? reference.file : undefined;
}

function matchesKeyValue(data: Uint8Array, key: KeyFile, card: CommandContext): boolean {
  const value = card.keys.value(key.application, key.key);
  if (value === null || value.length !== data.length) return false;
  const fold = (byte: number): number => (key.key.caseInsensitive && byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte);
  // The card compares byte-wise against the stored (upper-case) value (card.md §3).
  return [...data].every((byte, index) => fold(byte) === value.charCodeAt(index));
}
