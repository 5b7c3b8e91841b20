import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../device/card/apdu';
import { isCardErrorCode } from '../../device/card/card-error';
import { parseTranscript } from '../../device/card/transcript';
import { AID, SHA256_DIGEST_INFO_PREFIX } from '../../kernel/card/applications';
import { parseCardProfileJson } from '../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../device/virtual-card/counter-store';
import { encodeBasicFourInfoFile } from '../../device/virtual-card/input-assist-files';
import { JsonFileCounterStore } from '../../device/virtual-card/json-file-counter-store';
import { VirtualCard } from '../../device/virtual-card/virtual-card';
import { VirtualCardError } from '../../device/virtual-card/virtual-card-error';
import { asyncOutcomeOf, fuzzParameters, isVirtualCardErrorWithCode, outcomeOf } from './arbitraries';

/** The bugs the fuzz suite found, each kept as the property that found it. */
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('regressions found by fuzzing', () => {
  it('personSchema.safeParse returns (does not loop) on a person whose birthDate is not a date', () => {
    // A child process: the bug was an infinite loop, which would block this worker for ever.
    const dir = mkdtempSync(join(tmpdir(), 'hang-'));
    const script = join(dir, 'probe.mts');
    writeFileSync(
      script,
      [
        `import { readFileSync } from 'node:fs';`,
        `import { personSchema } from ${JSON.stringify(join(root, 'central/seed/person-schema.ts'))};`,
        `const person = JSON.parse(readFileSync(${JSON.stringify(join(root, 'fixtures/persons/shiken-taro.json'))}, 'utf8'));`,
        `const outcomes = ['x', '9999-99-99', ''].map((bad) => personSchema.safeParse({ ...person, birthDate: bad }).success);`,
        `const issued = personSchema.safeParse({ ...person, card: { ...person.card, issueDate: 'zz' } }).success;`,
        `process.stdout.write(JSON.stringify([...outcomes, issued]));`,
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, timeout: 20_000, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(child.error, 'safeParse did not return within 20 s').toBeUndefined();
    expect(child.stdout).toBe('[false,false,false,false]');
  });

  it('a profile key that cannot sign is refused at load, and 80 2A always answers an R-APDU', async () => {
    const json = JSON.parse(readFileSync(join(root, 'fixtures/cards/shiken-taro.json'), 'utf8'));
    const der = Buffer.from(json.applications.jpki.privateKeys['0017'].pkcs8.slice('base64:'.length), 'base64');
    const lastModulusByte = der.indexOf(Buffer.from([0x02, 0x82, 0x01, 0x01, 0x00])) + 5 + 255;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: der.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const mutated = Buffer.from(der);
        mutated[at] = (mutated[at] ?? 0) ^ xor;
        const copy = structuredClone(json);
        copy.applications.jpki.privateKeys['0017'].pkcs8 = `base64:${mutated.toString('base64')}`;
        const parsed = outcomeOf('parseCardProfileJson', () => parseCardProfileJson(copy), isVirtualCardErrorWithCode('PROFILE_INVALID'));
        if (!parsed.ok) return;
        const card = new VirtualCard({ profile: parsed.value, counters: new InMemoryCounterStore() });
        card.powerOn();
        const commands = [
          encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: AID.jpki }),
          encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x98, data: Buffer.from('1234') }),
          encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(0x00, 0x17) }),
          encodeCommand({ cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: Buffer.concat([SHA256_DIGEST_INFO_PREFIX, Buffer.alloc(32, 1)]), le: 256 }),
        ];
        for (const command of commands) {
          const answer = await asyncOutcomeOf('VirtualCard.transmit', () => card.transmit(command), () => false);
          if (answer.ok) expect(answer.value.length).toBeGreaterThanOrEqual(2);
        }
      }),
      // The counterexample that found it: an even modulus (last modulus byte XOR 1).
      fuzzParameters(0xbb_0001, 300, { examples: [[lastModulusByte, 1]] }),
    );
  });

  it('encodeBasicFourInfoFile refuses a too-long field with ENCODING_INVALID, not a RangeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70_000 }), (length) => {
        outcomeOf(
          'encodeBasicFourInfoFile',
          () => encodeBasicFourInfoFile({ name: 'a'.repeat(length), address: 'x', birthDate: '19800217', sex: '1' }),
          isVirtualCardErrorWithCode('ENCODING_INVALID', true),
        );
      }),
      fuzzParameters(0xbb_0002, 200, { examples: [[65_536]] }),
    );
  });

  it.each([
    ['a null entry', '{"format":"mynumber-virtual-card-counters/1","keys":{"a":null}}'],
    ['keys as an array', '{"format":"mynumber-virtual-card-counters/1","keys":[1]}'],
    ['a number entry', '{"format":"mynumber-virtual-card-counters/1","keys":{"a":5}}'],
  ])('JsonFileCounterStore refuses %s with COUNTER_STORE_FAILED', (_case, content) => {
    const dir = mkdtempSync(join(tmpdir(), 'counters-'));
    const path = join(dir, 'counters.json');
    writeFileSync(path, content);
    try {
      expect(() => new JsonFileCounterStore(path)).toThrow(VirtualCardError);
      expect(() => new JsonFileCounterStore(path)).toThrow(/bad entry|is not a/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parseTranscript refuses an error line whose code is not a CardErrorCode', () => {
    expect(() => parseTranscript('maxResponseLength 258\n> 00A4\n! FOO\n')).toThrow();
    const parsed = parseTranscript('maxResponseLength 258\n> 00A4\n! CARD_REMOVED\n');
    expect(parsed.entries.every((entry) => entry.error === undefined || isCardErrorCode(entry.error))).toBe(true);
  });
});
