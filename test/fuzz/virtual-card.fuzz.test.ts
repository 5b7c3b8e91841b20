import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../device/card/apdu';
import { readTlvHeader, parseTlv } from '../../device/card/tlv';
import { AID, SHA256_DIGEST_INFO_PREFIX } from '../../kernel/card/applications';
import { SW } from '../../device/mynumber/status-words';
import { encodeBerLength, encodeTlv } from '../../device/virtual-card/ber';
import { STAND_IN_AID } from '../../device/virtual-card/card-image';
import type { CardProfile } from '../../device/virtual-card/card-profile';
import { parseCardProfileJson } from '../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../device/virtual-card/counter-store';
import { VirtualCard } from '../../device/virtual-card/virtual-card';
import {
  assertSameBytes,
  asyncOutcomeOf,
  concat,
  fuzzParameters,
  isVirtualCardErrorWithCode,
  outcomeOf,
  Tally,
  tagArbitrary,
  tagNumber,
} from './arbitraries';

/**
 * The virtual card (device/virtual-card): BER length/TLV encoders read back by the driver's TLV
 * parser, and `VirtualCard.transmit` on a powered shiken-taro card: any command bytes, in any order,
 * get a well-formed R-APDU (data ‖ a status word the card documents), never an exception.
 */

const shikenTaro: CardProfile = parseCardProfileJson(JSON.parse(readFileSync(new URL('../../fixtures/cards/shiken-taro.json', import.meta.url), 'utf8')));

/** Every status word the emulator may answer (card.md §8.1), 63Cx aside. */
const KNOWN_SW = new Set<number>(Object.values(SW).filter((sw) => sw !== SW.triesLeftBase));
const isKnownStatus = (sw: number): boolean => KNOWN_SW.has(sw) || (sw & 0xfff0) === SW.triesLeftBase;

