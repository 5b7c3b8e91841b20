import { judgeAnswer } from '../../flow/cross-check';
import type { OqsCentralSystem } from '../../oqs/client';
import type { QueuedReception, SqliteReceptionStore } from '../../store/sqlite-reception-store';
import type { FaceFileSink } from './face-file-sink';
import { faceFileResponseOf } from './face-file-response';

export interface OutageQueueWorkerOptions {
  readonly store: SqliteReceptionStore;
  readonly central: OqsCentralSystem;
  readonly faceFiles: FaceFileSink;
  readonly log: (code: string, detail: string) => void;
  readonly retryMs: number;
}

export type QueueListener = (event: { readonly receptionId: string; readonly outcome: 'completed' | 'handed-to-staff' | 'retry' }) => void;

/**
 * Completes receptions queued during an outage once the central system answers again, exactly once:
 * each is claimed in the store before it is sent, completed in the same transaction that marks it
 * done, and released for a later try when the system is still down. The card is gone by then, so the
 * presence is proven by the reader's attestation of what it witnessed.
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

  /** Runs one pass now (also what the timer calls). */
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
      void this.drain().finally(() => this.schedule(this.options.retryMs));
    }, ms);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    for (const queued of this.options.store.pendingQueue()) {
      if (this.stopped) return;
      if (!this.options.store.claimQueued(queued.receptionId)) continue;
      const outcome = await this.send(queued).catch((error: unknown) => {
        this.options.store.releaseQueued(queued.receptionId, (error as Error).message);
        this.options.log('OUTAGE_QUEUE_FAILED', `${queued.receptionId}: ${(error as Error).message}`);
        return 'retry' as const;
      });
      for (const listener of this.listeners) listener({ receptionId: queued.receptionId, outcome });
      if (outcome === 'retry') return; // still down: try the rest on the next pass
    }
  }

  private async send(queued: QueuedReception): Promise<'completed' | 'handed-to-staff' | 'retry'> {
    const { store, central } = this.options;
    const challenge = await central.presenceChallenge();
    if ('ok' in challenge) {
      store.releaseQueued(queued.receptionId, challenge.code);
      return 'retry';
    }
    const answer = await central.confirmByCard({ ...queued.facts, receptionId: queued.receptionId, proof: { kind: 'reader-attestation', challenge: challenge.challenge } });
    if (!answer.ok) {
      if (answer.outage) {
        store.releaseQueued(queued.receptionId, answer.code);
        return 'retry';
      }
      store.failQueued(queued.receptionId, answer.centralCode ?? answer.code, new Date());
      return 'handed-to-staff';
    }
    const judgement = judgeAnswer(answer, queued.cardFace === undefined ? undefined : { ...queued.cardFace, signatureValid: true });
    if (judgement.kind !== 'accept') {
      store.failQueued(queued.receptionId, judgement.kind === 'staff' ? judgement.alert : judgement.message, new Date());
      return 'handed-to-staff';
    }
    const endedAt = new Date();
    const completion = {
      receptionId: queued.receptionId,
      kioskId: queued.kioskId,
      endedAt,
      method: queued.facts.method,
      consents: queued.facts.consents,
      crossCheck: judgement.crossCheck,
      answer,
      prescriptionForm: queued.facts.prescriptionForm,
    };
    store.completeQueued(completion);
    await this.options.faceFiles.write(queued.kioskId, queued.receptionId, faceFileResponseOf(completion), endedAt);
    return 'completed';
  }
}
