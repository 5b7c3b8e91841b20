import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCommand } from '../../device/card/apdu';
import { AID } from '../../kernel/card/applications';
import { cardProfileToJson, decodeProfileBytes, parseCardProfileJson } from '../../device/virtual-card/card-profile-json';
import { failureOf, parseControlRequest } from '../../device/virtual-card/control-protocol';
import { InMemoryCounterStore } from '../../device/virtual-card/counter-store';
import { JsonFileCounterStore } from '../../device/virtual-card/json-file-counter-store';
import { VirtualCard } from '../../device/virtual-card/virtual-card';
import { VirtualCardError } from '../../device/virtual-card/virtual-card-error';
import { asyncOutcomeOf, fuzzParameters, isVirtualCardErrorWithCode, jsonMutation, mutateJson, outcomeOf, Tally } from './arbitraries';
import type { JsonValue } from './arbitraries';

/**
 * The virtual card's JSON inputs: card profiles (`parseCardProfileJson`), control requests
 * (`parseControlRequest`) and the counter file (`JsonFileCounterStore`). Any JSON value gives a
 * result or the module's VirtualCardError (PROFILE_INVALID naming the field, CONTROL_REQUEST_INVALID,
 * COUNTER_STORE_FAILED), nothing else.
 */

/**
 * PROFILE_INVALID with a `field` string. The field may be empty: an unknown root key `""` is
 * reported as field "" (see the report), so the check does not insist on a non-empty path.
 */
const isProfileInvalid = isVirtualCardErrorWithCode('PROFILE_INVALID');
const hasField = (error: unknown): boolean => error instanceof VirtualCardError && typeof error.field === 'string';

const SHIKEN_TARO = JSON.parse(readFileSync(new URL('../../fixtures/cards/shiken-taro.json', import.meta.url), 'utf8')) as JsonValue;

const scratch = mkdtempSync(join(tmpdir(), 'fuzz-card-profile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Objects shaped like profiles, with wrong details: reaches the field decoders, not just the root check. */
const profileShaped: fc.Arbitrary<JsonValue> = fc.record(
  {
    format: fc.oneof(fc.constant('mynumber-virtual-card-profile/1'), fc.string({ maxLength: 5 })),
    id: fc.oneof(fc.constantFrom('a', 'shiken-taro', '-x', 'x'.repeat(65), '../x'), fc.string({ maxLength: 6 })),
    atr: fc.oneof(fc.constantFrom('3B 00', '3F', '3B:C5:FF', 'base64:OwA=', 'base64:***', 'zz'), fc.string({ maxLength: 6 })),
    keepStateOnReset: fc.oneof(fc.boolean(), fc.constant('yes')),
    applications: fc.dictionary(
      fc.constantFrom('jpki', 'inputAssist', 'cardFace', 'residentRegistry', 'common', 'other'),
      fc.record(
        {
          files: fc.dictionary(
            fc.constantFrom('0001', '000A', '000a', '3F00', '0000', 'FFFF', 'x'),
            fc.record(
              {
                content: fc.oneof(fc.constantFrom('', '00', 'FF FF', 'base64:', 'base64:AA==', '0'), fc.string({ maxLength: 4 })),
                size: fc.oneof(fc.integer({ min: -1, max: 0x8001 }), fc.double()),
                access: fc.oneof(fc.constant('free'), fc.record({ afterVerifying: fc.array(fc.constantFrom('0018', '0011', 'zz'), { maxLength: 2 }) })),
              },
              { requiredKeys: [] },
            ),
            { maxKeys: 3 },
          ),
          keys: fc.dictionary(
            fc.constantFrom('0018', '0011', '001B', 'gg'),
            fc.record(
              {
                value: fc.oneof(fc.constant(null), fc.constantFrom('1234', 'ABC123', '', 'x'.repeat(17), '12345')),
                format: fc.constantFrom('4-digits', '6-digits', '12-digits', '14-digits', 'signing-password', 'ascii', 'other'),
                maxTries: fc.oneof(fc.integer({ min: -1, max: 16 }), fc.double()),
                blocked: fc.oneof(fc.boolean(), fc.constant(1)),
                caseInsensitive: fc.boolean(),
              },
              { requiredKeys: ['format', 'value', 'maxTries'] },
            ),
            { maxKeys: 3 },
          ),
          privateKeys: fc.dictionary(fc.constantFrom('0017', '001A'), fc.record({ pkcs8: fc.constantFrom('00', 'base64:MIIB'), usableAfterVerifying: fc.constant(['0018']) }), { maxKeys: 1 }),
        },
        { requiredKeys: [] },
      ),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['format', 'id', 'applications'] },
) as unknown as fc.Arbitrary<JsonValue>;

const AIDS = [AID.jpki, AID.inputAssist, AID.cardFace, AID.residentRegistry, AID.common];

/** SELECT every AP, every file id the profile names, READ BINARY from the start: no signing (see the report). */
async function walkCard(card: VirtualCard, fids: readonly number[]): Promise<void> {
  card.powerOn();
  for (const aid of AIDS) {
    const commands = [
      encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: aid }),
      ...fids.flatMap((fid) => [
        encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) }),
        encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 }),
        encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }),
      ]),
    ];
    for (const commandApdu of commands) {
      const answer = await asyncOutcomeOf('VirtualCard.transmit', () => card.transmit(commandApdu), () => false);
      if (answer.ok) expect(answer.value.length).toBeGreaterThanOrEqual(2);
    }
  }
}

