import { SW } from '../mynumber/status-words';

/**
 * ISO 7816-4 command APDU cases, short and extended, as the card parses them. `data` is undefined
 * when there is no Lc field; `le` is undefined when there is no Le field, else the expected length
 * with `00` = 256 and `00 00` = 65536.
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array | undefined;
  le: number | undefined;
  extended: boolean;
}

/** Returns undefined when the bytes are not one well-formed APDU (the card answers 6700). */
export function parseCommandApdu(bytes: Uint8Array): CommandApdu | undefined {
  if (bytes.length < 4) return undefined;
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const header = { cla, ins, p1, p2 };
  if (bytes.length === 4) return { ...header, data: undefined, le: undefined, extended: false };
  const b5 = bytes[4] ?? 0;
  if (bytes.length === 5) return { ...header, data: undefined, le: b5 === 0 ? 256 : b5, extended: false };
  if (b5 !== 0) {
    // Short Lc: case 3 (data only) or case 4 (data then one Le byte).
    if (bytes.length === 5 + b5) return { ...header, data: bytes.slice(5), le: undefined, extended: false };
    if (bytes.length === 6 + b5) {
      const le = bytes[5 + b5] ?? 0;
      return { ...header, data: bytes.slice(5, 5 + b5), le: le === 0 ? 256 : le, extended: false };
    }
    return undefined;
  }
  const word = ((bytes[5] ?? 0) << 8) | (bytes[6] ?? 0);
  if (bytes.length === 7) return { ...header, data: undefined, le: word === 0 ? 65536 : word, extended: true };
  if (word === 0) return undefined;
  if (bytes.length === 7 + word) return { ...header, data: bytes.slice(7), le: undefined, extended: true };
  if (bytes.length === 9 + word) {
    const le = ((bytes[7 + word] ?? 0) << 8) | (bytes[8 + word] ?? 0);
    return { ...header, data: bytes.slice(7, 7 + word), le: le === 0 ? 65536 : le, extended: true };
  }
  return undefined;
}

/** True when the APDU uses the extended length form (a short-only reader cannot carry it). */
export function isExtendedLengthApdu(bytes: Uint8Array): boolean {
  return parseCommandApdu(bytes)?.extended ?? false;
}

export function statusOnly(sw: number): Uint8Array {
  return Uint8Array.of(sw >> 8, sw & 0xff);
}

export function withData(data: Uint8Array, sw: number = SW.ok): Uint8Array {
  const response = new Uint8Array(data.length + 2);
  response.set(data, 0);
  response[data.length] = sw >> 8;
  response[data.length + 1] = sw & 0xff;
  return response;
}

export function triesLeftStatus(triesLeft: number): Uint8Array {
  return statusOnly(SW.triesLeftBase | Math.min(triesLeft, 15));
}

/** The status word of a response APDU. */
export function statusWordOf(response: Uint8Array): number {
  return ((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0);
}

/**
 * True when CLA names a logical channel other than 0: bits b2b1 of the first interindustry class
 * (and the proprietary class built the same way), any further interindustry class (channels 4–19).
 */
export function claNamesOtherChannel(cla: number): boolean {
  const classGroup = cla & 0xe0;
  if (classGroup === 0x00 || classGroup === 0x80) return (cla & 0x03) !== 0;
  return (cla & 0xc0) === 0x40;
}
