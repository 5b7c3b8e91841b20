import { parseArgs } from 'node:util';
import { invokedDirectly } from './invoked-directly';
import { isCentralStoreError, openCentralStore, schemaVersion, seedCentralStore } from '../store';
import type { SqliteDatabase } from '../store';

/**
 * `npx tsx central/cli/seed.ts --db <file> [--persons fixtures/persons] [--pki fixtures/pki]`
 * Creates or migrates the central store and loads the fixture people into it, then prints one JSON
 * line: `{"ok":true,"db":…,"schemaVersion":…,"persons":{inserted,updated,unchanged},"rows":{…}}`.
 * On failure it prints `{"ok":false,"code":…,"message":…}` to stderr and exits 1 (2 for usage errors).
 */
export interface SeedCommandOutput {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export async function runSeedCommand(args: ReadonlyArray<string>, output: SeedCommandOutput): Promise<number> {
  let options: { db?: string; persons: string; pki: string };
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        db: { type: 'string' },
        persons: { type: 'string', default: 'fixtures/persons' },
        pki: { type: 'string', default: 'fixtures/pki' },
      },
      strict: true,
      allowPositionals: false,
    });
    options = values;
  } catch (error) {
    output.stderr(JSON.stringify({ ok: false, code: 'USAGE', message: error instanceof Error ? error.message : String(error) }));
    return 2;
  }
  if (!options.db) {
    output.stderr(JSON.stringify({ ok: false, code: 'USAGE', message: 'usage: seed --db <file> [--persons <dir>] [--pki <dir>]' }));
    return 2;
  }

  let db: SqliteDatabase | undefined;
  try {
    db = openCentralStore(options.db);
    const report = await seedCentralStore(db, { personsDir: options.persons, pkiDir: options.pki });
    output.stdout(JSON.stringify({ ok: true, db: options.db, schemaVersion: schemaVersion(db), ...report }));
    return 0;
  } catch (error) {
    // Our own messages carry no personal data; anything else (and any cause) might quote fixture contents.
    const failure = isCentralStoreError(error)
      ? { code: error.code, message: error.message }
      : { code: 'UNEXPECTED', message: error instanceof Error ? error.name : typeof error };
    output.stderr(JSON.stringify({ ok: false, ...failure }));
    return 1;
  } finally {
    db?.close();
  }
}

if (invokedDirectly(import.meta.url)) {
  const exitCode = await runSeedCommand(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  process.exitCode = exitCode;
}
