import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isVpcdReaderIndex, type VpcdReaderIndex } from './virtual-card-slot';
import { VirtualCardError } from './virtual-card-error';

export const CLI_USAGE = [
  'usage: npx tsx device/virtual-card/cli.ts <command> [options]',
  '  serve --profiles <dir> [--state <dir>]   run the control server (Unix socket <state>/control.sock)',
  '  insert <profile-id> [--reader 0|1]        insert a card (profile <profiles>/<profile-id>.json)',
  '  remove [--reader 0|1]                     remove the card',
  '  swap <profile-id> [--reader 0|1]          remove the card, then insert another',
  '  status                                    readers, cards and key counters',
  'every command takes --state <dir> (default ./data/virtual-card); --reader defaults to 0',
].join('\n');

export type CliCommand =
  | { command: 'serve'; profilesDir: string; stateDir: string }
  | { command: 'insert'; stateDir: string; profileId: string; reader: VpcdReaderIndex }
  | { command: 'swap'; stateDir: string; profileId: string; reader: VpcdReaderIndex }
  | { command: 'remove'; stateDir: string; reader: VpcdReaderIndex }
  | { command: 'status'; stateDir: string };

/** Parses the command line; throws USAGE with the reason. `cwd` anchors the default state folder. */
export function parseCliArguments(argv: readonly string[], cwd: string): CliCommand {
  let parsed: ReturnType<typeof parseWithNode>;
  try {
    parsed = parseWithNode(argv);
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const stateDir = values.state ?? join(cwd, 'data', 'virtual-card');
  const reader = (): VpcdReaderIndex => {
    const value = values.reader === undefined ? 0 : Number(values.reader);
    if (!isVpcdReaderIndex(value)) throw usage('--reader must be 0 or 1');
    return value;
  };
  const only = (count: number): void => {
    if (rest.length !== count) throw usage(`${command} takes ${count === 0 ? 'no arguments' : 'a profile id'}`);
  };
  const refuse = (option: keyof typeof values): void => {
    if (values[option] !== undefined) throw usage(`${command} does not take --${option}`);
  };
  switch (command) {
    case 'serve':
      only(0);
      refuse('reader');
      if (values.profiles === undefined) throw usage('serve needs --profiles <dir>');
      return { command, profilesDir: values.profiles, stateDir };
    case 'insert':
    case 'swap':
      only(1);
      refuse('profiles');
      return { command, stateDir, profileId: rest[0] ?? '', reader: reader() };
    case 'remove':
      only(0);
      refuse('profiles');
      return { command, stateDir, reader: reader() };
    case 'status':
      only(0);
      refuse('profiles');
      refuse('reader');
      return { command, stateDir };
    default:
      throw usage(command === undefined ? 'no command given' : `unknown command "${command}"`);
  }
}

function parseWithNode(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      profiles: { type: 'string' },
      state: { type: 'string' },
      reader: { type: 'string' },
    },
  });
}

function usage(reason: string): VirtualCardError {
  return new VirtualCardError('USAGE', `${reason}\n${CLI_USAGE}`);
}
