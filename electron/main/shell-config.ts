import { readFile } from 'node:fs/promises';
import { parseReceptionConfig, TerminalConfigError, type ReceptionConfig } from '../../terminal/config';

// Where the packaged kiosk app finds the terminal's configuration: a JSON file in the shape
// `terminal/config.ts` checks (`parseReceptionConfig`), named on the command line or in the
// environment. A facility's machine shows one kiosk window per kiosk of that file, or only the kiosks
// named with `--kiosk` (a configuration shared by several machines, each showing its own counters).

export const CONFIG_ENVIRONMENT_VARIABLE = 'OQS_TERMINAL_CONFIG';

export interface ShellArguments {
  /** The configuration file, from `--config` or the environment. */
  readonly configFile: string | undefined;
  /** The kiosks to show on this machine, from `--kiosk` (repeatable, or comma separated); all when none. */
  readonly kioskIds: readonly string[];
}

/**
 * Reads `--config FILE` / `--config=FILE` and `--kiosk ID` / `--kiosk=ID` from the process arguments;
 * everything else (Electron's and Chromium's own switches, the app path) is left alone.
 */
export function parseShellArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ShellArguments {
  let configFile = env[CONFIG_ENVIRONMENT_VARIABLE] === '' ? undefined : env[CONFIG_ENVIRONMENT_VARIABLE];
  const kioskIds: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const match = /^--(config|kiosk)(?:=(.*))?$/.exec(argument);
    if (match === null) continue;
    let value = match[2];
    if (value === undefined) {
      value = argv[index + 1];
      index += 1;
    }
    if (value === undefined || value === '') throw new TerminalConfigError(`--${match[1]} needs a value`);
    if (match[1] === 'config') configFile = value;
    else kioskIds.push(...value.split(',').filter((id) => id !== ''));
  }
  return { configFile, kioskIds };
}

/**
 * The terminal configuration for this machine: the file parsed and checked by terminal/, narrowed to
 * the kiosks named on the command line. Paths inside the file are used as written: give them absolute,
 * since the working directory of a kiosk app started by the desktop session is not the file's folder.
 */
export async function loadShellConfig(args: ShellArguments, read: (file: string) => Promise<string> = (file) => readFile(file, 'utf8')): Promise<ReceptionConfig> {
  if (args.configFile === undefined) {
    throw new TerminalConfigError(`設定ファイルがありません / no configuration: start with --config FILE or set ${CONFIG_ENVIRONMENT_VARIABLE}`);
  }
  let text: string;
  try {
    text = await read(args.configFile);
  } catch (error) {
    throw new TerminalConfigError(`設定ファイルを読めません / cannot read ${args.configFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new TerminalConfigError(`設定ファイルが JSON ではありません / ${args.configFile} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const config = parseReceptionConfig(value);
  if (args.kioskIds.length === 0) return config;
  const unknown = args.kioskIds.filter((id) => !config.kiosks.some((kiosk) => kiosk.id === id));
  if (unknown.length > 0) throw new TerminalConfigError(`--kiosk: ${unknown.join(', ')} is not a kiosk of ${args.configFile}`);
  return { ...config, kiosks: config.kiosks.filter((kiosk) => args.kioskIds.includes(kiosk.id)) };
}