describe('BER encoders (device/virtual-card/ber.ts) read back by device/card/tlv.ts', () => {
  it('encodeBerLength: every length 0–FFFF in both forms; anything else a RangeError', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0x7f, 0x80, 0xff, 0x100, 0xffff), fc.integer(), fc.double()),
        fc.constantFrom('minimal' as const, 'two-byte' as const),
        (length, form) => {
          const encoded = outcomeOf('encodeBerLength', () => encodeBerLength(length, form), (error) => error instanceof RangeError);
          expect(encoded.ok).toBe(Number.isInteger(length) && length >= 0 && length <= 0xffff);
          if (!encoded.ok) return;
          const header = readTlvHeader(concat(Uint8Array.of(0x04), encoded.value), 0);
          expect(header.length).toBe(length === 0 ? 0 : length); // -0 is 0
          expect(header.headerLength).toBe(1 + encoded.value.length);
          if (form === 'two-byte') expect(encoded.value.length).toBe(3);
          else expect(encoded.value.length).toBe(length < 0x80 ? 1 : length <= 0xff ? 2 : 3);
        },
      ),
      fuzzParameters(0xbe_0001, 5000),
    );
  });

  it('encodeTlv → parseTlv gives the tag and value back', () => {
    fc.assert(
      fc.property(tagArbitrary(false), fc.uint8Array({ maxLength: 700 }), fc.constantFrom('minimal' as const, 'two-byte' as const), (tag, value, form) => {
        const parsed = parseTlv(encodeTlv(tag, value, form));
        expect(parsed.tag).toBe(tagNumber(tag));
        assertSameBytes(parsed.value, value, 'value');
      }),
      fuzzParameters(0xbe_0002, 3000),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const APPLICATION_AIDS = [AID.jpki, AID.inputAssist, AID.cardFace, AID.residentRegistry, AID.common, AID.issuerSecurityDomain, STAND_IN_AID];
const FIDS = [0x0001, 0x0002, 0x0005, 0x0006, 0x0008, 0x000a, 0x000b, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0017, 0x0018, 0x001a, 0x001b, 0x3f00];
const SECRETS = ['1234', 'ABC123', 'abc123', '55021720352285', '123456789018', '550217', '0000', '12345', ''];

const byte = fc.integer({ min: 0, max: 0xff });
const le = fc.option(fc.oneof(fc.integer({ min: 1, max: 256 }), fc.constantFrom(256, 257, 4096, 65536)), { nil: undefined });
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));
const sfiP2 = fc.oneof(fc.constant(0x80), fc.integer({ min: 0x80, max: 0x9f }), byte);

/** Commands that follow the card's dialogue closely enough to reach verified reads and signatures. */
const cardCommand: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...APPLICATION_AIDS).map((aid) => encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: aid })) },
  { weight: 5, arbitrary: fc.oneof(fc.constantFrom(...FIDS), fc.integer({ min: 0, max: 0xffff })).map((fid) => encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(sfiP2, fc.option(fc.oneof(fc.constantFrom(...SECRETS).map(ascii), fc.uint8Array({ maxLength: 20 })), { nil: undefined }))
      .map(([p2, data]) => encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2, ...(data && data.length > 0 ? { data } : {}) })),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 0x7fff }), le).map(([offset, length]) => encodeCommand({ cla: 0, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, ...(length ? { le: length } : {}) })),
      fc.tuple(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0, max: 3 }), byte, le).map(([sfi, high, offset, length]) =>
        encodeCommand({ cla: 0, ins: 0xb0, p1: 0x80 | (high << 5) | sfi, p2: offset, ...(length ? { le: length } : {}) }),
      ),
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom(0x80, 0x00, 0x97, 0x9a), byte), fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((digest) => concat(SHA256_DIGEST_INFO_PREFIX, digest)), fc.uint8Array({ maxLength: 300 })), le, fc.constantFrom(0, 0, 1))
      .map(([p2, data, length, p1]) => encodeCommand({ cla: 0x80, ins: 0x2a, p1, p2, ...(data.length > 0 ? { data } : {}), ...(length ? { le: length } : {}) })),
  },
  { weight: 1, arbitrary: fc.tuple(le, byte).map(([length, p1]) => encodeCommand({ cla: 0, ins: 0x84, p1: p1 & 1, p2: 0, ...(length ? { le: length } : {}) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((data) => encodeCommand({ cla: 0, ins: 0x82, p1: 0, p2: 0, ...(data.length > 0 ? { data } : {}) })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(0, 1), sfiP2, fc.oneof(fc.constantFrom(...SECRETS, '9876', 'XYZ789', '123456789012345678').map(ascii), fc.uint8Array({ maxLength: 20 })))
      .map(([p1, p2, data]) => encodeCommand({ cla: 0, ins: 0x24, p1, p2, ...(data.length > 0 ? { data } : {}) })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0x80ae, 0x80a2, 0x00a4), byte, byte).map(([claIns, p1, p2]) => Uint8Array.of(claIns >> 8, claIns & 0xff, p1, p2)) },
  {
    weight: 2,
    arbitrary: fc
      .record({ cla: byte, ins: byte, p1: byte, p2: byte, data: fc.uint8Array({ maxLength: 300 }), le })
      .map(({ data, le: length, ...header }) => encodeCommand({ ...header, ...(data.length > 0 ? { data } : {}), ...(length ? { le: length } : {}) })),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 250, maxLength: 300 }) },
);

/** The profile's own dialogue: SELECT AP, VERIFY a key (current EF or SFI), then READ BINARY or sign. */
const FLOWS = [
  { aid: AID.jpki, keys: [[0x18, '1234'], [0x1b, 'ABC123']] as const, files: [0x0a, 0x0b, 0x06, 0x08, 0x01, 0x02], signers: [0x17, 0x1a] },
  { aid: AID.inputAssist, keys: [[0x11, '1234'], [0x14, '123456789018'], [0x15, '55021720352285']] as const, files: [0x01, 0x02], signers: [0x00] },
  { aid: AID.cardFace, keys: [[0x12, '55021720352285'], [0x13, '123456789018'], [0x11, '550217']] as const, files: [0x02, 0x01, 0x05], signers: [0x00] },
];