describe('card profiles (device/virtual-card/card-profile-json.ts)', () => {
  it('the real shiken-taro profile parses and survives cardProfileToJson → parseCardProfileJson', () => {
    const profile = parseCardProfileJson(SHIKEN_TARO);
    expect(parseCardProfileJson(JSON.parse(JSON.stringify(cardProfileToJson(profile))))).toEqual(profile);
  });

  it('arbitrary JSON values and profile-shaped objects: a profile or PROFILE_INVALID naming the field', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue() as fc.Arbitrary<JsonValue>, profileShaped, profileShaped), (json) => {
        const result = outcomeOf('parseCardProfileJson', () => parseCardProfileJson(json), isProfileInvalid);
        if (!result.ok) expect(hasField(result.error)).toBe(true);
        if (result.ok) {
          tally.add('ok');
          expect(parseCardProfileJson(JSON.parse(JSON.stringify(cardProfileToJson(result.value))))).toEqual(result.value);
        } else {
          const field = (result.error as VirtualCardError).field ?? '';
          tally.add(/^(?:applications\.\w+\.\w+|format|id|atr|keepStateOnReset|description|standIn|\(profile\))/.exec(field)?.[0] ?? 'other-field');
        }
      }),
      fuzzParameters(0xd0_0001, 4000),
    );
    // Not vacuous: profiles were accepted, and refusals came from many different fields.
    expect(tally.get('ok'), tally.toString()).toBeGreaterThan(15);
    expect(tally.labels().length, tally.toString()).toBeGreaterThan(15);
  });

  it('mutated copies of the real profile: a profile (that round-trips and builds a card answering R-APDUs) or PROFILE_INVALID', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(fc.array(jsonMutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const { value } = mutateJson(SHIKEN_TARO, mutations);
        const result = outcomeOf('parseCardProfileJson', () => parseCardProfileJson(value), isProfileInvalid);
        if (!result.ok) {
          expect(hasField(result.error)).toBe(true);
          tally.add('refused');
          return;
        }
        tally.add('ok');
        const profile = result.value;
        expect(parseCardProfileJson(JSON.parse(JSON.stringify(cardProfileToJson(profile))))).toEqual(profile);
        // A profile that validates makes a card (keys load again) that answers every command.
        const card = outcomeOf('new VirtualCard', () => new VirtualCard({ profile, counters: new InMemoryCounterStore() }), () => false);
        if (!card.ok) return;
        const fids = Object.values(profile.applications).flatMap((application) => (application ? application.files.map((file) => file.fid) : []));
        await walkCard(card.value, [...new Set(fids)].slice(0, 8));
      }),
      fuzzParameters(0xd0_0002, 200),
    );
    expect(tally.get('ok'), tally.toString()).toBeGreaterThan(20);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(80);
  });

  it('decodeProfileBytes: any text gives bytes or PROFILE_INVALID; hex and base64 read back', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }).map((text) => `base64:${text}`), fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes))), (input) => {
        if (typeof input === 'string') {
          outcomeOf('decodeProfileBytes', () => decodeProfileBytes(input, 'fuzz'), isProfileInvalid);
          return;
        }
        expect(decodeProfileBytes(`base64:${input.toString('base64')}`, 'fuzz')).toEqual(new Uint8Array(input));
        expect(decodeProfileBytes(input.toString('hex').replace(/(..)/g, '$1 '), 'fuzz')).toEqual(new Uint8Array(input));
      }),
      fuzzParameters(0xd0_0003, 3000),
    );
  });
});

