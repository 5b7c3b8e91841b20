import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JpkiFile } from '../../../kernel/card/applications';
import { swHex } from '../../../device/mynumber/status-words';
import { statusWordOf } from '../../../device/virtual-card/apdu';
import { toHex } from '../../../kernel/bytes';
import { ProfileDirectory } from '../../../device/virtual-card/profile-directory';
import { command } from '../../../device/virtual-card/testing/card-commands';
import { buildTestProfile, generateTestKeys } from '../../../device/virtual-card/testing/test-profile';
import { vpcdReaderName } from '../../../device/virtual-card/virtual-card-slot';
import { ensurePcscd, type PcscdHandle } from '../../harness/pcscd';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';
import { watchReader, type WatchedReader } from './pcsc-reader';

/**
 * The CLI as a user runs it (`tsx device/virtual-card/cli.ts …`), as child processes, against the
 * real pcscd and vpcd reader 1. The server's first stdout line says it is ready; pcscd status events
 * say what the reader saw.
 */
const REPO = resolve(import.meta.dirname, '../../..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const CLI = join(REPO, 'device', 'virtual-card', 'cli.ts');
const PROFILE_ID = 'cli-taro';

interface CliRun {
  exitCode: number;
  lines: Array<Record<string, unknown>>;
}

let pcscd: PcscdHandle;
let watched: WatchedReader;
let dir: TempDir;
let stateDir: string;
let profilesDir: string;
let server: ChildProcessWithoutNullStreams | undefined;
let serverLines: AsyncIterator<string>;

function runCli(...args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(TSX, [CLI, ...args, '--state', stateDir], { cwd: REPO }, (error, stdout) => {
      const exitCode = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
      const lines = stdout
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      done({ exitCode, lines });
    });
  });
}

async function nextServerLine(): Promise<Record<string, unknown>> {
  const next = await serverLines.next();
  if (next.done) throw new Error('the serve process ended without printing a line');
  return JSON.parse(next.value) as Record<string, unknown>;
}

beforeAll(async () => {
  pcscd = await ensurePcscd();
  watched = await watchReader(vpcdReaderName(1));
  dir = await makeTempDir('virtual-card-cli-');
  stateDir = join(dir.path, 'state');
  profilesDir = join(dir.path, 'profiles');
  await new ProfileDirectory(profilesDir).save(buildTestProfile(generateTestKeys(), { id: PROFILE_ID }));
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server?.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
  watched?.close();
  await pcscd?.stop();
  await dir?.remove();
});

describe('device/virtual-card/cli.ts', () => {
  it('a client without a server says CONTROL_SERVER_NOT_RUNNING and exits 1', async () => {
    const run = await runCli('status');
    expect(run.exitCode).toBe(1);
    expect(run.lines).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'CONTROL_SERVER_NOT_RUNNING' }) })]);
  });

  it('serve prints one ready line with its Unix socket', async () => {
    server = spawn(TSX, [CLI, 'serve', '--profiles', profilesDir, '--state', stateDir], { cwd: REPO });
    server.stderr.resume();
    serverLines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
    const ready = await nextServerLine();
    expect(ready).toMatchObject({ ok: true, command: 'serve', socket: join(stateDir, 'control.sock') });
    await access(join(stateDir, 'control.sock'));
  });

  it('insert --reader 1: one JSON line, and pcscd sees the card with its ATR', async () => {
    const present = watched.nextStatus((status) => watched.isPresent(status));
    const run = await runCli('insert', PROFILE_ID, '--reader', '1');
    expect(run).toEqual({ exitCode: 0, lines: [{ ok: true, command: 'insert', reader: 1, profileId: PROFILE_ID }] });
    expect(toHex((await present).atr ?? Buffer.alloc(0))).toBe('3BC5FF8131FB458073C6010000');
  });

  it('status shows the card and its counters, which follow a wrong PIN sent through pcscd', async () => {
    const protocol = await watched.connect();
    await watched.transmit(command.selectApplication('jpki'), protocol);
    const answer = await watched.transmit(command.verify('0000', 0x18), protocol);
    expect(swHex(statusWordOf(answer))).toBe('63C2');
    await watched.disconnect();
    const run = await runCli('status');
    expect(run.exitCode).toBe(0);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatchObject({
      ok: true,
      command: 'status',
      readers: [
        { reader: 0, profileId: null },
        { reader: 1, readerName: 'Virtual PCD 00 01', port: 35964, profileId: PROFILE_ID },
      ],
    });
    const readers = run.lines[0]?.readers as Array<{ counters: unknown[] }>;
    expect(readers[1]?.counters).toContainEqual({ application: 'jpki', keyFid: '0018', triesLeft: 2, maxTries: 3 });
  });

  it('remove --reader 1: pcscd sees the reader empty; the counter is on disk', async () => {
    const empty = watched.nextStatus((status) => watched.isEmpty(status));
    const run = await runCli('remove', '--reader', '1');
    expect(run).toEqual({ exitCode: 0, lines: [{ ok: true, command: 'remove', reader: 1, removedProfileId: PROFILE_ID }] });
    await empty;
    const counters = JSON.parse(await readFile(join(stateDir, 'counters.json'), 'utf8')) as { keys: Record<string, unknown> };
    expect(counters.keys[`${PROFILE_ID}/jpki/${JpkiFile.userAuthPin.toString(16).toUpperCase().padStart(4, '0')}`]).toEqual({ triesLeft: 2 });
  });

  it('an unknown profile: exit 1 with PROFILE_NOT_FOUND', async () => {
    const run = await runCli('insert', 'nobody', '--reader', '1');
    expect(run.exitCode).toBe(1);
    expect(run.lines[0]).toMatchObject({ ok: false, error: { code: 'PROFILE_NOT_FOUND' } });
  });

  it('SIGTERM takes the inserted card out, deletes the socket and prints a stopped line', async () => {
    const present = watched.nextStatus((status) => watched.isPresent(status));
    expect((await runCli('insert', PROFILE_ID, '--reader', '1')).exitCode).toBe(0);
    await present;
    const empty = watched.nextStatus((status) => watched.isEmpty(status));
    const exited = new Promise<number | null>((done) => server?.once('exit', (code) => done(code)));
    server?.kill('SIGTERM');
    expect(await nextServerLine()).toEqual({ ok: true, command: 'stopped', signal: 'SIGTERM' });
    expect(await exited).toBe(0);
    await empty;
    await expect(access(join(stateDir, 'control.sock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
