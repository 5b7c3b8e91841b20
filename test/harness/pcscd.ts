import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';

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
  // Twice at most: a daemon found (or started) that stops taking clients at once is on its way out.
  for (let attempt = 1; ; attempt += 1) {
    if (await isPcscdRunning()) {
      if (await serviceAnswers()) return { startedHere: false, stop: async () => {} };
      // Another test file's daemon, just stopped, still shows in the process list but takes no
      // clients: wait until it is gone, then start one of our own.
      await untilNoPcscd();
    }
    const daemon = await startPcscd();
    if ((await serviceAnswers()) || attempt >= 2) return { startedHere: true, stop: () => stopDaemon(daemon) };
    await stopDaemon(daemon);
  }
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

/** Whether the daemon takes connections on its socket now (a connection opened and closed at once). */
function serviceAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(process.env['PCSCLITE_CSOCK_NAME'] ?? '/run/pcscd/pcscd.comm');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves when no pcscd process is left (procps' pidwait), or fails after the start limit. */
function untilNoPcscd(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('pidwait', ['-x', 'pcscd'], { timeout: START_LIMIT_MS }, (error) => {
      if (error && (error as { killed?: boolean }).killed) reject(new Error('a pcscd that takes no clients did not exit within the start limit'));
      else resolve();
    });
  });
}

/** A live pcscd: running, sleeping or in disk wait. A zombie left by a killed daemon does not count. */
export function isPcscdRunning(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('pgrep', ['--runstates', 'D,R,S', '-x', 'pcscd'], (error) => resolve(!error));
  });
}
