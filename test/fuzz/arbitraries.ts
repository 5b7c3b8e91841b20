import fc from 'fast-check';
import { CardError } from '../../device/card/card-error';
import type { CardErrorCode } from '../../device/card/card-error';
import { VirtualCardError } from '../../device/virtual-card/virtual-card-error';
import type { VirtualCardErrorCode } from '../../device/virtual-card/virtual-card-error';

/**
 * Shared pieces of the property-based fuzz suite (test/fuzz). Every property runs with a fixed seed
 * so CI is reproducible. Locally:
 *
 *   FUZZ_SEED=random npx vitest run --project system test/fuzz      # a fresh seed per property, printed on failure
 *   FUZZ_SEED=12345 npx vitest run --project system test/fuzz       # replay one seed for every property
 *   FUZZ_RUNS=10 npx vitest run --project system test/fuzz          # 10× the runs of every property (soak)
 *
 * (Until vitest.config.ts's system project includes test/fuzz, add
 * `--config test/fuzz/vitest.fuzz.config.ts` to each of these; see that file.)
 *
 * A failure prints fast-check's seed and path; put them in `fc.assert(…, { seed, path })` to replay
 * the shrunk counterexample.
 *
 * Hangs: `interruptAfterTimeLimit` stops a property between runs, never inside one, so a parser that
 * loops forever on one input still blocks its test. The parsers here are checked to do bounded work
 * per byte; the one known unbounded loop (central/seed card-validity, see central-seed.fuzz.test.ts)
 * is kept out of the generated inputs until it is fixed.
 */

const seedOverride = process.env.FUZZ_SEED;
const runsFactor = Number(process.env.FUZZ_RUNS ?? '1');

/** Time budget of one property; the suite as a whole stays well under a minute on 2 cores. */
export const PROPERTY_TIME_LIMIT_MS = 15_000;

/** fast-check parameters: the fixed `seed` unless FUZZ_SEED overrides it, `numRuns` scaled by FUZZ_RUNS. */
export function fuzzParameters<T>(seed: number, numRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const chosenSeed =
    seedOverride === undefined ? seed : seedOverride === 'random' ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : Number(seedOverride);
  return {
    seed: chosenSeed,
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(runsFactor) && runsFactor > 0 ? runsFactor : 1))),
    interruptAfterTimeLimit: PROPERTY_TIME_LIMIT_MS,
    // An interrupted run is not a pass by itself: every property also asserts how many generated
    // inputs reached the parser's deeper branches, which fails when too few ran.
    markInterruptAsFailure: false,
    ...extra,
  };
}

/** The error a parser threw was not its module's coded error: fail the property with it. */
export class UncodedError extends Error {
  constructor(what: string, error: unknown) {
    const described = error instanceof Error ? `${error.constructor.name}: ${error.message}` : `non-Error ${String(error)}`;
    super(`${what} threw an uncoded ${described}`, { cause: error });
    this.name = 'UncodedError';
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `parse`, returns its result or the coded error it threw; any other exception (TypeError,
 * RangeError, an OpenSSL Error…) fails the property.
 */
export function outcomeOf<T>(what: string, parse: () => T, isCoded: (error: unknown) => boolean): Outcome<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (!isCoded(error)) throw new UncodedError(what, error);
    return { ok: false, error };
  }
}

export async function asyncOutcomeOf<T>(what: string, parse: () => Promise<T>, isCoded: (error: unknown) => boolean): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await parse() };
  } catch (error) {
    if (!isCoded(error)) throw new UncodedError(what, error);
    return { ok: false, error };
  }
}

export { CARD_ERROR_CODES, isCardErrorCode as isKnownCardErrorCode } from '../../device/card/card-error';

/** A CardError (or subclass) with the given code and a message. */
export function isCardErrorWithCode(...codes: CardErrorCode[]): (error: unknown) => boolean {
  return (error) => error instanceof CardError && codes.includes(error.code) && error.message.length > 0;
}

/** A VirtualCardError with the given code (and, for profile errors, the field at fault). */
export function isVirtualCardErrorWithCode(code: VirtualCardErrorCode, needsField = false): (error: unknown) => boolean {
  return (error) => error instanceof VirtualCardError && error.code === code && (!needsField || (error.field ?? '').length > 0);
}

