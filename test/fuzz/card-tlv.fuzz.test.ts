import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../device/card/card-error';
import { INDEX_TAG, isoDateFromField, parseIndexedRecord, RECORD_TAG, requiredField, sexCodeFromField } from '../../device/card/indexed-record';
import { DEFAULT_MAX_TLV_DEPTH, findTlv, parseTlv, parseTlvList, readTlvHeader, tagName, TlvError } from '../../device/card/tlv';
import type { Tlv, TlvErrorReason } from '../../device/card/tlv';
import {
  applyByteMutations,
  assertSameBytes,
  byteMutation,
  concat,
  depthOf,
  encodeLength,
  encodeNode,
  fuzzParameters,
  isCardErrorWithCode,
  outcomeOf,
  Tally,
  tagArbitrary,
  tagNumber,
  tlvTree,
} from './arbitraries';
import type { TlvNode } from './arbitraries';

/**
 * device/card/tlv.ts and indexed-record.ts: total over any bytes. Every malformed input throws a
 * TlvError (CardError MALFORMED_RESPONSE with a reason and an offset inside the input) or, for the
 * record layer, a CardError MALFORMED_RESPONSE; nothing else is ever thrown.
 */

const REASONS: readonly TlvErrorReason[] = [
  'EMPTY',
  'TRUNCATED_TAG',
  'TAG_TOO_LONG',
  'TRUNCATED_LENGTH',
  'INDEFINITE_LENGTH',
  'LENGTH_TOO_LONG',
  'LENGTH_PAST_END',
  'TOO_DEEP',
];

function isTlvErrorWithin(input: Uint8Array): (error: unknown) => boolean {
  return (error) =>
    error instanceof TlvError &&
    error instanceof CardError &&
    error.code === 'MALFORMED_RESPONSE' &&
    REASONS.includes(error.reason) &&
    Number.isInteger(error.offset) &&
    error.offset >= 0 &&
    error.offset <= input.length;
}

/** What a parsed TLV must be, whatever the input: its parts are consistent with its raw bytes. */
function checkParsed(element: Tlv, input: Uint8Array): void {
  assertSameBytes(element.raw, input.subarray(element.offset, element.offset + element.headerLength + element.length), 'raw');
  assertSameBytes(element.value, element.raw.subarray(element.headerLength), 'value');
  expect(element.value.length).toBe(element.length);
  expect(element.headerLength).toBeGreaterThanOrEqual(2);
  expect(element.headerLength).toBeLessThanOrEqual(4 + 5);
  const header = readTlvHeader(input, element.offset);
  if (header.tag !== element.tag || header.constructed !== element.constructed || header.headerLength !== element.headerLength || header.length !== element.length) {
    throw new Error(`readTlvHeader at ${element.offset} disagrees with the parsed element`);
  }
  if (!element.constructed) {
    expect(element.children).toEqual([]);
    return;
  }
  // Children tile the value exactly.
  assertSameBytes(concat(...element.children.map((child) => child.raw)), element.value, 'children');
  let position = element.offset + element.headerLength;
  for (const child of element.children) {
    expect(child.offset).toBe(position);
    position += child.raw.length;
    checkParsed(child, input);
  }
}

function expectMatchesTree(element: Tlv, node: TlvNode, offset: number): void {
  const encoded = encodeNode(node);
  expect(element.offset).toBe(offset);
  expect(element.tag).toBe(tagNumber(node.tagBytes));
  expect(element.constructed).toBe(node.value === undefined);
  assertSameBytes(element.raw, encoded, 'raw');
  if (node.value !== undefined) {
    assertSameBytes(element.value, node.value, 'value');
    return;
  }
  const children = node.children ?? [];
  expect(element.children.length).toBe(children.length);
  let position = offset + element.headerLength;
  children.forEach((child, index) => {
    const parsed = element.children[index];
    if (!parsed) throw new Error(`child ${index} missing`);
    expectMatchesTree(parsed, child, position);
    position += encodeNode(child).length;
  });
}

