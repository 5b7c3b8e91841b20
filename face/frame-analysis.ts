import { sampleEyeBand } from './analysis/eye-band';
import { faceDescriptor } from './analysis/face-descriptor';
import { centroid, eyeCentres, faceWidth } from './analysis/landmarks68';
import type { LiveFaces } from './analysis/live-face';
import { findLiveFaces } from './analysis/live-face';
import type { Landmarks68 } from './analysis/landmarks68';
import type { FaceQualityCode, LiveFrame } from '../flow/ports/face-verifier';
import { FaceError } from './errors';
import type { GrayImage } from './image/raster';
import { assertFrameShape } from './image/raster';
import type { FaceObservation } from './liveness/observation';
import type { FaceModels } from './model/face-models';
import type { QualityMeasures } from './quality';
import { measureQuality, qualityCodes } from './quality';

/**
 * One analysed live frame. Holds no face image (only the coarse eye band of its observation, for the
 * blink check); the descriptor stays inside the engine. forget() wipes both.
 */
export interface FrameAnalysis {
  readonly capturedAtMs: number;
  readonly quality: readonly FaceQualityCode[];
  readonly measures: QualityMeasures | null;
  /** Pose and landmarks for liveness; null without a face. */
  readonly observation: FaceObservation | null;
  /** Which detector stage found the face (benchmark record). */
  readonly stage: string | null;
  /**
   * Describes the face on demand (the expensive step), only for frames that will be compared; the
   * result is computed once and kept until forget().
   */
  readonly describe: (() => Promise<Float32Array>) | null;
  /** Wipes the descriptor and the eye band and drops the frame's grey image: call once the decision is made. */
  readonly forget: () => void;
}

export async function analyseFrame(models: FaceModels, frame: LiveFrame): Promise<FrameAnalysis> {
  assertFrameShape(frame);
  const faces = await findLiveFaces(models, frame);
  const measures = measureQuality(faces);
  const descriptor = faces.primary ? new DescriptorCache(models, faces) : null;
  const observation = observe(frame.capturedAtMs, faces, measures);
  return {
    capturedAtMs: frame.capturedAtMs,
    quality: qualityCodes(faces, measures),
    measures,
    observation,
    stage: faces.stage,
    describe: descriptor ? () => descriptor.get() : null,
    forget: () => {
      descriptor?.forget();
      observation?.eyeBand?.values.fill(0);
    },
  };
}

/** Holds what the descriptor needs (the grey frame and landmarks) only until it is computed or forgotten. */
class DescriptorCache {
  private source: { gray: GrayImage; landmarks: Landmarks68 } | null;
  private value: Promise<Float32Array> | null = null;

  constructor(private readonly models: FaceModels, faces: LiveFaces) {
    this.source = { gray: faces.gray, landmarks: faces.primary!.landmarks };
  }

  get(): Promise<Float32Array> {
    if (!this.value) {
      if (!this.source) return Promise.reject(new FaceError('closed', 'this frame analysis has been forgotten'));
      const { gray, landmarks } = this.source;
      this.value = faceDescriptor(this.models, gray, landmarks);
      this.source = null;
    }
    return this.value;
  }

  forget(): void {
    this.source = null;
    void this.value?.then((d) => d.fill(0), () => undefined);
    this.value = null;
  }
}

function observe(capturedAtMs: number, faces: LiveFaces, measures: QualityMeasures | null): FaceObservation | null {
  if (!faces.primary || !measures) return null;
  const { landmarks } = faces.primary;
  return {
    capturedAtMs,
    landmarks,
    faceWidth: faceWidth(landmarks),
    centre: centroid(eyeCentres(landmarks)),
    yaw: measures.yaw,
    eyeOpenness: measures.eyeOpenness,
    eyeBand: sampleEyeBand(faces.gray, landmarks),
  };
}