/** Counts how often each label occurs, to prove the generated inputs reached deep branches. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(label: string): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  labels(): string[] {
    return [...this.counts.keys()].sort();
  }

  total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  toString(): string {
    return this.labels()
      .map((label) => `${label}=${this.get(label)}`)
      .join(' ');
  }
}

// ---------------------------------------------------------------------------------------------
// Bytes

export const bytes = (maxLength = 64): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/** Byte equality that fails with both sides in hex; far cheaper than expect().toEqual on Uint8Arrays. */
export function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what = 'bytes'): void {
  if (actual.length === expected.length && actual.every((byte, index) => byte === expected[index])) return;
  const hex = (value: Uint8Array) => Buffer.from(value).toString('hex').toUpperCase();
  throw new Error(`${what} differ:\n  actual   ${hex(actual)}\n  expected ${hex(expected)}`);
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

export type ByteMutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; value: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; value: Uint8Array };

/** Positions are fractions of the input length so one mutation list fits any input. */
export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0x00, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xff, 0x1f, 0x20, 0x3f) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), value: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

export function applyByteMutations(input: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let current: Uint8Array = Uint8Array.from(input);
  for (const mutation of mutations) {
    const at = current.length === 0 ? 0 : mutation.kind === 'append' ? 0 : mutation.at % (current.length + (mutation.kind === 'insert' ? 1 : 0));
    switch (mutation.kind) {
      case 'flip':
        if (current.length > 0) current[at] = (current[at] ?? 0) ^ mutation.xor;
        break;
      case 'set':
        if (current.length > 0) current[at] = mutation.value;
        break;
      case 'insert':
        current = concat(current.subarray(0, at), mutation.value, current.subarray(at));
        break;
      case 'delete':
        current = concat(current.subarray(0, at), current.subarray(at + mutation.count));
        break;
      case 'truncate':
        current = current.slice(0, at);
        break;
      case 'append':
        current = concat(current, mutation.value);
        break;
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// BER-TLV trees, encoded with every length form the parser accepts

export interface TlvNode {
  /** Tag bytes as written: 1 byte, or a first byte with low bits 11111 then 1–3 more. */
  readonly tagBytes: readonly number[];
  /** Primitive value, or undefined for a constructed node. */
  readonly value?: Uint8Array;
  readonly children?: readonly TlvNode[];
  /** Extra length bytes beyond the minimal form (0 = minimal; a long form may be padded to 84). */
  readonly lengthPadding: number;
}

/** A tag: bit 6 of the first byte says constructed. */
export function tagArbitrary(constructed: boolean): fc.Arbitrary<number[]> {
  const first = (low: number, highClass: number) => (highClass & 0xc0) | (constructed ? 0x20 : 0x00) | low;
  const single = fc.tuple(fc.integer({ min: 0, max: 0x1e }), fc.integer({ min: 0, max: 3 })).map(([low, cls]) => [first(low, cls << 6)]);
  const multi = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 2 }), fc.integer({ min: 0, max: 0x7f }))
    .map(([cls, middle, last]) => [first(0x1f, cls << 6), ...middle, last]);
  return fc.oneof(single, multi);
}

export const tlvTree: fc.Arbitrary<TlvNode> = fc.letrec<{ node: TlvNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tagBytes: tagArbitrary(false), value: fc.uint8Array({ maxLength: 300 }), lengthPadding: fc.integer({ min: 0, max: 3 }) }),
    fc.record({
      tagBytes: tagArbitrary(true),
      children: fc.array(tie('node'), { maxLength: 4 }),
      lengthPadding: fc.integer({ min: 0, max: 3 }),
    }),
  ),
})).node;

/** Length bytes: minimal form, or a long form padded with leading zeros (up to `84`). */
export function encodeLength(length: number, padding: number): Uint8Array {
  if (length < 0x80 && padding === 0) return Uint8Array.of(length);
  const digits: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
  const minimal = Math.max(1, digits.length);
  const count = Math.min(4, Math.max(minimal, minimal + (length < 0x80 ? padding - 1 : padding)));
  while (digits.length < count) digits.unshift(0);
  return Uint8Array.of(0x80 | digits.length, ...digits);
}

export function encodeNode(node: TlvNode): Uint8Array {
  const value = node.value ?? concat(...(node.children ?? []).map(encodeNode));
  return concat(Uint8Array.from(node.tagBytes), encodeLength(value.length, node.lengthPadding), value);
}

export function tagNumber(tagBytes: readonly number[]): number {
  return tagBytes.reduce((tag, byte) => tag * 0x100 + byte, 0);
}

export function depthOf(node: TlvNode): number {
  return 1 + Math.max(0, ...(node.children ?? []).map(depthOf));
}

// ---------------------------------------------------------------------------------------------
// Text

/** Well-formed Unicode (no lone surrogates): what a name or an address can be. */
export const unicodeText = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.oneof(fc.constant('　'), fc.constant('－'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength, maxLength });