describe('BER-TLV parser (device/card/tlv.ts)', () => {
  it('parses back every well-formed TLV list, in every length form (81–84, padded), at any nesting the limit allows', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.array(tlvTree, { minLength: 1, maxLength: 4 }), (nodes) => {
        const input = concat(...nodes.map(encodeNode));
        const deepest = Math.max(...nodes.map(depthOf));
        const result = outcomeOf('parseTlvList', () => parseTlvList(input), isTlvErrorWithin(input));
        if (deepest > DEFAULT_MAX_TLV_DEPTH) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect((result.error as TlvError).reason).toBe('TOO_DEEP');
          tally.add('too-deep');
          return;
        }
        if (!result.ok) throw new Error(`valid TLVs refused: ${String(result.error)}`);
        expect(result.value.length).toBe(nodes.length);
        let offset = 0;
        nodes.forEach((node, index) => {
          const parsed = result.value[index];
          if (!parsed) throw new Error('element missing');
          expectMatchesTree(parsed, node, offset);
          checkParsed(parsed, input);
          offset += parsed.raw.length;
          if (node.value === undefined && (node.children ?? []).length > 0) tally.add('constructed-with-children');
          if (parsed.headerLength > 3) tally.add('long-header');
          if (node.tagBytes.length > 1) tally.add('multi-byte-tag');
        });
        tally.add('parsed');
      }),
      fuzzParameters(0x71_0001, 1000),
    );
    expect(tally.get('parsed')).toBeGreaterThan(650);
    expect(tally.get('constructed-with-children')).toBeGreaterThan(100);
    expect(tally.get('long-header')).toBeGreaterThan(100);
    expect(tally.get('multi-byte-tag')).toBeGreaterThan(100);
  });

  it('parseTlv reads the first TLV and ignores what follows (FF filler of card files)', () => {
    fc.assert(
      fc.property(tlvTree, fc.uint8Array({ maxLength: 16 }), (node, trailer) => {
        fc.pre(depthOf(node) <= DEFAULT_MAX_TLV_DEPTH);
        const encoded = encodeNode(node);
        const parsed = parseTlv(concat(encoded, trailer));
        expectMatchesTree(parsed, node, 0);
      }),
      fuzzParameters(0x71_0002, 2000),
    );
  });

  it('mutated encodings: a consistent parse or a TlvError with a reason and an in-range offset, never anything else', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.array(tlvTree, { minLength: 1, maxLength: 3 }), fc.array(byteMutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (nodes, mutations, single) => {
        const input = applyByteMutations(concat(...nodes.map(encodeNode)), mutations);
        if (single) {
          const result = outcomeOf('parseTlv', () => parseTlv(input), isTlvErrorWithin(input));
          if (result.ok) {
            expect(result.value.offset).toBe(0);
            checkParsed(result.value, input);
            tally.add('ok');
          } else {
            tally.add((result.error as TlvError).reason);
          }
          return;
        }
        const result = outcomeOf('parseTlvList', () => parseTlvList(input), isTlvErrorWithin(input));
        if (result.ok) {
          // The list tiles the input exactly.
          assertSameBytes(concat(...result.value.map((element) => element.raw)), input, 'list');
          for (const element of result.value) checkParsed(element, input);
          tally.add('ok');
        } else {
          tally.add((result.error as TlvError).reason);
        }
      }),
      fuzzParameters(0x71_0003, 6000),
    );
    // Not vacuous: many mutated inputs still parse, and the failures reach most of the reasons.
    expect(tally.get('ok')).toBeGreaterThan(600);
    expect(tally.labels().filter((label) => label !== 'ok').length, tally.toString()).toBeGreaterThanOrEqual(6);
  });

  it('arbitrary bytes: parseTlv, parseTlvList and readTlvHeader at any offset return or throw TlvError', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.nat({ max: 50 }), (input, offset) => {
        const header = outcomeOf('readTlvHeader', () => readTlvHeader(input, offset), isTlvErrorWithin(concat(input, new Uint8Array(64))));
        if (header.ok) {
          expect(offset + header.value.headerLength).toBeLessThanOrEqual(input.length);
          expect(header.value.length).toBeGreaterThanOrEqual(0);
          expect(header.value.length).toBeLessThanOrEqual(0xffffffff);
          tally.add('header');
        }
        const single = outcomeOf('parseTlv', () => parseTlv(input), isTlvErrorWithin(input));
        if (single.ok) {
          checkParsed(single.value, input);
          tally.add('single');
        }
        const list = outcomeOf('parseTlvList', () => parseTlvList(input), isTlvErrorWithin(input));
        if (list.ok) assertSameBytes(concat(...list.value.map((element) => element.raw)), input, 'list');
      }),
      fuzzParameters(0x71_0004, 20_000),
    );
    expect(tally.get('header')).toBeGreaterThan(1000);
    expect(tally.get('single')).toBeGreaterThan(200);
  });

  it('any maxDepth option, any nesting depth: parses within the effective limit, TOO_DEEP beyond it, never a stack overflow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.constant(undefined)),
        fc.boolean(),
        (depth, maxDepth, longForm) => {
          // depth nested `30` constructed TLVs around one `04 00`.
          let inner: Uint8Array = Uint8Array.of(0x04, 0x00);
          for (let level = 1; level < depth; level += 1) inner = concat(Uint8Array.of(0x30), encodeLength(inner.length, longForm ? 2 : 0), inner);
          const effective =
            maxDepth !== undefined && Number.isInteger(maxDepth) && maxDepth >= 1 ? Math.min(maxDepth, 64) : DEFAULT_MAX_TLV_DEPTH;
          const options = maxDepth === undefined ? {} : { maxDepth };
          const result = outcomeOf('parseTlv', () => parseTlv(inner, options), isTlvErrorWithin(inner));
          if (depth <= effective) {
            expect(result.ok).toBe(true);
          } else {
            expect(result.ok).toBe(false);
            if (!result.ok) expect((result.error as TlvError).reason).toBe('TOO_DEEP');
          }
        },
      ),
      fuzzParameters(0x71_0005, 2000),
    );
  });

  it('findTlv returns the first element with the tag, without descending', () => {
    fc.assert(
      fc.property(fc.array(tlvTree, { maxLength: 5 }), fc.integer({ min: 0, max: 0xffffffff }), fc.nat(), (nodes, randomTag, pick) => {
        fc.pre(nodes.every((node) => depthOf(node) <= DEFAULT_MAX_TLV_DEPTH));
        const list = parseTlvList(concat(...nodes.map(encodeNode)));
        const chosen = list[pick % Math.max(1, list.length)];
        for (const tag of [randomTag, ...(chosen ? [chosen.tag] : [])]) {
          const found = findTlv(list, tag);
          const expected = list.find((element) => element.tag === tag);
          expect(found).toBe(expected);
          if (found) expect(tagName(found.tag)).toMatch(/^(?:[0-9A-F]{2})+$/);
        }
      }),
      fuzzParameters(0x71_0006, 2000),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const DF = (low: number): number[] => [0xdf, low];

interface RecordShape {
  outerPadding: number;
  fields: Array<{ tag: number[]; value: Uint8Array }>;
  /** Which DF21 to write: correct offsets, none, or one of wrong length. */
  index: 'correct' | 'absent' | 'short';
  trailer: Uint8Array;
}

/** An `FF 20` record whose DF21 lists the offsets of `indexedTags`, the way both 券面 files do. */
function encodeRecord(shape: RecordShape, indexedTags: readonly number[]): Uint8Array {
  const fields = shape.fields.map((field) => concat(Uint8Array.from(field.tag), encodeLength(field.value.length, 0), field.value));
  const indexLength = shape.index === 'absent' ? 0 : 3 + 2 * (shape.index === 'short' ? Math.max(0, indexedTags.length - 1) : indexedTags.length);
  const contentLength = indexLength + fields.reduce((sum, field) => sum + field.length, 0);
  const header = concat(Uint8Array.of(0xff, 0x20), encodeLength(contentLength, shape.outerPadding));
  const offsetsByTag = new Map<number, number>();
  let position = header.length + indexLength;
  shape.fields.forEach((field, index) => {
    if (!offsetsByTag.has(tagNumber(field.tag))) offsetsByTag.set(tagNumber(field.tag), position);
    position += fields[index]?.length ?? 0;
  });
  const listed = shape.index === 'short' ? indexedTags.slice(1) : indexedTags;
  const offsets = listed.flatMap((tag) => {
    const offset = offsetsByTag.get(tag) ?? 0xffff;
    return [offset >> 8, offset & 0xff];
  });
  const index = shape.index === 'absent' ? new Uint8Array(0) : concat(Uint8Array.of(0xdf, 0x21, offsets.length), Uint8Array.from(offsets));
  return concat(header, index, ...fields, shape.trailer);
}

const INDEXED = [0xdf22, 0xdf23, 0xdf24, 0xdf25] as const;

const recordShape: fc.Arbitrary<RecordShape> = fc.record({
  outerPadding: fc.integer({ min: 0, max: 2 }),
  fields: fc.oneof(
    // The usual layout: each indexed tag once, in order, sometimes with an extra field.
    fc
      .tuple(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 4, maxLength: 4 }), fc.option(fc.record({ tag: tagArbitrary(false), value: fc.uint8Array({ maxLength: 8 }) })))
      .map(([values, extra]) => [...values.map((value, index) => ({ tag: DF(0x22 + index), value })), ...(extra ? [extra] : [])]),
    fc.array(fc.record({ tag: fc.oneof(fc.constantFrom(...INDEXED.map((tag) => DF(tag & 0xff))), tagArbitrary(false)), value: fc.uint8Array({ maxLength: 40 }) }), { maxLength: 6 }),
  ),
  index: fc.constantFrom('correct' as const, 'correct' as const, 'absent' as const, 'short' as const),
  trailer: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 4 }).map((filler) => filler.fill(0xff))),
});

