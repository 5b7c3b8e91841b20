import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { recentStderr, stopChild } from './child-process';

/** What `central serve` prints once it answers (see central/cli). */
export interface CentralStarted {
  readonly url: string;
  readonly jlis: string;
  readonly caCertificate: string;
  readonly facilities: ReadonlyArray<{
    readonly medicalInstitutionCode: string;
    readonly name: string;
    readonly certificate: string;
    readonly privateKey: string;
    readonly readerCertificate: string;
    readonly readerPrivateKey: string;
  }>;
}

export interface CentralProcess {
  readonly started: CentralStarted;
  stop(): Promise<void>;
}

/**
 * The mock central system as its own process, as a facility would reach the real one: started with
 * `central serve` on a free loopback port, one server process, its folder under the demo's data.
 */
export async function startCentralProcess(root: string, dataDir: string): Promise<CentralProcess> {
  const child: ChildProcess = spawn(
    join(root, 'node_modules/.bin/tsx'),
    ['central/cli/central.ts', 'serve', '--data', dataDir, '--port', '0', '--workers', '1'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const errors = recentStderr(child);
  const started = await new Promise<CentralStarted>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        const parsed = JSON.parse(line) as CentralStarted & { ok?: boolean };
        if (parsed.ok !== true) throw new Error(line);
        resolve(parsed);
      } catch (error) {
        reject(new Error(`the central mock did not start: ${(error as Error).message}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the central mock exited (code ${code}): ${errors.join('')}`)));
    child.once('error', reject);
  });
  return {
    started,
    stop: () => stopChild(child, 'SIGINT'),
  };
}
