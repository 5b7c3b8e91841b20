import { runCentralWorker } from './central-worker';
import { WORKER_CONFIG_VARIABLE, type CentralWorkerConfig, type WorkerMessage } from './worker-config';

// The entry of a cluster server process (forked by central-cluster.ts).
const config = JSON.parse(process.env[WORKER_CONFIG_VARIABLE] ?? '{}') as CentralWorkerConfig;
await runCentralWorker(config, (message: WorkerMessage) => process.send?.(message));
