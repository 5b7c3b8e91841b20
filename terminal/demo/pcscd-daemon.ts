import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { stopChild } from './child-process';

const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const START_LIMIT_MS = 20_000;

export interface PcscdStatus {
  /** Whether PC/SC can be used at all on this machine. */
  readonly available: boolean;
  /** Why not, in one line, when it cannot. */
  readonly reason?: string;
  stop(): Promise<void>;
}

function socketAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(PCSCD_SOCKET);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The demo's PC/SC daemon: the machine's own when one answers, else one started here (and stopped
 * with the demo). A machine without pcscd runs the demo without readers.
 */
export async function ensureDemoPcscd(): Promise<PcscdStatus> {
  if (await socketAnswers()) return { available: true, stop: async () => {} };
  let daemon: ChildProcess;
  try {
    daemon = spawn('pcscd', ['--foreground', '--info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { available: false, reason: (error as Error).message, stop: async () => {} };
  }
  const stop = (): Promise<void> => stopChild(daemon, 'SIGTERM');
  const ready = await new Promise<string | undefined>((resolve) => {
    const limit = setTimeout(() => resolve(`pcscd did not report ready within ${START_LIMIT_MS} ms`), START_LIMIT_MS);
    const onOutput = (chunk: Buffer): void => {
      if (/daemon ready/.test(chunk.toString('utf8'))) {
        clearTimeout(limit);
        resolve(undefined);
      }
    };
    // Keep draining both pipes for the daemon's whole life, or a full pipe would block it.
    daemon.stdout?.on('data', onOutput);
    daemon.stderr?.on('data', onOutput);
    daemon.once('error', (error) => {
      clearTimeout(limit);
      resolve(`pcscd could not be started: ${error.message}`);
    });
    daemon.once('exit', (code) => {
      clearTimeout(limit);
      resolve(`pcscd exited (code ${code})`);
    });
  });
  if (ready !== undefined) {
    await stop();
    return { available: false, reason: ready, stop: async () => {} };
  }
  return { available: true, stop };
}
