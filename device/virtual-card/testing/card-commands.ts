import { AID } from '../../../kernel/card/applications';
import { swHex } from '../../mynumber/status-words';
import { statusWordOf } from '../apdu';
import { concatBytes, fromHex } from '../../../kernel/bytes';
import { asciiBytes, u16 } from '../bytes';
import { STAND_IN_AID } from '../card-image';
import type { EmulatedApplication } from '../card-profile';

/** Command APDUs as the driver sends them (card.md), for the emulator's tests. */
export const command = {
  selectApplication(application: EmulatedApplication | 'standIn' | 'issuerSecurityDomain'): Uint8Array {
    const aid = application === 'standIn' ? STAND_IN_AID : AID[application];
    return concatBytes(fromHex('00A4040C'), Uint8Array.of(aid.length), aid);
  },
  selectFile(fid: number): Uint8Array {
    return concatBytes(fromHex('00A4020C02'), u16(fid));
  },
  readBinary(offset: number, le: number): Uint8Array {
    return concatBytes(fromHex('00B0'), u16(offset), Uint8Array.of(le & 0xff));
  },
  /** VERIFY of the current key EF (P2=80), or of the key with this short id (P2=80|SFI). */
  verify(value: string, sfi = 0): Uint8Array {
    const data = asciiBytes(value);
    return concatBytes(Uint8Array.of(0x00, 0x20, 0x00, 0x80 | sfi, data.length), data);
  },
  retriesQuery(sfi = 0): Uint8Array {
    return Uint8Array.of(0x00, 0x20, 0x00, 0x80 | sfi);
  },
  changeReferenceData(value: string): Uint8Array {
    const data = asciiBytes(value);
    return concatBytes(Uint8Array.of(0x00, 0x24, 0x01, 0x80, data.length), data);
  },
  /** `80 2A 00 P2 Lc <data> 00`. */
  sign(data: Uint8Array, p2 = 0x80): Uint8Array {
    return concatBytes(Uint8Array.of(0x80, 0x2a, 0x00, p2, data.length), data, Uint8Array.of(0x00));
  },
  getChallenge(length: number): Uint8Array {
    return Uint8Array.of(0x00, 0x84, 0x00, 0x00, length & 0xff);
  },
  standInAuthenticate(signature: Uint8Array): Uint8Array {
    return concatBytes(Uint8Array.of(0x00, 0x82, 0x00, 0x00, 0x00), u16(signature.length), signature);
  },
};

/** The status word of a response as four hex digits, the way the spec tables write it. */
export function sw(response: Uint8Array): string {
  return swHex(statusWordOf(response));
}

export function dataOf(response: Uint8Array): Uint8Array {
  return response.subarray(0, response.length - 2);
}