describe('control requests (device/virtual-card/control-protocol.ts)', () => {
  it('any JSON value: a request or CONTROL_REQUEST_INVALID, which failureOf keeps as the code', () => {
    const tally = new Tally();
    const requestShaped = fc.record(
      {
        command: fc.oneof(fc.constantFrom('insert', 'remove', 'swap', 'status', 'INSERT'), fc.string({ maxLength: 4 })),
        reader: fc.oneof(fc.constantFrom(0, 1, 2, -0, 0.5, '0'), fc.jsonValue({ maxDepth: 0 })),
        profileId: fc.oneof(fc.constantFrom('shiken-taro', ''), fc.jsonValue({ maxDepth: 0 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), requestShaped, requestShaped), (generated) => {
        // As the server gets it: through JSON text (no null-prototype objects).
        const json: unknown = JSON.parse(JSON.stringify(generated) ?? 'null');
        const result = outcomeOf('parseControlRequest', () => parseControlRequest(json), isVirtualCardErrorWithCode('CONTROL_REQUEST_INVALID'));
        tally.add(result.ok ? result.value.command : 'refused');
        if (!result.ok) expect(failureOf(result.error).error.code).toBe('CONTROL_REQUEST_INVALID');
      }),
      fuzzParameters(0xd0_0010, 5000),
    );
    for (const command of ['insert', 'remove', 'swap', 'status']) expect(tally.get(command), tally.toString()).toBeGreaterThan(10);
  });
});

describe('counter file (device/virtual-card/json-file-counter-store.ts)', () => {
  const counterShaped = fc.record(
    {
      format: fc.oneof(fc.constant('mynumber-virtual-card-counters/1'), fc.string({ maxLength: 3 })),
      keys: fc.oneof(
        fc.dictionary(
          fc.string({ maxLength: 12 }),
          fc.oneof(
            // Mostly well-formed entries, so a fair share of files is a valid store.
            { weight: 8, arbitrary: fc.record({ triesLeft: fc.integer({ min: 0, max: 10 }), value: fc.string({ maxLength: 4 }) }, { requiredKeys: [] }) },
            { weight: 1, arbitrary: fc.record({ triesLeft: fc.oneof(fc.integer({ min: -1, max: 20 }), fc.double(), fc.string({ maxLength: 2 })), value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()) }, { requiredKeys: [] }) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
          ),
          { maxKeys: 4 },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    },
    { requiredKeys: [] },
  );

  it('any file content: a store or COUNTER_STORE_FAILED', () => {
    const tally = new Tally();
    let index = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue().map((json) => JSON.stringify(json)), counterShaped.map((json) => JSON.stringify(json))), (text) => {
        const path = join(scratch, `counters-${(index += 1)}.json`);
        writeFileSync(path, text);
        const result = outcomeOf('new JsonFileCounterStore', () => new JsonFileCounterStore(path), isVirtualCardErrorWithCode('COUNTER_STORE_FAILED'));
        tally.add(result.ok ? 'ok' : 'refused');
        if (result.ok) expect(typeof result.value.snapshot()).toBe('object');
      }),
      fuzzParameters(0xd0_0020, 1500),
    );
    expect(tally.get('ok'), tally.toString()).toBeGreaterThan(50);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(500);
  });
});
