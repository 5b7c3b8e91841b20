import type { ResponderUrls } from '../../crypto/verify';

/** What the primary hands each server process (as JSON in the environment). */
export interface CentralWorkerConfig {
  databaseFile: string;
  facilityPkiDir: string;
  pkiDir: string;
  responders: ResponderUrls;
  port: number;
  adminToken: string;
}

export const WORKER_CONFIG_VARIABLE = 'OQS_CENTRAL_WORKER_CONFIG';

/** Messages a server process sends the primary. */
export type WorkerMessage = { type: 'listening'; port: number } | { type: 'failed'; message: string };
