import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { recentStderr, stopChild } from './child-process';

export interface VirtualCardProcess {
  readonly controlSocket: string;
  stop(): Promise<void>;
}

/**
 * The virtual card slots as their own process (the virtual card CLI's `serve`). Never in the
 * terminal's process: pcsclite holds a reader's lock through a whole transmit and takes it again on
 * the main thread to report a status change, so a card answering from the same event loop can freeze
 * both.
 */
export async function startVirtualCardProcess(root: string, stateDir: string): Promise<VirtualCardProcess> {
  // node with tsx as a loader, so that stopping it stops the card process itself.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'device/virtual-card/cli.ts', 'serve', '--profiles', 'fixtures/cards', '--state', stateDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors = recentStderr(child);
  const controlSocket = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      let ready: { ok?: boolean; socket?: string; error?: { code: string } } = {};
      try {
        ready = JSON.parse(line) as typeof ready;
      } catch {
        // Not the ready line: reported below with the line itself.
      }
      if (ready.ok === true && typeof ready.socket === 'string') resolve(ready.socket);
      else reject(new Error(`the virtual cards did not start: ${ready.error?.code ?? line}`));
    });
    child.once('exit', (code) => reject(new Error(`the virtual cards exited (code ${code}): ${errors.join('')}`)));
    child.once('error', reject);
  });
  return {
    controlSocket,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