/** A real calendar date between two years, as [year, month, day]. */
export const calendarDate = (firstYear: number, lastYear: number): fc.Arbitrary<[number, number, number]> =>
  fc.date({ min: new Date(Date.UTC(firstYear, 0, 1)), max: new Date(Date.UTC(lastYear, 11, 31)), noInvalidDate: true }).map((date) => [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
  ]);

export const pad = (value: number, width: number): string => String(value).padStart(width, '0');

// ---------------------------------------------------------------------------------------------
// JSON values and mutations of real JSON documents

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonMutation =
  | { kind: 'replace'; pick: number; value: JsonValue }
  | { kind: 'delete'; pick: number }
  | { kind: 'addKey'; pick: number; key: string; value: JsonValue }
  | { kind: 'editString'; pick: number; edit: 'truncate' | 'append' | 'case' | 'empty'; at: number; text: string }
  | { kind: 'editNumber'; pick: number; value: number };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue> }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('addKey' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString', '000A', '0017', 'size', 'value')),
    value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>,
  }),
  fc.record({
    kind: fc.constant('editString' as const),
    pick: fc.nat(),
    edit: fc.constantFrom('truncate' as const, 'append' as const, 'case' as const, 'empty' as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('editNumber' as const),
    pick: fc.nat(),
    value: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 15, 16, 0x7fff, 0x8000, 0x8001, 0xffff, 1e21)),
  }),
);

type Slot = { parent: JsonValue[] | { [key: string]: JsonValue }; key: string | number; value: JsonValue };

function slotsOf(value: JsonValue, into: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((child, index) => {
      into.push({ parent: value, key: index, value: child });
      slotsOf(child, into);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      into.push({ parent: value, key, value: child });
      slotsOf(child, into);
    }
  }
  return into;
}

function setSlot(slot: Slot, value: JsonValue | undefined): void {
  if (Array.isArray(slot.parent)) {
    if (value === undefined) slot.parent.splice(Number(slot.key), 1);
    else slot.parent[Number(slot.key)] = value;
  } else if (value === undefined) {
    delete slot.parent[slot.key];
  } else {
    Object.defineProperty(slot.parent, slot.key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/**
 * Applies mutations to a deep copy of `document`. Slots are picked by index over the current tree
 * (modulo its size), so they hit deep leaves as often as the root's children. Returns the copy and
 * the JSON path of each mutated slot.
 */
export function mutateJson(document: JsonValue, mutations: readonly JsonMutation[]): { value: JsonValue; paths: string[] } {
  // Through JSON text, as a file would be read: `__proto__` keys become own properties.
  const value = JSON.parse(JSON.stringify(document)) as JsonValue;
  const paths: string[] = [];
  for (const mutation of mutations) {
    const slots = slotsOf(value);
    const slot = slots[mutation.pick % Math.max(1, slots.length)];
    if (!slot) continue;
    paths.push(pathOf(value, slot));
    switch (mutation.kind) {
      case 'replace':
        setSlot(slot, mutation.value);
        break;
      case 'delete':
        setSlot(slot, undefined);
        break;
      case 'addKey': {
        const target = slot.value !== null && typeof slot.value === 'object' && !Array.isArray(slot.value) ? slot.value : slot.parent;
        if (!Array.isArray(target)) Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, writable: true, configurable: true });
        break;
      }
      case 'editString':
        if (typeof slot.value === 'string') {
          const text = slot.value;
          const at = mutation.at % (text.length + 1);
          const edited =
            mutation.edit === 'truncate'
              ? text.slice(0, at)
              : mutation.edit === 'append'
                ? `${text.slice(0, at)}${mutation.text}${text.slice(at)}`
                : mutation.edit === 'case'
                  ? text === text.toLowerCase()
                    ? text.toUpperCase()
                    : text.toLowerCase()
                  : '';
          setSlot(slot, edited);
        }
        break;
      case 'editNumber':
        if (typeof slot.value === 'number') setSlot(slot, Number.isFinite(mutation.value) ? mutation.value : 0);
        break;
    }
  }
  return { value: JSON.parse(JSON.stringify(value)) as JsonValue, paths };
}

function pathOf(root: JsonValue, target: Slot): string {
  const walk = (value: JsonValue, path: string): string | undefined => {
    if (value === null || typeof value !== 'object') return undefined;
    for (const [key, child] of Object.entries(value)) {
      const here = path === '' ? key : `${path}.${key}`;
      if (value === target.parent && String(target.key) === key) return here;
      const found = walk(child, here);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(root, '') ?? '(root)';
}
