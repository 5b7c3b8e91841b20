import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeedCommand } from './seed';
import { LATEST_SCHEMA_VERSION } from '../store';

const repositoryRoot = resolve(import.meta.dirname, '../..');
const personsDir = join(repositoryRoot, 'fixtures/persons');
const pkiDir = join(repositoryRoot, 'fixtures/pki');
const workDir = mkdtempSync(join(tmpdir(), 'central-cli-'));

async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exitCode = await runSeedCommand(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) });
  return { exitCode, stdout, stderr };
}

describe('central seed', () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('seeds a new store and prints one JSON line with the counts; a second run changes nothing', async () => {
    const db = join(workDir, 'seeded.sqlite');
    const first = await run(['--db', db, '--persons', personsDir, '--pki', pkiDir]);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toEqual([]);
    expect(first.stdout).toHaveLength(1);
    const report = JSON.parse(first.stdout[0]!);
    expect(report).toMatchObject({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION, persons: { inserted: 18, updated: 0, unchanged: 0 } });
    expect(report.rows).toMatchObject({ persons: 18, certificate_links: 18, insurance_records: 20 });

    const second = await run(['--db', db, '--persons', personsDir, '--pki', pkiDir]);
    expect(JSON.parse(second.stdout[0]!)).toMatchObject({ persons: { inserted: 0, updated: 0, unchanged: 18 }, rows: report.rows });
  });

  it('answers usage errors with exit code 2 and coded failures with 1', async () => {
    expect((await run([])).exitCode).toBe(2);
    expect((await run(['--db', join(workDir, 'x.sqlite'), '--bogus'])).exitCode).toBe(2);
    const failed = await run(['--db', join(workDir, 'bad.sqlite'), '--persons', join(workDir, 'missing'), '--pki', pkiDir]);
    expect(failed.exitCode).toBe(1);
    expect(JSON.parse(failed.stderr[0]!)).toMatchObject({ ok: false, code: 'SEED_INPUT_INVALID' });
  });

  it('runs as a script through tsx', async () => {
    const db = join(workDir, 'script.sqlite');
    const { stdout } = await promisify(execFile)(
      join(repositoryRoot, 'node_modules/.bin/tsx'),
      ['central/cli/seed.ts', '--db', db],
      { cwd: repositoryRoot },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ok: true, persons: { inserted: 18 } });
  }, 30_000);
});
