// Messages between the face worker and its client. Everything crosses by structured clone; results
// carry decisions, scores and codes, never pixels or descriptors.
import type {
  CardPhoto,
  FaceErrorCode,
  FaceSessionInfo,
  FaceVerificationResult,
  FrameCheck,
  LiveFrame,
  LivenessChallenge,
} from '../../flow/ports/face-verifier';

/** Start-up settings, passed as workerData. */
export interface FaceWorkerSettings {
  readonly modelDirectory?: string;
  readonly allowNativeBackend?: boolean;
  /** Tests and the demo only: the challenges every session asks for, in order (see FaceEngineOptions). */
  readonly challengeSequence?: readonly LivenessChallenge[];
}

export type FaceWorkerRequest =
  | { readonly id: number; readonly op: 'open-session'; readonly card: CardPhoto }
  | { readonly id: number; readonly op: 'check-frame'; readonly sessionId: string; readonly frame: LiveFrame }
  | { readonly id: number; readonly op: 'verify'; readonly sessionId: string; readonly frames: readonly LiveFrame[] }
  | { readonly id: number; readonly op: 'close-session'; readonly sessionId: string }
  | { readonly id: number; readonly op: 'usage' };

export interface FaceWorkerUsage {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

export interface FaceWorkerResults {
  readonly 'open-session': FaceSessionInfo;
  readonly 'check-frame': FrameCheck;
  readonly verify: FaceVerificationResult;
  readonly 'close-session': null;
  readonly usage: FaceWorkerUsage;
}

export interface WireError {
  readonly code: FaceErrorCode;
  readonly message: string;
}

export type FaceWorkerMessage =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'start-failed'; readonly error: WireError }
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: WireError };
