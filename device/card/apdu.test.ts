import { describe, expect, it } from 'vitest';
import {
  computeDigitalSignature,
  decodeCommand,
  encodeCommand,
  getChallenge,
  getResponse,
  parseResponse,
  readBinary,
  readBinaryShortFileId,
  selectApplication,
  selectFile,
  verify,
  verifyRetriesQuery,
} from './apdu';
import type { CommandApdu } from './apdu';
import { isCardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { AID, SHA256_DIGEST_INFO_PREFIX } from '../../kernel/card/applications';

const hex = (command: CommandApdu) => toHex(encodeCommand(command));
const ascii = (text: string) => new TextEncoder().encode(text);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isCardError(error) ? error.code : 'NOT_A_CARD_ERROR';
  }
  return undefined;
}

describe('command builders send the bytes of card.md', () => {
  it('SELECT by AID, P2=0C, for every application of §2', () => {
    expect(hex(selectApplication(AID.jpki))).toBe('00A4040C0AD392F000260100000001');
    expect(hex(selectApplication(AID.inputAssist))).toBe('00A4040C0AD3921000310001010408');
    expect(hex(selectApplication(AID.cardFace))).toBe('00A4040C0AD3921000310001010402');
  });

  it('SELECT by file id, P2=0C', () => {
    expect(hex(selectFile(0x000a))).toBe('00A4020C02000A');
    expect(hex(selectFile(0x0017))).toBe('00A4020C020017');
  });

  it('READ BINARY with a 15-bit offset, short Le (256 written 00) and extended Le (65536 written 00 00 00)', () => {
    expect(hex(readBinary(0, 4))).toBe('00B0000004');
    expect(hex(readBinary(0, 256))).toBe('00B0000000');
    expect(hex(readBinary(0x0100, 256))).toBe('00B0010000');
    expect(hex(readBinary(0x7fff, 1))).toBe('00B07FFF01');
    expect(hex(readBinary(0, 65536))).toBe('00B0000000' + '0000');
    expect(hex(readBinary(0x0400, 476))).toBe('00B004000001DC');
  });

  it('READ BINARY refuses offsets P1‖P2 cannot carry', () => {
    expect(codeOf(() => readBinary(0x8000, 1))).toBe('INVALID_INPUT');
    expect(codeOf(() => readBinary(-1, 1))).toBe('INVALID_INPUT');
    expect(codeOf(() => encodeCommand(readBinary(0, 0)))).toBe('INVALID_INPUT');
    expect(codeOf(() => encodeCommand(readBinary(0, 65537)))).toBe('INVALID_INPUT');
  });

  it('READ BINARY in the SFI form: P1 = 80|SFI, 8-bit offset', () => {
    expect(hex(readBinaryShortFileId(0x0a, 0, 256))).toBe('00B08A0000');
    expect(hex(readBinaryShortFileId(0x01, 0x10, 17))).toBe('00B0811011');
    expect(codeOf(() => readBinaryShortFileId(31, 0, 1))).toBe('INVALID_INPUT');
    expect(codeOf(() => readBinaryShortFileId(1, 256, 1))).toBe('INVALID_INPUT');
  });

  it('VERIFY with data, for the selected key (P2 80) or by SFI (P2 98)', () => {
    expect(hex(verify(ascii('1234')))).toBe('002000800431323334');
    expect(hex(verify(ascii('1234'), 0x98))).toBe('002000980431323334');
    // card.md §5: 照合番号B of the default profile.
    expect(hex(verify(ascii('55021720352285')))).toBe('002000800E3535303231373230333532323835');
    expect(codeOf(() => verify(new Uint8Array(0)))).toBe('INVALID_INPUT');
    expect(codeOf(() => verify(new Uint8Array(17)))).toBe('INVALID_INPUT');
  });

  it('VERIFY retries query has no Lc and no data', () => {
    expect(hex(verifyRetriesQuery())).toBe('00200080');
    expect(hex(verifyRetriesQuery(0x98))).toBe('00200098');
  });

  it('COMPUTE DIGITAL SIGNATURE is 80 2A 00 80 Lc <DigestInfo> 00', () => {
    const digestInfo = new Uint8Array([...SHA256_DIGEST_INFO_PREFIX, ...new Uint8Array(32).fill(0xab)]);
    expect(hex(computeDigitalSignature(digestInfo))).toBe(`802A008033${toHex(digestInfo)}00`);
    expect(codeOf(() => computeDigitalSignature(new Uint8Array(246)))).toBe('INVALID_INPUT');
  });

  it('GET CHALLENGE and GET RESPONSE', () => {
    expect(hex(getChallenge(8))).toBe('0084000008');
    expect(hex(getChallenge(256))).toBe('0084000000');
    expect(hex(getResponse(0x10))).toBe('00C0000010');
    expect(codeOf(() => getChallenge(0))).toBe('INVALID_INPUT');
  });

  it('refuses header fields that are not bytes', () => {
    expect(codeOf(() => encodeCommand({ cla: 0x100, ins: 0, p1: 0, p2: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => encodeCommand({ cla: 0, ins: 1.5, p1: 0, p2: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => selectFile(0x10000))).toBe('INVALID_INPUT');
    expect(codeOf(() => selectApplication(new Uint8Array(17)))).toBe('INVALID_INPUT');
  });
});

describe('encodeCommand and decodeCommand', () => {
  const cases: Array<[string, CommandApdu]> = [
    ['case 1', { cla: 0, ins: 0x20, p1: 0, p2: 0x80 }],
    ['case 2 short', { cla: 0, ins: 0xb0, p1: 1, p2: 2, le: 256 }],
    ['case 2 extended', { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 }],
    ['case 3 short', { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(0, 0x0a) }],
    ['case 3 extended', { cla: 0x80, ins: 0xa2, p1: 0, p2: 0, data: new Uint8Array(300).fill(7) }],
    ['case 4 short', { cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: Uint8Array.of(1, 2, 3), le: 256 }],
    ['case 4 extended', { cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: new Uint8Array(256).fill(1), le: 65536 }],
    ['case 4 with extended Le only', { cla: 0, ins: 0x88, p1: 0, p2: 0, data: Uint8Array.of(9), le: 1000 }],
  ];

  it.each(cases)('round-trips %s', (_name, command) => {
    const decoded = decodeCommand(encodeCommand(command));
    expect({ ...decoded, data: decoded.data ? [...decoded.data] : undefined }).toEqual({
      ...command,
      data: command.data ? [...command.data] : undefined,
    });
  });

  it('writes extended Lc and Le together', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: Uint8Array.of(9), le: 1000 }))).toBe('00880000000001' + '09' + '03E8');
  });

  it.each(['', '00A4', '00A40C', '00A4040C0300', '00A4040C02AA', '000000000001', '00B00000000005AABB', '00B0000000000001AA000000'])(
    'refuses the malformed command %s with INVALID_INPUT',
    (bytes) => {
      expect(codeOf(() => decodeCommand(fromHex(bytes)))).toBe('INVALID_INPUT');
    },
  );
});

describe('parseResponse', () => {
  it('splits data from the status word', () => {
    expect(parseResponse(fromHex('9000'))).toEqual({ data: new Uint8Array(0), sw: 0x9000 });
    const response = parseResponse(fromHex('3082049000'));
    expect(toHex(response.data)).toBe('308204');
    expect(response.sw).toBe(0x9000);
    expect(parseResponse(fromHex('63C2')).sw).toBe(0x63c2);
  });

  it('rejects a response shorter than a status word with MALFORMED_RESPONSE', () => {
    expect(codeOf(() => parseResponse(new Uint8Array(0)))).toBe('MALFORMED_RESPONSE');
    expect(codeOf(() => parseResponse(Uint8Array.of(0x90)))).toBe('MALFORMED_RESPONSE');
  });
});
