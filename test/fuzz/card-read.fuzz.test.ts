import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../device/card/apdu';
import { inputAssistPinTriesLeft, readBasicFourInfo } from '../../device/card/input-assist';
import { readCardFace } from '../../device/card/card-face';
import { CardError } from '../../device/card/card-error';
import { readTlvFile } from '../../device/card/file-read';
import { readUserAuthCertificate } from '../../device/card/jpki';
import { transceive } from '../../device/card/transceive';
import type { CardTransport } from '../../device/card/transport';
import {
  assertSameBytes,
  asyncOutcomeOf,
  CARD_ERROR_CODES,
  concat,
  depthOf,
  encodeNode,
  fuzzParameters,
  isCardErrorWithCode,
  Tally,
  tlvTree,
} from './arbitraries';

/**
 * The driver's framing over a transport (device/card/file-read.ts readTlvFile, transceive.ts with
 * 61xx / 6Cxx): a card that answers anything at all — short reads, 6282, GET RESPONSE chains, wrong
 * Le, garbage — gives a result or a CardError with a known code, never another exception, and the
 * driver only ever sends well-formed APDUs. Against an honest card that splits its answers any way
 * ISO 7816-4 allows, readTlvFile returns exactly the TLV the EF holds.
 */

const isAnyCardError = isCardErrorWithCode(...CARD_ERROR_CODES);

/** A transport that answers from a list, checks every command decodes, and ends with CARD_REMOVED. */
function scriptedTransport(maxResponseLength: number, answers: readonly Uint8Array[]): CardTransport & { sent: number } {
  let next = 0;
  return {
    maxResponseLength,
    sent: 0,
    async exchange(commandApdu) {
      this.sent += 1;
      decodeCommand(commandApdu);
      const answer = answers[next++];
      if (!answer) throw new CardError('CARD_REMOVED', 'script ended');
      return Uint8Array.from(answer);
    },
    async close() {},
  };
}

const statusWord = fc.oneof(
  fc.constantFrom(0x9000, 0x9000, 0x6282, 0x6b00, 0x6982, 0x6984, 0x63c3, 0x63c1, 0x63c0, 0x6a82, 0x6d00, 0x6100, 0x6110, 0x6c00, 0x6c10),
  fc.integer({ min: 0, max: 0xffff }),
);
const hostileAnswer = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 300 }), statusWord).map(([data, sw]) => concat(data, Uint8Array.of(sw >> 8, sw & 0xff))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(0xff20, 0x3082), fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 })).map(([tag, length, rest]) =>
      concat(Uint8Array.of(tag >> 8, tag & 0xff, 0x82, length >> 8, length & 0xff), rest, Uint8Array.of(0x90, 0x00)),
    ),
  },
);
const maxResponseLength = fc.oneof(fc.constantFrom(258, 65538, 2, 3), fc.integer({ min: 0, max: 70_000 }), fc.double());

