import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadPersons } from '../../central/seed/load-persons';
import { personSchema } from '../../central/seed/person-schema';
import { fuzzParameters, jsonMutation, mutateJson, outcomeOf, Tally } from './arbitraries';
import type { JsonValue } from './arbitraries';

/**
 * central/seed: `personSchema.safeParse` never throws (its failures are a ZodError in the result)
 * and `loadPersons` returns persons or throws an Error whose message starts with the file name.
 */

const PERSONS_DIR = new URL('../../fixtures/persons/', import.meta.url);
const PERSONS = readdirSync(PERSONS_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(new URL(name, PERSONS_DIR), 'utf8')) as JsonValue);


const scratch = mkdtempSync(join(tmpdir(), 'fuzz-central-seed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function safeParseChecked(json: unknown): ReturnType<typeof personSchema.safeParse> {
  const result = outcomeOf('personSchema.safeParse', () => personSchema.safeParse(json), () => false);
  if (!result.ok) throw new Error('unreachable');
  if (!result.value.success) {
    expect(result.value.error).toBeInstanceOf(ZodError);
    expect(result.value.error.issues.length).toBeGreaterThan(0);
  }
  return result.value;
}

describe('fixture persons (central/seed)', () => {
  it('every fixture person is valid (the mutations below start from good documents)', () => {
    for (const person of PERSONS) expect(personSchema.safeParse(person).success).toBe(true);
    expect(PERSONS.length).toBeGreaterThan(5);
  });

  it('personSchema.safeParse on arbitrary JSON values: a failed result with a ZodError, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(safeParseChecked(json).success).toBe(false);
      }),
      fuzzParameters(0x5e_0001, 3000),
    );
  });

  it('personSchema.safeParse on mutated fixture persons: a result, never a throw; refinements are reached', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.nat({ max: PERSONS.length - 1 }), fc.array(jsonMutation, { minLength: 1, maxLength: 3 }), (index, mutations) => {
        const { value } = mutateJson(PERSONS[index] ?? null, mutations);
        const result = safeParseChecked(value);
        if (result.success) {
          tally.add('valid');
          return;
        }
        // A custom issue comes from the superRefine checks: the deep branches ran.
        tally.add(result.error.issues.some((issue) => issue.code === 'custom') ? 'refinement-issue' : 'shape-issue');
      }),
      fuzzParameters(0x5e_0002, 1500),
    );
    expect(tally.get('valid'), tally.toString()).toBeGreaterThan(50);
    expect(tally.get('refinement-issue'), tally.toString()).toBeGreaterThan(50);
    expect(tally.get('shape-issue'), tally.toString()).toBeGreaterThan(300);
  });

  it('loadPersons on a folder with a mutated or non-JSON file: persons, or an Error naming that file', () => {
    const tally = new Tally();
    let round = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: PERSONS.length - 1 }),
        fc.array(jsonMutation, { maxLength: 2 }),
        fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }),
        fc.boolean(),
        (index, mutations, rawText, renamed) => {
          const original = PERSONS[index] ?? null;
          const { value } = mutateJson(original, mutations);
            const id = (original as { id: string }).id;
          const fileName = renamed ? `x-${id}.json` : `${id}.json`;
          const dir = join(scratch, `round-${(round += 1)}`);
          mkdirSync(dir);
          writeFileSync(join(dir, fileName), rawText ?? JSON.stringify(value, null, 2));
          writeFileSync(join(dir, 'ignored.txt'), 'not a person');
          const result = outcomeOf('loadPersons', () => loadPersons(dir), (error) => error instanceof Error && error.constructor === Error && error.message.startsWith(`${fileName}: `));
          tally.add(result.ok ? 'loaded' : 'refused');
          if (result.ok) expect(result.value.map((person) => person.id)).toEqual([id]);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      fuzzParameters(0x5e_0003, 400),
    );
    expect(tally.get('loaded'), tally.toString()).toBeGreaterThan(40);
    expect(tally.get('refused'), tally.toString()).toBeGreaterThan(150);
  });
});
