import { constants, privateEncrypt } from 'node:crypto';
import { SW } from '../../mynumber/status-words';
import { statusOnly, withData, type CommandApdu } from '../apdu';
import type { RsaSigner } from '../card-image';
import { referencedByP2, type CommandContext } from './command-context';

/**
 * COMPUTE DIGITAL SIGNATURE `80 2A 00 80|SFI` (card.md §3, §8.1): the card PKCS#1-v1.5-pads (type 1)
 * whatever it is given, normally a DER DigestInfo, and RSA-signs it. 0017 needs 0018 verified or the
 * stand-in grant; 001A needs 001B. `80 2A 00 00` in a 券面 AP signs with the AP key, no credential.
 * P1 ≠ 00 (card-side hashing, PSS) is not emulated: 6A86.
 */
export function computeDigitalSignature(command: CommandApdu, card: CommandContext): Uint8Array {
  if (command.p1 !== 0x00) return statusOnly(SW.incorrectP1P2);
  const signer = authorizedSigner(command.p2, card);
  if (signer === 'invalid') return statusOnly(SW.incorrectP1P2);
  if (command.data === undefined || command.data.length === 0) return statusOnly(SW.wrongLength);
  if (signer === 'not-found') return statusOnly(SW.referencedDataNotFound);
  if (command.data.length > signer.signer.maxInputLength) return statusOnly(SW.wrongLength);
  if (command.le !== undefined && command.le < signer.signer.modulusBytes) return statusOnly(SW.wrongLength);
  if (!signer.authorized) return statusOnly(SW.securityStatusNotSatisfied);
  try {
    return withData(privateEncrypt({ key: signer.signer.key, padding: constants.RSA_PKCS1_PADDING }, command.data));
  } catch {
    // Keys are checked at load; should signing fail anyway, the card answers like a card, with a status word.
    return statusOnly(SW.noPreciseDiagnosis);
  }
}

type SignerLookup = { signer: RsaSigner; authorized: boolean } | 'not-found' | 'invalid';

function authorizedSigner(p2: number, card: CommandContext): SignerLookup {
  const { session } = card;
  if (p2 === 0x00) {
    const apSigner = session.application?.apSigner;
    return apSigner ? { signer: apSigner, authorized: true } : 'invalid';
  }
  const reference = referencedByP2(p2, card);
  if (reference.kind === 'invalid') return 'invalid';
  const file = reference.file;
  const application = session.application;
  if (file?.kind !== 'privateKey' || !application) return 'not-found';
  const authorized =
    file.usableAfter.some((keyFid) => session.isVerified(application.id, keyFid)) || (file.standInGrant && session.standInGrant);
  return { signer: file.signer, authorized };
}
