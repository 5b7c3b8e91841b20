import { CardError } from './card-error';

/**
 * ISO 7816-4 command and response APDUs: the builders for every command the driver sends
 * (card.md §1–§5) and the codec between them and bytes. Pure; no I/O.
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (Lc is its length); absent or empty for none. */
  readonly data?: Uint8Array;
  /**
   * Expected response length Ne: 1–256 fits a short APDU (256 is written `00`), 257–65536 needs
   * extended length (65536 is written `00 00`). Absent: no response data expected.
   */
  readonly le?: number;
}

export interface ResponseApdu {
  readonly data: Uint8Array;
  /** SW1 SW2 as one number, e.g. 0x9000. */
  readonly sw: number;
}

export const Ins = {
  verify: 0x20,
  changeReferenceData: 0x24,
  computeDigitalSignature: 0x2a,
  getChallenge: 0x84,
  select: 0xa4,
  readBinary: 0xb0,
  getResponse: 0xc0,
} as const;

export const SHORT_MAX_LC = 255;
export const SHORT_MAX_LE = 256;
export const EXTENDED_MAX_LC = 65535;
export const EXTENDED_MAX_LE = 65536;
/** READ BINARY carries a 15-bit offset in P1‖P2 (P1 bit 8 set means the SFI form). */
export const READ_BINARY_MAX_OFFSET = 0x7fff;
/** COMPUTE DIGITAL SIGNATURE: the card PKCS#1-pads at most this many bytes for RSA-2048 (card.md §3). */
export const SIGN_MAX_INPUT = 245;

const SELECT_BY_AID = 0x04;
const SELECT_BY_FILE_ID = 0x02;
/** P2 = 0C: no FCI in the answer; the card is always selected this way (card.md §1). */
const SELECT_NO_RESPONSE_DATA = 0x0c;
/** VERIFY P2 = 80: the key EF currently selected. */
const CURRENT_KEY_REFERENCE = 0x80;

function invalidCommand(message: string): CardError {
  return new CardError('INVALID_INPUT', message);
}

function assertByte(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw invalidCommand(`${field} must be one byte`);
}

export function selectApplication(aid: Uint8Array): CommandApdu {
  if (aid.length < 1 || aid.length > 16) throw invalidCommand('an AID has 1 to 16 bytes');
  return { cla: 0x00, ins: Ins.select, p1: SELECT_BY_AID, p2: SELECT_NO_RESPONSE_DATA, data: aid };
}

export function selectFile(fileId: number): CommandApdu {
  if (!Number.isInteger(fileId) || fileId < 0 || fileId > 0xffff) throw invalidCommand('a file id has 2 bytes');
  return {
    cla: 0x00,
    ins: Ins.select,
    p1: SELECT_BY_FILE_ID,
    p2: SELECT_NO_RESPONSE_DATA,
    data: Uint8Array.of(fileId >> 8, fileId & 0xff),
  };
}

/** READ BINARY of the current EF from a 15-bit offset; `le` above 256 makes it an extended APDU. */
export function readBinary(offset: number, le: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > READ_BINARY_MAX_OFFSET) {
    throw invalidCommand(`READ BINARY offset must be 0..${READ_BINARY_MAX_OFFSET}`);
  }
  return { cla: 0x00, ins: Ins.readBinary, p1: offset >> 8, p2: offset & 0xff, le };
}

/** READ BINARY naming the EF by its short file identifier (P1 = 80|SFI) with an 8-bit offset. */
export function readBinaryShortFileId(shortFileId: number, offset: number, le: number): CommandApdu {
  if (!Number.isInteger(shortFileId) || shortFileId < 1 || shortFileId > 30) throw invalidCommand('an SFI is 1..30');
  assertByte(offset, 'SFI READ BINARY offset');
  return { cla: 0x00, ins: Ins.readBinary, p1: 0x80 | shortFileId, p2: offset, le };
}

/** VERIFY with a value; P2 80 names the key EF selected before, 80|SFI names one directly. */
export function verify(secret: Uint8Array, keyReference: number = CURRENT_KEY_REFERENCE): CommandApdu {
  if (secret.length < 1 || secret.length > 16) throw invalidCommand('a VERIFY value has 1 to 16 bytes');
  assertByte(keyReference, 'key reference');
  return { cla: 0x00, ins: Ins.verify, p1: 0x00, p2: keyReference, data: secret };
}

/** VERIFY without data: the card answers 63Cx with the tries left and uses no try (card.md §3). */
export function verifyRetriesQuery(keyReference: number = CURRENT_KEY_REFERENCE): CommandApdu {
  assertByte(keyReference, 'key reference');
  return { cla: 0x00, ins: Ins.verify, p1: 0x00, p2: keyReference };
}

