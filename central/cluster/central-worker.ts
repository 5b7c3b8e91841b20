import { readFacilityPki } from '../../crypto/mock-ca';
import { createCentralVerifier, serverTlsOf } from '../central-stack';
import { FaultInjector } from '../faults';
import { startCentralServer } from '../server/central-server';
import { openCentralStore } from '../store';
import type { CentralWorkerConfig, WorkerMessage } from './worker-config';

/**
 * One server process of the cluster: the same HTTPS server over the shared store and the shared
 * listening port. It leaves checkpoints to the primary, so no request waits for one, and exits when
 * told to (SIGTERM) or when its primary is gone.
 */
export async function runCentralWorker(config: CentralWorkerConfig, send: (message: WorkerMessage) => void): Promise<void> {
  const db = openCentralStore(config.databaseFile);
  db.pragma('wal_autocheckpoint = 0');
  try {
    const facilityPki = await readFacilityPki(config.facilityPkiDir);
    const verifier = await createCentralVerifier(config.pkiDir, config.responders);
    const server = await startCentralServer({ tls: serverTlsOf(facilityPki), db, verifier, port: config.port, adminToken: config.adminToken, faults: new FaultInjector() });
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await server.stop();
      db.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop());
    process.on('SIGINT', () => undefined); // the primary decides; Ctrl-C reaches the whole group
    process.on('disconnect', () => void stop());
    send({ type: 'listening', port: server.port });
  } catch (error) {
    db.close();
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
