import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, EXTENDED_MAX_LC, EXTENDED_MAX_LE, parseResponse } from '../../device/card/apdu';
import type { CommandApdu } from '../../device/card/apdu';
import { isExtendedLengthApdu, parseCommandApdu, statusWordOf, withData } from '../../device/virtual-card/apdu';
import { assertSameBytes, concat, fuzzParameters, isCardErrorWithCode, outcomeOf, Tally } from './arbitraries';

/**
 * The two C-APDU codecs (device/card/apdu.ts for transcripts and test cards, device/virtual-card/apdu.ts
 * inside the emulator) and the R-APDU split. decodeCommand throws only CardError INVALID_INPUT;
 * parseCommandApdu never throws (undefined = 6700); both read the same ISO 7816-4 cases and must
 * agree on every input.
 */

const isInvalidInput = isCardErrorWithCode('INVALID_INPUT');
const isMalformed = isCardErrorWithCode('MALFORMED_RESPONSE');

const byte = fc.integer({ min: 0, max: 0xff });

/** Commands encodeCommand accepts: short and extended, data up to past 255, Le up to 65536. */
const commandApdu: fc.Arbitrary<CommandApdu> = fc
  .record({
    cla: byte,
    ins: byte,
    p1: byte,
    p2: byte,
    data: fc.option(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ minLength: 250, maxLength: 600 }))),
    le: fc.option(fc.oneof(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: EXTENDED_MAX_LE }), fc.constantFrom(255, 256, 257, 65535, 65536))),
  })
  .map(({ data, le, ...header }) => ({ ...header, ...(data === null ? {} : { data }), ...(le === null ? {} : { le }) }));

/** Bytes shaped like APDUs: a header, then any of the length layouts, often slightly off. */
const apduLikeBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 12 }),
  commandApdu.map((command) => encodeCommand(command)),
  fc
    .tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 0xff }), fc.uint8Array({ maxLength: 270 }))
    .map(([header, lc, rest]) => concat(header, Uint8Array.of(lc), rest)),
  fc
    .tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: -2, max: 2 }))
    .map(([header, lc, slack]) =>
      concat(header, Uint8Array.of(0x00, lc >> 8, lc & 0xff), new Uint8Array(Math.max(0, lc + slack)).fill(0xa5)),
    ),
);

describe('C-APDU codec (device/card/apdu.ts)', () => {
  it('decodeCommand(encodeCommand(c)) gives c back, short and extended', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(commandApdu, (command) => {
        const encoded = outcomeOf('encodeCommand', () => encodeCommand(command), isInvalidInput);
        // Everything the generator makes is encodable.
        if (!encoded.ok) throw new Error(`encodeCommand refused ${JSON.stringify({ ...command, data: command.data?.length })}`);
        const decoded = decodeCommand(encoded.value);
        expect({ cla: decoded.cla, ins: decoded.ins, p1: decoded.p1, p2: decoded.p2 }).toEqual({
          cla: command.cla,
          ins: command.ins,
          p1: command.p1,
          p2: command.p2,
        });
        const data = command.data ?? new Uint8Array(0);
        assertSameBytes(decoded.data ?? new Uint8Array(0), data, 'data');
        expect(decoded.le).toBe(command.le);
        // Same bytes again, and the emulator reads them the same way.
        assertSameBytes(encodeCommand(decoded), encoded.value, 're-encoded');
        const emulated = parseCommandApdu(encoded.value);
        expect(emulated).toBeDefined();
        expect(emulated?.le).toBe(command.le);
        expect(emulated?.extended).toBe(data.length > 255 || (command.le ?? 0) > 256);
        tally.add(emulated?.extended ? 'extended' : 'short');
      }),
      fuzzParameters(0xa9_0001, 3000),
    );
    expect(tally.get('extended')).toBeGreaterThan(500);
    expect(tally.get('short')).toBeGreaterThan(500);
  });

  it('encodeCommand refuses out-of-range fields with INVALID_INPUT only', () => {
    fc.assert(
      fc.property(
        fc.record({
          cla: fc.oneof(byte, fc.integer(), fc.double()),
          ins: byte,
          p1: byte,
          p2: fc.oneof(byte, fc.constantFrom(-1, 256, 0.5, Number.NaN)),
          le: fc.option(fc.oneof(fc.integer({ min: -2, max: EXTENDED_MAX_LE + 2 }), fc.double())),
          dataLength: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(EXTENDED_MAX_LC, EXTENDED_MAX_LC + 1)),
        }),
        ({ dataLength, le, ...header }) => {
          const command = { ...header, data: new Uint8Array(dataLength), ...(le === null ? {} : { le }) };
          const result = outcomeOf('encodeCommand', () => encodeCommand(command), isInvalidInput);
          if (result.ok) expect(decodeCommand(result.value).le).toBe(le ?? undefined);
        },
      ),
      fuzzParameters(0xa9_0002, 3000),
    );
  });

  it('decodeCommand on any bytes: a command or INVALID_INPUT, and exactly when the emulator parser accepts them', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(apduLikeBytes, (input) => {
        const decoded = outcomeOf('decodeCommand', () => decodeCommand(input), isInvalidInput);
        const emulated = outcomeOf('parseCommandApdu', () => parseCommandApdu(input), () => false);
        if (!emulated.ok) return;
        expect(isExtendedLengthApdu(input)).toBe(emulated.value?.extended ?? false);
        if (!decoded.ok) {
          expect(emulated.value).toBeUndefined();
          tally.add('refused');
          return;
        }
        const parsed = emulated.value;
        if (!parsed) throw new Error('decodeCommand accepted what parseCommandApdu refused');
        expect([parsed.cla, parsed.ins, parsed.p1, parsed.p2]).toEqual([decoded.value.cla, decoded.value.ins, decoded.value.p1, decoded.value.p2]);
        expect(parsed.le).toBe(decoded.value.le);
        assertSameBytes(parsed.data ?? new Uint8Array(0), decoded.value.data ?? new Uint8Array(0), 'data');
        // A decoded command encodes back to the same bytes when it was in canonical form.
        const again = encodeCommand(decoded.value);
        if (again.length === input.length) tally.add('canonical');
        tally.add(parsed.data ? 'with-data' : 'no-data');
      }),
      fuzzParameters(0xa9_0003, 20_000),
    );
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(2000);
    expect(tally.get('with-data'), tally.toString()).toBeGreaterThan(2000);
    expect(tally.get('canonical'), tally.toString()).toBeGreaterThan(2000);
  });
});

describe('R-APDU split (device/card/apdu.ts parseResponse, virtual-card withData / statusWordOf)', () => {
  it('any bytes: data ‖ SW, or MALFORMED_RESPONSE below two bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const result = outcomeOf('parseResponse', () => parseResponse(input), isMalformed);
        expect(result.ok).toBe(input.length >= 2);
        if (!result.ok) return;
        assertSameBytes(concat(result.value.data, Uint8Array.of(result.value.sw >> 8, result.value.sw & 0xff)), input, 'response');
        expect(result.value.sw).toBe(statusWordOf(input));
      }),
      fuzzParameters(0xa9_0010, 5000),
    );
  });

  it('parseResponse(withData(d, sw)) gives d and sw back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 0xffff }), (data, sw) => {
        const parsed = parseResponse(withData(data, sw));
        assertSameBytes(parsed.data, data, 'data');
        expect(parsed.sw).toBe(sw);
      }),
      fuzzParameters(0xa9_0011, 3000),
    );
  });
});