/** `80 2A 00 80 Lc <DigestInfo> 00`: sign with the private key EF selected before (card.md §3). */
export function computeDigitalSignature(digestInfo: Uint8Array): CommandApdu {
  if (digestInfo.length < 1 || digestInfo.length > SIGN_MAX_INPUT) {
    throw invalidCommand(`the card signs 1 to ${SIGN_MAX_INPUT} bytes`);
  }
  return { cla: 0x80, ins: Ins.computeDigitalSignature, p1: 0x00, p2: 0x80, data: digestInfo, le: SHORT_MAX_LE };
}

export function getChallenge(length: number): CommandApdu {
  if (!Number.isInteger(length) || length < 1 || length > SHORT_MAX_LE) throw invalidCommand('GET CHALLENGE asks 1..256 bytes');
  return { cla: 0x00, ins: Ins.getChallenge, p1: 0x00, p2: 0x00, le: length };
}

/** GET RESPONSE after `61xx`: fetches the next `le` bytes the card holds. */
export function getResponse(le: number): CommandApdu {
  return { cla: 0x00, ins: Ins.getResponse, p1: 0x00, p2: 0x00, le };
}

/**
 * Bytes of a command: short form when Lc ≤ 255 and Ne ≤ 256, else extended form for both fields
 * (ISO 7816-3 §12.1.3: an extended APDU has extended Lc and Le together).
 */
export function encodeCommand(command: CommandApdu): Uint8Array {
  assertByte(command.cla, 'CLA');
  assertByte(command.ins, 'INS');
  assertByte(command.p1, 'P1');
  assertByte(command.p2, 'P2');
  const data = command.data ?? new Uint8Array(0);
  const le = command.le;
  if (data.length > EXTENDED_MAX_LC) throw invalidCommand(`command data longer than ${EXTENDED_MAX_LC} bytes`);
  if (le !== undefined && (!Number.isInteger(le) || le < 1 || le > EXTENDED_MAX_LE)) {
    throw invalidCommand(`Le must be 1..${EXTENDED_MAX_LE}`);
  }
  const extended = data.length > SHORT_MAX_LC || (le !== undefined && le > SHORT_MAX_LE);
  const bytes: number[] = [command.cla, command.ins, command.p1, command.p2];
  if (extended) {
    bytes.push(0x00);
    if (data.length > 0) bytes.push(data.length >> 8, data.length & 0xff, ...data);
    // 65536 is written 00 00.
    if (le !== undefined) bytes.push((le >> 8) & 0xff, le & 0xff);
  } else {
    if (data.length > 0) bytes.push(data.length, ...data);
    // 256 is written 00.
    if (le !== undefined) bytes.push(le & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Bytes → command, for transcripts and test cards. Throws INVALID_INPUT on any malformed length. */
export function decodeCommand(apdu: Uint8Array): CommandApdu {
  if (apdu.length < 4) throw invalidCommand('a command APDU has at least 4 bytes');
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
  const header = { cla, ins, p1, p2 };
  if (apdu.length === 4) return header;
  const first = apdu[4] ?? 0;
  if (apdu.length === 5) return { ...header, le: first === 0 ? SHORT_MAX_LE : first };
  if (first !== 0) {
    const data = apdu.slice(5, 5 + first);
    if (apdu.length === 5 + first) return { ...header, data };
    if (apdu.length === 6 + first) {
      const le = apdu[5 + first] ?? 0;
      return { ...header, data, le: le === 0 ? SHORT_MAX_LE : le };
    }
    throw invalidCommand('short Lc does not match the command length');
  }
  if (apdu.length < 7) throw invalidCommand('truncated extended length field');
  const extended = ((apdu[5] ?? 0) << 8) | (apdu[6] ?? 0);
  if (apdu.length === 7) return { ...header, le: extended === 0 ? EXTENDED_MAX_LE : extended };
  if (extended === 0) throw invalidCommand('extended Lc of 0');
  const data = apdu.slice(7, 7 + extended);
  if (apdu.length === 7 + extended) return { ...header, data };
  if (apdu.length === 9 + extended) {
    const le = ((apdu[7 + extended] ?? 0) << 8) | (apdu[8 + extended] ?? 0);
    return { ...header, data, le: le === 0 ? EXTENDED_MAX_LE : le };
  }
  throw invalidCommand('extended Lc does not match the command length');
}

/** Bytes → data and status word; a response without a whole status word is MALFORMED_RESPONSE. */
export function parseResponse(response: Uint8Array): ResponseApdu {
  if (response.length < 2) {
    throw new CardError('MALFORMED_RESPONSE', `response of ${response.length} byte(s) has no status word`);
  }
  const end = response.length - 2;
  return { data: response.slice(0, end), sw: ((response[end] ?? 0) << 8) | (response[end + 1] ?? 0) };
}
