import type { Landmarks68, Point } from '../analysis/landmarks68';

/** What liveness needs from one frame: where the face is and how it is posed. No pixels, no descriptor. */
export interface FaceObservation {
  readonly capturedAtMs: number;
  readonly landmarks: Landmarks68;
  readonly faceWidth: number;
  readonly centre: Point;
  readonly yaw: number;
  readonly eyeOpenness: number;
}
