import type { VpcdCard } from '../../device/virtual-card/vpcd-link';

/** The My Number card's contact ATR (T=1), as the card answers on vpcd. */
export const MY_NUMBER_CONTACT_ATR = Uint8Array.of(0x3b, 0xc5, 0xff, 0x81, 0x31, 0xfb, 0x45, 0x80, 0x73, 0xc6, 0x01, 0x00, 0x00);

/** 公的個人認証AP (JPKI) AID. */
export const JPKI_AID = Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01);

/**
 * The smallest card that proves the PC/SC path: it knows one application and answers SELECT by
 * AID, and counts what it saw so a test can tell its answers from anyone else's.
 */
export class MinimalCard implements VpcdCard {
  readonly atr = MY_NUMBER_CONTACT_ATR;
  readonly received: Uint8Array[] = [];
  powerCycles = 0;

  powerOn(): void {
    this.powerCycles += 1;
  }

  powerOff(): void {}

  reset(): void {}

  transmit(commandApdu: Uint8Array): Uint8Array {
    this.received.push(commandApdu);
    const [cla, ins, p1, p2, lc] = commandApdu;
    if (cla !== 0x00) return Uint8Array.of(0x6e, 0x00);
    if (ins !== 0xa4) return Uint8Array.of(0x6d, 0x00);
    if (p1 !== 0x04 || p2 !== 0x0c || lc === undefined) return Uint8Array.of(0x6a, 0x86);
    const aid = commandApdu.subarray(5, 5 + lc);
    const known = aid.length === JPKI_AID.length && aid.every((byte, index) => byte === JPKI_AID[index]);
    return known ? Uint8Array.of(0x90, 0x00) : Uint8Array.of(0x6a, 0x82);
  }
}
