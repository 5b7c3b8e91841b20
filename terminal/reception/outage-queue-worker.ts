import { judgeAnswer } from '../../flow/cross-check';
import type { Clock } from '../../flow/ports/clock';
import type { CardConfirmationAnswer } from '../../flow/ports/central-system';
import type { OqsCentralSystem } from '../../oqs/client';
import type { QueuedReception, SqliteReceptionStore } from '../../store/sqlite-reception-store';
import { faceFileResponseOf } from './face-file-response';
import type { FaceFileSink } from './face-file-sink';

export interface OutageQueueWorkerOptions {
  readonly store: SqliteReceptionStore;
  readonly central: OqsCentralSystem;
  readonly faceFiles: FaceFileSink;
  readonly clock: Clock;
  readonly log: (code: string, detail: string) => void;
  readonly retryMs: number;
  /** Told each answer of a reception the worker completed (the console keeps it, as for one done at the kiosk). */
  readonly onCompleted?: (answer: CardConfirmationAnswer) => void;
}

/** A central code as the store keeps codes (upper-case letters, digits, _), or undefined. */
function storableCode(code: string | undefined): string | undefined {
  const cleaned = code?.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 64);
  return cleaned === undefined || !/^[A-Z]/.test(cleaned) ? undefined : cleaned;
}

export type QueueOutcome = 'completed' | 'handed-to-staff' | 'retry';
export type QueueListener = (event: { readonly receptionId: string; readonly outcome: QueueOutcome }) => void;

/**
 * Completes receptions queued during an outage once the central system answers again, exactly once:
 * each is claimed in the store before it is sent, completed in the transaction that marks it done,
 * and released for a later try while the system is still down. The card is gone by then, so presence
 * is proven by the reader's attestation of what it witnessed.
 */
export class OutageQueueWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly listeners = new Set<QueueListener>();

  constructor(private readonly options: OutageQueueWorkerOptions) {}

  start(): void {
    this.schedule(0);
  }

  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs one pass now (also what the timer calls); a pass already running is joined, not doubled. */
  drain(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.drain()
        .catch((error: unknown) => this.options.log('OUTAGE_QUEUE_FAILED', error instanceof Error ? error.message : String(error)))
        .finally(() => this.schedule(this.options.retryMs));
    }, ms);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    const { store, clock, log } = this.options;
    for (const queued of await store.pendingQueue()) {
      if (this.stopped) return;
      let claimed: QueuedReception;
      try {
        claimed = await store.claimQueued(queued.receptionId, clock.now());
      } catch {
        continue; // another pass has it
      }
      const outcome = await this.send(claimed).catch(async (error: unknown) => {
        log((error as { code?: string }).code ?? 'OUTAGE_QUEUE_FAILED', `${claimed.receptionId}: ${(error as Error).message}`);
        await store.releaseQueued(claimed.receptionId, clock.now(), 'SEND_FAILED').catch(() => undefined);
        return 'retry' as const;
      });
      for (const listener of this.listeners) {
        try {
          listener({ receptionId: claimed.receptionId, outcome });
        } catch {
          // A listener's failure is its own; the queue goes on.
        }
      }
      if (outcome === 'retry') return; // still down: the rest wait for the next pass
    }
  }

  private async send(queued: QueuedReception): Promise<QueueOutcome> {
    const { store, central, clock } = this.options;
    const challenge = await central.presenceChallenge();
    if ('ok' in challenge) {
      await store.releaseQueued(queued.receptionId, clock.now(), challenge.code);
      return 'retry';
    }
    const answer = await central.confirmByCard({ ...queued.facts, receptionId: queued.receptionId, proof: { kind: 'reader-attestation', challenge: challenge.challenge } });
    if (!answer.ok) {
      if (answer.code === 'CENTRAL_TIMEOUT') {
        // It may have been processed: sending it again could register it twice. Staff check.
        await store.handOverQueued(queued.receptionId, clock.now(), 'CENTRAL_NO_ANSWER');
        return 'handed-to-staff';
      }
      if (answer.outage) {
        await store.releaseQueued(queued.receptionId, clock.now(), answer.code);
        return 'retry';
      }
      await store.handOverQueued(queued.receptionId, clock.now(), storableCode(answer.centralCode) ?? answer.code);
      return 'handed-to-staff';
    }
    const judgement = judgeAnswer(answer, queued.cardFace === undefined ? undefined : { ...queued.cardFace, signatureValid: true });
    if (judgement.kind !== 'accept') {
      await store.handOverQueued(queued.receptionId, clock.now(), judgement.kind === 'staff' ? judgement.alert : judgement.message.toUpperCase().replace(/-/g, '_'));
      return 'handed-to-staff';
    }
    const completion = {
      receptionId: queued.receptionId,
      kioskId: queued.kioskId,
      endedAt: clock.now(),
      method: queued.facts.method,
      consents: queued.facts.consents,
      crossCheck: judgement.crossCheck,
      answer,
      prescriptionForm: queued.facts.prescriptionForm,
    };
    // Staged, recorded, published: the same order as a reception at the kiosk.
    const staged = await this.options.faceFiles.stage(queued.kioskId, queued.receptionId, faceFileResponseOf(completion), completion.endedAt);
    try {
      await store.completeQueued(completion);
    } catch (error) {
      await this.options.faceFiles.discard(staged);
      throw error;
    }
    await this.options.faceFiles.publish(staged);
    this.options.onCompleted?.(answer);
    return 'completed';
  }
}
