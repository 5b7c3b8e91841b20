import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sendControlRequest } from '../../device/virtual-card/control-client';
import { CONTROL_SOCKET_NAME, type ControlRequest } from '../../device/virtual-card/control-protocol';

/** Longest wait for the card process to start, answer a request or stop. */
const WAIT_LIMIT_MS = 20_000;

/**
 * The virtual card in a process of its own (`device/virtual-card/cli.ts serve`), driven over its
 * control socket. It must not share the bench's event loop: pcsclite locks a reader's mutex for a
 * whole SCardTransmit on a worker thread and takes the same mutex on the main thread to deliver a
 * status change of that reader. With the card on the main thread, a status change arriving during a
 * transmit freezes the main thread, and with it the card the transmit is waiting for: the process
 * hangs for good, holding the reader.
 */
export class CardProcess {
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly stateDir: string,
  ) {}

  static async start(root: string, profilesDir: string): Promise<CardProcess> {
    const stateDir = await mkdtemp(join(tmpdir(), 'bench-card-'));
    // Node itself with tsx's loader (no wrapper process that signals would have to pass through).
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'device', 'virtual-card', 'cli.ts'), 'serve', '--profiles', profilesDir, '--state', stateDir], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const card = new CardProcess(child, stateDir);
    const stderr: string[] = [];
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => stderr.push(chunk));
    try {
      const ready = await new Promise<string>((resolve, reject) => {
        const limit = setTimeout(() => reject(new Error(`the card process did not start within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
        const lines = createInterface({ input: child.stdout });
        lines.once('line', (line) => {
          clearTimeout(limit);
          resolve(line);
        });
        child.once('error', (error) => {
          clearTimeout(limit);
          reject(error);
        });
        child.once('exit', (code) => {
          clearTimeout(limit);
          reject(new Error(`the card process exited (code ${code}): ${stderr.join('')}`));
        });
      });
      const message = JSON.parse(ready) as { ok?: boolean };
      if (message.ok !== true) throw new Error(`the card process did not start: ${ready}`);
      // Keep draining its output for its whole life.
      child.stdout.resume();
      return card;
    } catch (error) {
      await card.stop();
      throw error;
    }
  }

  insert(profileId: string): Promise<void> {
    return this.request({ command: 'insert', profileId, reader: 0 });
  }

  remove(): Promise<void> {
    return this.request({ command: 'remove', reader: 0 });
  }

  /** Stops the process (SIGTERM, SIGKILL when it does not go in time) and removes its state folder. */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async request(request: ControlRequest): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const response = await Promise.race([
        sendControlRequest(join(this.stateDir, CONTROL_SOCKET_NAME), request),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the card process did not answer ${request.command} within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
        }),
      ]);
      if (!response.ok) throw new Error(`the card process refused ${request.command}: ${JSON.stringify(response)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async stopNow(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const limit = setTimeout(() => child.kill('SIGKILL'), WAIT_LIMIT_MS);
        child.once('exit', () => {
          clearTimeout(limit);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    child.stdin.destroy();
    child.stdout.destroy();
    child.stderr.destroy();
    await rm(this.stateDir, { recursive: true, force: true });
  }
}
