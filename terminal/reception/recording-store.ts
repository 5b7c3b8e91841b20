import type { ReceptionEmitted } from '../../flow/reception-context';
import type { ReceptionCompletion, ReceptionQueued, ReceptionStore } from '../../flow/ports/reception-store';
import { faceFileResponseOf } from './face-file-response';
import type { SqliteReceptionStore } from '../../store/sqlite-reception-store';
import type { FaceFileSink } from './face-file-sink';

/**
 * The ReceptionStore the flows use: the SQLite store, plus the face file for the レセコン once a
 * reception is recorded, plus what the flows report on the side (start, staff called, end, 目視).
 */
export class RecordingStore implements ReceptionStore {
  constructor(
    private readonly store: SqliteReceptionStore,
    private readonly faceFiles: FaceFileSink,
    private readonly log: (code: string, detail: string) => void,
  ) {}

  begin: ReceptionStore['begin'] = (start) => this.store.begin(start);
  queue = (queued: ReceptionQueued) => this.store.queue(queued);
  handOver: ReceptionStore['handOver'] = (handover) => this.store.handOver(handover);
  abandon: ReceptionStore['abandon'] = (abandon) => this.store.abandon(abandon);

  /**
   * The face file is staged first, the reception recorded, then the file published: a レセコン never
   * sees a reception the terminal lost, and a crash in between is repaired at the next start.
   */
  async complete(completion: ReceptionCompletion): Promise<void> {
    const staged = await this.faceFiles.stage(completion.kioskId, completion.receptionId, faceFileResponseOf(completion), completion.endedAt);
    try {
      await this.store.complete(completion);
    } catch (error) {
      await this.faceFiles.discard(staged);
      throw error;
    }
    const written = await this.faceFiles.publish(staged);
    await this.store.recordAccess({
      at: completion.endedAt,
      actor: { kind: 'kiosk', id: completion.kioskId },
      action: written.substituted.length === 0 ? 'FACE_FILE_WRITTEN' : 'FACE_FILE_WRITTEN_WITH_SUBSTITUTIONS',
      receptionId: completion.receptionId,
      kioskId: completion.kioskId,
    });
  }

  /** What a flow reports besides its invoked writes; a failure here is logged, never thrown at the flow. */
  recordEmitted(kioskId: string, event: ReceptionEmitted): void {
    const at = new Date(event.at);
    const write = async (): Promise<void> => {
      switch (event.type) {
        case 'reception.started':
          return this.store.begin({ receptionId: event.receptionId, kioskId, startedAt: at });
        case 'reception.staffCalled':
          // Staff are called; the reception goes on (目視確認 may still complete it).
          return this.store.recordAccess({ at, actor: { kind: 'kiosk', id: kioskId }, action: `STAFF_CALLED_${event.alert}`, receptionId: event.receptionId, kioskId });
        case 'visualCheck.decided':
          return this.store.recordAccess({
            at,
            actor: { kind: 'staff', id: event.staffId },
            action: event.approved ? 'VISUAL_CHECK_APPROVED' : 'VISUAL_CHECK_REJECTED',
            receptionId: event.receptionId,
            kioskId,
          });
        case 'reception.ended':
          if (event.ending.kind === 'abandoned') return this.store.abandon({ receptionId: event.receptionId, kioskId, endedAt: at, code: event.ending.code });
          if (event.ending.kind === 'handed-to-staff') {
            return this.store.handOver({ receptionId: event.receptionId, kioskId, endedAt: at, method: event.method, code: event.ending.code });
          }
          return;
      }
    };
    write().catch((error: unknown) => this.log((error as { code?: string }).code ?? 'STORE_WRITE_FAILED', `${event.type}: ${(error as Error).message}`));
  }
}
