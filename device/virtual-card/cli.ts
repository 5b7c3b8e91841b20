import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseCliArguments, type CliCommand } from './cli-arguments';
import { sendControlRequest } from './control-client';
import { CONTROL_SOCKET_NAME, failureOf, type ControlRequest, type ControlResponse } from './control-protocol';
import { ControlServer } from './control-server';
import { JsonFileCounterStore } from './json-file-counter-store';
import { ProfileDirectory } from './profile-directory';

/**
 * The virtual card from the command line: `serve` holds the cards and their counters; `insert`,
 * `remove`, `swap` and `status` ask it over its Unix socket. Every command prints one JSON line
 * (`serve` one when ready and one when stopped) and exits 0 on success, 1 otherwise.
 */

const COUNTER_FILE_NAME = 'counters.json';

type ServeMessage =
  | { ok: true; command: 'serve'; socket: string; profiles: string; pid: number }
  | { ok: true; command: 'stopped'; signal: NodeJS.Signals };

async function main(argv: readonly string[]): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArguments(argv, process.cwd());
  } catch (error) {
    return print(failureOf(error));
  }
  const socketPath = join(resolve(command.stateDir), CONTROL_SOCKET_NAME);
  if (command.command === 'serve') return serve(command, socketPath);
  try {
    const response = await sendControlRequest(socketPath, toRequest(command));
    return print(response);
  } catch (error) {
    return print(failureOf(error));
  }
}

async function serve(command: Extract<CliCommand, { command: 'serve' }>, socketPath: string): Promise<number> {
  let server: ControlServer;
  try {
    const stateDir = resolve(command.stateDir);
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    server = await ControlServer.start({
      socketPath,
      profiles: new ProfileDirectory(resolve(command.profilesDir)),
      counters: new JsonFileCounterStore(join(stateDir, COUNTER_FILE_NAME)),
    });
  } catch (error) {
    return print(failureOf(error));
  }
  print({ ok: true, command: 'serve', socket: socketPath, profiles: resolve(command.profilesDir), pid: process.pid });
  const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal('SIGINT'));
    process.once('SIGTERM', () => resolveSignal('SIGTERM'));
  });
  // A second signal while the cards come out means "now".
  const forceExit = (): never => process.exit(1);
  process.once('SIGINT', forceExit);
  process.once('SIGTERM', forceExit);
  await server.close();
  return print({ ok: true, command: 'stopped', signal });
}

function toRequest(command: Exclude<CliCommand, { command: 'serve' }>): ControlRequest {
  switch (command.command) {
    case 'insert':
    case 'swap':
      return { command: command.command, profileId: command.profileId, reader: command.reader };
    case 'remove':
      return { command: 'remove', reader: command.reader };
    case 'status':
      return { command: 'status' };
  }
}

function print(message: ControlResponse | ServeMessage): number {
  process.stdout.write(`${JSON.stringify(message)}\n`);
  return message.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
