import { fileURLToPath } from 'node:url';

/** Where the terminal listens and what it serves. Defaults run the demo with nothing to configure. */
export interface TerminalConfig {
  /** Loopback by default: the kiosk and console are served to this machine only. */
  host: string;
  /** 0 lets the OS choose a free port. */
  port: number;
  /** Folder of the kiosk renderer's static files. */
  kioskDir: string;
}

export const DEFAULT_PORT = 8300;

export function loadTerminalConfig(env: NodeJS.ProcessEnv = process.env): TerminalConfig {
  return {
    host: env.OQS_TERMINAL_HOST ?? '127.0.0.1',
    port: parsePort(env.OQS_TERMINAL_PORT),
    kioskDir: env.OQS_KIOSK_DIR ?? fileURLToPath(new URL('../renderer/kiosk', import.meta.url)),
  };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`OQS_TERMINAL_PORT must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}