describe('driver reads against a hostile card (device/card)', () => {
  it('readTlvFile, transceive and the read operations: a result or a coded CardError, well-formed commands only', async () => {
    const tally = new Tally();
    const operations: Array<[string, (transport: CardTransport) => Promise<unknown>]> = [
      ['readTlvFile', (transport) => readTlvFile(transport, 'fuzz read')],
      ['transceive', (transport) => transceive(transport, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 }, 'fuzz')],
      ['readBasicFourInfo', (transport) => readBasicFourInfo(transport, '1234', { allowLastTry: true })],
      ['readCardFace', (transport) => readCardFace(transport, '55021720352285')],
      ['readUserAuthCertificate', (transport) => readUserAuthCertificate(transport)],
      ['inputAssistPinTriesLeft', (transport) => inputAssistPinTriesLeft(transport)],
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: operations.length - 1 }), maxResponseLength, fc.array(hostileAnswer, { maxLength: 12 }), async (pick, maxLength, answers) => {
        const [name, operation] = operations[pick] ?? operations[0]!;
        const transport = scriptedTransport(maxLength, answers);
        const result = await asyncOutcomeOf(name, () => operation(transport), isAnyCardError);
        tally.add(result.ok ? `${name}:ok` : `code:${(result.error as CardError).code}`);
        // Bounded work: never more exchanges than answers, plus the one that found the script empty.
        expect(transport.sent).toBeLessThanOrEqual(answers.length + 1);
      }),
      fuzzParameters(0x4e_0001, 6000),
    );
    expect(tally.get('readTlvFile:ok') + tally.get('transceive:ok'), tally.toString()).toBeGreaterThan(300);
    expect(tally.labels().filter((label) => label.startsWith('code:')).length, tally.toString()).toBeGreaterThanOrEqual(5);
  });

  it('an honest card splitting its answers (short reads, 6282, 61xx chains, 6Cxx) gives readTlvFile exactly the EF TLV', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        tlvTree.filter((node) => depthOf(node) <= 8),
        fc.uint8Array({ maxLength: 8 }).map((filler) => filler.fill(0xff)),
        fc.constantFrom(258, 65538, 4, 20, 100),
        fc.array(fc.record({ shortBy: fc.nat({ max: 300 }), chain: fc.boolean(), wrongLe: fc.boolean(), warning: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        async (node, filler, maxLength, behaviours) => {
          const tlv = encodeNode(node);
          const file = concat(tlv, filler);
          let round = 0;
          let pending: Uint8Array | undefined;
          let correctedOnce = false;
          const transport: CardTransport = {
            maxResponseLength: maxLength,
            async exchange(commandApdu) {
              const command = decodeCommand(commandApdu);
              const behaviour = behaviours[round++ % behaviours.length] ?? { shortBy: 0, chain: false, wrongLe: false, warning: false };
              const le = command.le ?? 0;
              if (command.ins === 0xc0) {
                // GET RESPONSE: hand out what is pending, at most Le bytes, 61xx while more remain.
                const all = pending ?? new Uint8Array(0);
                const part = all.subarray(0, le);
                pending = all.subarray(part.length);
                return concat(part, pending.length > 0 ? Uint8Array.of(0x61, Math.min(pending.length, 0xff)) : Uint8Array.of(0x90, 0x00));
              }
              const offset = (command.p1 << 8) | command.p2;
              if (offset >= file.length) return Uint8Array.of(0x6b, 0x00);
              const available = file.subarray(offset, offset + le);
              if (behaviour.wrongLe && !correctedOnce && available.length < le && available.length > 0 && available.length < 256) {
                correctedOnce = true;
                return Uint8Array.of(0x6c, available.length);
              }
              correctedOnce = false;
              const room = Math.max(1, maxLength - 2);
              const data = available.subarray(0, Math.max(1, Math.min(room, available.length - behaviour.shortBy)));
              if (behaviour.chain && data.length > 1) {
                const first = data.subarray(0, Math.ceil(data.length / 2));
                pending = data.subarray(first.length);
                tally.add('chained');
                return concat(first, Uint8Array.of(0x61, Math.min(pending.length, 0xff)));
              }
              if (data.length < available.length) tally.add('short-read');
              const sw = behaviour.warning && offset + data.length >= file.length ? 0x6282 : 0x9000;
              return concat(data, Uint8Array.of(sw >> 8, sw & 0xff));
            },
            async close() {},
          };
          const result = await asyncOutcomeOf('readTlvFile', () => readTlvFile(transport, 'fuzz read'), isAnyCardError);
          if (!result.ok) {
            // Only a file READ BINARY cannot address may be refused.
            expect(tlv.length).toBeGreaterThan(0x7fff);
            return;
          }
          assertSameBytes(result.value, tlv, 'TLV read');
          tally.add('read');
        },
      ),
      fuzzParameters(0x4e_0002, 1500),
    );
    expect(tally.get('read'), tally.toString()).toBeGreaterThan(1000);
    expect(tally.get('chained'), tally.toString()).toBeGreaterThan(150);
    expect(tally.get('short-read'), tally.toString()).toBeGreaterThan(300);
  });
});
