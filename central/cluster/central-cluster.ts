import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createCryptoEngine, readTestPki, type FacilityPki } from '../../crypto/mock-ca';
import { prepareCentralData, type CentralStackOptions } from '../central-stack';
import { startJlisResponder, type JlisResponder } from '../jlis';
import { WORKER_CONFIG_VARIABLE, type CentralWorkerConfig, type WorkerMessage } from './worker-config';

export interface CentralClusterOptions extends Pick<CentralStackOptions, 'dataDir' | 'personsDir' | 'pkiDir' | 'faults'> {
  workers: number;
  port: number;
  /** How often the primary checkpoints the WAL (the workers never do, so no request waits for it). */
  checkpointIntervalMs?: number;
  /** A worker died and another was started in its place. */
  onWorkerReplaced?: (event: { deadPid: number; newPid: number; code: number | null; signal: string | null }) => void;
}

export interface CentralCluster {
  url: string;
  port: number;
  adminToken: string;
  jlis: JlisResponder;
  facilityPki: FacilityPki;
  facilityPkiDir: string;
  workerPids(): number[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const WORKER_ENTRY = fileURLToPath(new URL('./worker-main.ts', import.meta.url));

/**
 * The mock central system on several processes over one store: this (primary) process prepares the
 * store and the facility PKI, runs the J-LIS responder, checkpoints the WAL on a timer, and keeps
 * `workers` server processes on one shared port, starting a new one when one dies. Every acknowledged
 * write is committed in SQLite (WAL) before the answer leaves, so a dead worker loses none.
 */
export async function startCentralCluster(options: CentralClusterOptions): Promise<CentralCluster> {
  if (!cluster.isPrimary) throw new Error('startCentralCluster runs in the primary process');
  const prepared = await prepareCentralData(options);
  const { db } = prepared;
  const pkiDir = options.pkiDir ?? 'fixtures/pki';
  const jlis = await startJlisResponder({ pki: await readTestPki(pkiDir), engine: createCryptoEngine(), now: () => new Date() });
  const checkpoints = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next tick tries again.
    }
  }, options.checkpointIntervalMs ?? 1000);
  checkpoints.unref();

  const adminToken = randomBytes(24).toString('base64url');
  // Workers share a listening handle by what they ask for: with 0, every one asks for 0 and gets the same port.
  let port = options.port;
  let stopping = false;
  const workers = new Set<Worker>();
  cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: ['--import', 'tsx'], silent: false });

  const fork = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const config: CentralWorkerConfig = {
        databaseFile: prepared.databaseFile,
        facilityPkiDir: prepared.facilityPkiDir,
        pkiDir,
        responders: { ocspUrl: jlis.ocspUrl, crlUrlByGeneration: jlis.userAuthCrlUrls() },
        port: options.port,
        adminToken,
      };
      const worker = cluster.fork({ [WORKER_CONFIG_VARIABLE]: JSON.stringify(config) });
      workers.add(worker);
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'listening') {
          port = message.port;
          worker.off('exit', onEarlyExit);
          resolve(worker);
        } else reject(new Error(`a server process failed to start: ${message.message}`));
        worker.off('message', onMessage);
      };
      const onEarlyExit = (code: number | null) => reject(new Error(`a server process exited (${code}) before listening`));
      worker.on('message', onMessage);
      worker.once('exit', onEarlyExit);
    });

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    workers.delete(worker);
    if (stopping) return;
    const deadPid = worker.process.pid ?? 0;
    fork().then(
      (replacement) => options.onWorkerReplaced?.({ deadPid, newPid: replacement.process.pid ?? 0, code, signal }),
      (error: unknown) => process.stderr.write(`central: could not replace a server process: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  };

  const stop = async () => {
    stopping = true;
    cluster.off('exit', onExit);
    clearInterval(checkpoints);
    await Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), 5_000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await jlis.stop();
    db.close();
  };

  try {
    // The first one fixes the port (0: a free one); the others share it.
    await fork();
    await Promise.all(Array.from({ length: Math.max(0, options.workers - 1) }, () => fork()));
  } catch (error) {
    await stop();
    throw error;
  }
  cluster.on('exit', onExit);

  return {
    url: `https://${HOST}:${port}`,
    port,
    adminToken,
    jlis,
    facilityPki: prepared.facilityPki,
    facilityPkiDir: prepared.facilityPkiDir,
    workerPids: () => [...workers].map((worker) => worker.process.pid ?? 0),
    stop,
  };
}
