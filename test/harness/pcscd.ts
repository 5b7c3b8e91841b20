import { execFile, spawn, type ChildProcess } from 'node:child_process';

/**
 * pcscd (with the vpcd driver Debian's vsmartcard-vpcd registers) for tests that need real PC/SC.
 * A daemon already running is used and left alone; one started here is stopped by stop().
 */
export interface PcscdHandle {
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

const READY_LINE = /daemon ready/;
const START_LIMIT_MS = 20_000;

export async function ensurePcscd(): Promise<PcscdHandle> {
  if (await isPcscdRunning()) {
    return { startedHere: false, stop: async () => {} };
  }
  const daemon = await startPcscd();
  return { startedHere: true, stop: () => stopDaemon(daemon) };
}

/** Starts a pcscd owned by the caller; it fails when another one already holds the socket. */
export async function startPcscd(): Promise<ChildProcess> {
  const daemon = spawn('pcscd', ['--foreground', '--info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const recentOutput: string[] = [];
  return new Promise((resolve, reject) => {
    const limit = setTimeout(() => {
      daemon.kill('SIGKILL');
      reject(new Error(`pcscd did not report ready within ${START_LIMIT_MS} ms:\n${recentOutput.join('')}`));
    }, START_LIMIT_MS);
    const onOutput = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      recentOutput.push(text);
      if (recentOutput.length > 50) recentOutput.shift();
      if (READY_LINE.test(text)) {
        clearTimeout(limit);
        resolve(daemon);
      }
    };
    // Keep draining both pipes for the daemon's whole life, or a full pipe would block it.
    daemon.stdout.on('data', onOutput);
    daemon.stderr.on('data', onOutput);
    daemon.once('error', (error) => {
      clearTimeout(limit);
      reject(new Error(`pcscd could not be started (is Debian's pcscd installed? run scripts/setup): ${error.message}`));
    });
    daemon.once('exit', (code, signal) => {
      clearTimeout(limit);
      reject(new Error(`pcscd exited before it was ready (code ${code}, signal ${signal}):\n${recentOutput.join('')}`));
    });
  });
}

export function stopDaemon(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    daemon.once('exit', () => resolve());
    daemon.kill('SIGTERM');
  });
}

/** A live pcscd: running, sleeping or in disk wait. A zombie left by a killed daemon does not count. */
export function isPcscdRunning(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('pgrep', ['--runstates', 'D,R,S', '-x', 'pcscd'], (error) => resolve(!error));
  });
}
