import type { ChildProcess } from 'node:child_process';

/** Sends `signal` and resolves once the process has exited (at once when it already has). */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The last lines of a child's stderr, for the error that says why it did not start. */
export function recentStderr(child: ChildProcess, keep = 20): string[] {
  const lines: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    lines.push(chunk.toString('utf8'));
    if (lines.length > keep) lines.shift();
  });
  return lines;
}
