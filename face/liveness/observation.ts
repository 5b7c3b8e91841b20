import type { EyeBand } from '../analysis/eye-band';
import type { Landmarks68, Point } from '../analysis/landmarks68';

/**
 * What liveness needs from one frame: where the face is, how it is posed, and a coarse sample of the
 * eye band (face/analysis/eye-band.ts) for the blink check. No face image, no descriptor; the eye band
 * is zero-filled when the frame's analysis is forgotten.
 */
export interface FaceObservation {
  readonly capturedAtMs: number;
  readonly landmarks: Landmarks68;
  readonly faceWidth: number;
  readonly centre: Point;
  readonly yaw: number;
  readonly eyeOpenness: number;
  readonly eyeBand: EyeBand | null;
}
