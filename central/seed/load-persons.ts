import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { personSchema } from './person-schema';
import type { Person } from './person-schema';

/**
 * Reads every `*.json` person file in `dir`, in file-name order, and validates each against the
 * schema. Throws on the first bad file, naming it and every failing path, so a broken fixture stops
 * the seed instead of seeding half a population.
 */
export function loadPersons(dir: string): Person[] {
  const fileNames = readdirSync(dir)
    .filter((fileName) => fileName.endsWith('.json'))
    .sort();
  return fileNames.map((fileName) => parsePersonFile(join(dir, fileName), fileName));
}

function parsePersonFile(path: string, fileName: string): Person {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = personSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${fileName}: invalid person\n  ${issues.join('\n  ')}`);
  }
  // The id is how tests and the seed refer to a person; the file must be findable by it.
  if (`${result.data.id}.json` !== fileName) {
    throw new Error(`${fileName}: id ${result.data.id} does not match the file name`);
  }
  return result.data;
}
