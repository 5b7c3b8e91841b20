import type { Socket } from 'node:net';
import type { RefusalOperation } from '../store';
import { CentralRefusal } from '../service/central-errors';
import type { RequestHolds } from './request-holds';
import type { SharedFaults } from './shared-faults';

/**
 * Applies the injected fault decision of one request before its operation runs: an outage refuses at
 * once, a timeout holds the request and then answers 408, latency holds it and then lets it pass (or
 * fail, for an injected error).
 */
export async function passFaultGate(faults: SharedFaults, holds: RequestHolds, operation: RefusalOperation, at: Date, timeoutHoldMs: number, socket: Socket): Promise<void> {
  const decision = faults.decide(operation, at);
  if (decision.kind === 'outage') throw new CentralRefusal('SERVICE_UNAVAILABLE');
  if (decision.kind === 'timeout') {
    await holds.wait(timeoutHoldMs, socket);
    throw new CentralRefusal('REQUEST_TIMEOUT');
  }
  await holds.wait(decision.delayMs, socket);
  if (decision.kind === 'error') throw new CentralRefusal('INJECTED_ERROR');
}