describe('FF20 indexed records (device/card/indexed-record.ts)', () => {
  it('well-formed records parse with DF21 offsets pointing at their tags; mutated ones throw CardError MALFORMED_RESPONSE only', () => {
    const tally = new Tally();
    const isMalformed = isCardErrorWithCode('MALFORMED_RESPONSE');
    fc.assert(
      fc.property(recordShape, fc.array(byteMutation, { maxLength: 2 }), (shape, mutations) => {
        const input = applyByteMutations(encodeRecord(shape, INDEXED), mutations);
        const result = outcomeOf('parseIndexedRecord', () => parseIndexedRecord(input, 'fuzz record', INDEXED), isMalformed);
        if (!result.ok) {
          tally.add(mutations.length === 0 ? 'refused-unmutated' : 'refused');
          return;
        }
        const record = result.value;
        tally.add(record.offsets.length > 0 ? 'ok-indexed' : 'ok-unindexed');
        expect(tagName(RECORD_TAG)).toBe('FF20');
        assertSameBytes(input.subarray(0, record.raw.length), record.raw, 'record');
        if (record.fields.has(INDEX_TAG)) {
          expect(record.offsets.length).toBe(INDEXED.length);
          INDEXED.forEach((tag, position) => expect(record.fields.get(tag)?.offset).toBe(record.offsets[position]));
        } else {
          expect(record.offsets).toEqual([]);
        }
        for (const field of record.fields.values()) {
          // Field helpers are total too.
          outcomeOf('isoDateFromField', () => isoDateFromField(field, 'fuzz'), isMalformed);
          const sex = outcomeOf('sexCodeFromField', () => sexCodeFromField(field, 'fuzz'), isMalformed);
          if (sex.ok) expect(sex.value).toMatch(/^[0-9]$/);
        }
        for (const tag of INDEXED) {
          const field = outcomeOf('requiredField', () => requiredField(record, tag, 'fuzz'), isMalformed);
          expect(field.ok).toBe(record.fields.has(tag));
        }
        if (mutations.length === 0 && shape.index === 'correct' && shape.fields.length >= 4 && shape.fields.slice(0, 4).every((field, index) => tagNumber(field.tag) === INDEXED[index])) {
          tally.add('canonical-ok');
        }
      }),
      fuzzParameters(0x71_0010, 5000),
    );
    expect(tally.get('ok-indexed'), tally.toString()).toBeGreaterThan(500);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(500);
    expect(tally.get('canonical-ok'), tally.toString()).toBeGreaterThan(100);
  });

  it('isoDateFromField accepts exactly the YYYYMMDD calendar dates', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{8}$/), fc.string({ maxLength: 10 }), fc.uint8Array({ maxLength: 10 }).map((b) => String.fromCharCode(...b))), (text) => {
        const value = Uint8Array.from(text, (character) => character.charCodeAt(0) & 0xff);
        const field = parseTlv(concat(Uint8Array.of(0xdf, 0x22), encodeLength(value.length, 0), value));
        const result = outcomeOf('isoDateFromField', () => isoDateFromField(field, 'fuzz'), isCardErrorWithCode('MALFORMED_RESPONSE'));
        const ascii = String.fromCharCode(...value);
        const match = /^(\d{4})(\d{2})(\d{2})$/.exec(ascii);
        // Years 0000–0099 are refused (Date.UTC maps them to 1900–1999); no card holds one.
        const real =
          match !== null &&
          Number(match[1]) >= 100 &&
          !Number.isNaN(Date.parse(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`)) &&
          new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`).toISOString().slice(0, 10) === `${match[1]}-${match[2]}-${match[3]}`;
        expect(result.ok).toBe(real);
        if (result.ok && match) expect(result.value).toBe(`${match[1]}-${match[2]}-${match[3]}`);
      }),
      fuzzParameters(0x71_0011, 5000),
    );
  });
});