const scriptedFlow: fc.Arbitrary<Uint8Array[]> = fc
  .record({
    flow: fc.constantFrom(...FLOWS),
    keyPick: fc.nat(),
    bySfi: fc.boolean(),
    wrongValue: fc.option(fc.constantFrom('9999', '000000', 'ZZZ999'), { freq: 6 }),
    filePick: fc.nat(),
    offset: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 300 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x7fff }) }),
    readLength: fc.oneof(fc.integer({ min: 1, max: 256 }), fc.constant(65536)),
    sign: fc.boolean(),
    digest: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  })
  .map(({ flow, keyPick, bySfi, wrongValue, filePick, offset, readLength, sign, digest }) => {
    const [keyFid, value] = flow.keys[keyPick % flow.keys.length] ?? [0x18, '1234'];
    const selectFile = (fid: number) => encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
    const verify = encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: bySfi ? 0x80 | keyFid : 0x80, data: ascii(wrongValue ?? value) });
    const commands = [encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: flow.aid }), ...(bySfi ? [] : [selectFile(keyFid)]), verify];
    if (sign) {
      const signer = flow.signers[filePick % flow.signers.length] ?? 0;
      if (signer !== 0) commands.push(selectFile(signer));
      commands.push(encodeCommand({ cla: 0x80, ins: 0x2a, p1: 0, p2: signer === 0 ? 0x00 : 0x80, data: concat(SHA256_DIGEST_INFO_PREFIX, digest), le: 256 }));
    } else {
      commands.push(selectFile(flow.files[filePick % flow.files.length] ?? 1));
      commands.push(encodeCommand({ cla: 0, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: readLength }));
    }
    return commands;
  });

/** Scripted flows interleaved with arbitrary commands: the noise lands in every state the flows reach. */
const commandSequence: fc.Arbitrary<Uint8Array[]> = fc
  .array(fc.oneof({ weight: 2, arbitrary: scriptedFlow }, { weight: 3, arbitrary: cardCommand.map((commandApdu) => [commandApdu]) }), { minLength: 1, maxLength: 6 })
  .map((chunks) => chunks.flat());

/** A deterministic GET CHALLENGE source, so a failure replays. */
const counterRandom = (): ((length: number) => Uint8Array) => {
  let next = 0;
  return (length) => Uint8Array.from({ length }, () => (next = (next * 17 + 1) & 0xff));
};

describe('VirtualCard.transmit (device/virtual-card/virtual-card.ts) on the shiken-taro profile', () => {
  it('any sequence of commands: every answer is data ‖ a documented status word, never an exception', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(commandSequence, async (commands) => {
        const card = new VirtualCard({ profile: shikenTaro, counters: new InMemoryCounterStore(), randomBytes: counterRandom() });
        card.powerOn();
        for (const commandApdu of commands) {
          const sent = Uint8Array.from(commandApdu);
          const answer = await asyncOutcomeOf('VirtualCard.transmit', () => card.transmit(commandApdu), () => false);
          if (!answer.ok) return;
          const response = answer.value;
          expect(response).toBeInstanceOf(Uint8Array);
          expect(response.length).toBeGreaterThanOrEqual(2);
          const sw = ((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0);
          if (!isKnownStatus(sw)) throw new Error(`undocumented status word ${sw.toString(16)} for ${Buffer.from(commandApdu).toString('hex')}`);
          // Only 9000 carries data.
          if (response.length > 2) expect(sw).toBe(SW.ok);
          // The card never changes the caller's buffer.
          assertSameBytes(commandApdu, sent, 'command buffer');
          const ins = commandApdu[1];
          if (sw === SW.ok && response.length > 2) tally.add(ins === 0xb0 ? 'read-data' : ins === 0x2a ? 'signature' : ins === 0x84 ? 'challenge' : 'other-data');
          else tally.add(sw.toString(16).toUpperCase());
          if (ins === 0x20 && sw === SW.ok && commandApdu.length > 5) tally.add('verified');
        }
      }),
      fuzzParameters(0xbe_0010, 700),
    );
    // Not vacuous: the sequences got past SELECT and VERIFY into reads and signatures.
    const summary = tally.toString();
    expect(tally.get('read-data'), summary).toBeGreaterThan(60);
    expect(tally.get('verified'), summary).toBeGreaterThan(80);
    expect(tally.get('signature'), summary).toBeGreaterThan(50);
    expect(tally.get('challenge'), summary).toBeGreaterThan(3);
    expect(tally.labels().filter((label) => /^[0-9A-F]{4}$/.test(label)).length, summary).toBeGreaterThanOrEqual(14);
  });

  it('a card that is not powered refuses with CARD_NOT_POWERED, whatever the bytes', async () => {
    const card = new VirtualCard({ profile: shikenTaro, counters: new InMemoryCounterStore() });
    await fc.assert(
      fc.asyncProperty(cardCommand, async (commandApdu) => {
        const answer = await asyncOutcomeOf('VirtualCard.transmit', () => card.transmit(commandApdu), isVirtualCardErrorWithCode('CARD_NOT_POWERED'));
        expect(answer.ok).toBe(false);
      }),
      fuzzParameters(0xbe_0011, 500),
    );
  });
});
