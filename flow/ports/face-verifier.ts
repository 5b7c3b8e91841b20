// The port through which the reception flow verifies a face against the card photo. Types only;
// face/ implements it (in one thread or behind its worker).
//
// Privacy rule carried by these shapes: nothing that leaves the verifier holds pixels or a face
// descriptor. Results carry a decision, scores and reason codes only; that is all the store may keep.
//
// The verifier reports facts about one attempt. What the patient does next (another attempt, the
// PIN, staff) is the flow's decision (flow/face-attempts.ts), so nothing here counts failures.

/** Why a live frame cannot be used. The kiosk turns each code into an instruction, never a score. */
export type FaceQualityCode =
  | 'no-face' // 顔が見つかりません: look at the camera
  | 'multiple-faces' // お一人ずつ: only one person in front of the camera
  | 'face-too-small' // もう少し近づいてください
  | 'too-blurred' // 動かないでください / clean the lens
  | 'too-dark' // 明るい場所で / the room or face is too dark
  | 'backlit' // 逆光: the background is much brighter than the face
  | 'head-turned' // 正面を向いてください
  | 'eyes-closed' // 目を開けてください
  | 'face-covered'; // マスクを外してください: nose and mouth are covered

/** An action the patient is asked to perform so that a replayed or printed image cannot pass. */
export type LivenessChallenge = 'blink' | 'turn-left' | 'turn-right';

/** Why liveness failed; several may apply. */
export type LivenessFailure =
  | 'too-few-frames' // fewer usable frames than the check needs
  | 'challenge-not-performed' // no blink / no turn in the requested direction
  | 'static-image' // the face does not move at all between frames (a photo on a stand)
  | 'planar-motion' // all landmarks move as one flat picture (a photo or screen moved or tilted)
  | 'identity-changed'; // the face in the sequence is not one person throughout

export interface LivenessReport {
  readonly challenge: LivenessChallenge;
  readonly passed: boolean;
  readonly failures: readonly LivenessFailure[];
  /** Measured values behind the verdict, for the audit log and tuning; no biometric data. */
  readonly scores: {
    /** Smallest eye-openness ratio seen relative to the open-eye baseline (blink: low is a blink). */
    readonly eyeClosureRatio: number | null;
    /** Largest yaw change in the requested direction, as a fraction of the face width. */
    readonly turnAmount: number | null;
    /** Largest landmark displacement from the first frame, in face widths (~0 for a photo on a stand). */
    readonly motion: number | null;
    /** Largest change of the face's shape that a move, in-plane turn and zoom cannot explain, in face widths. */
    readonly deformation: number | null;
    /** How far the nose leaves the plane the rest of the face moves with, in face widths (a picture has none). */
    readonly noseParallax: number | null;
  };
}

/** One camera frame, as captured. The buffer is handed over and dropped after the decision. */
export interface LiveFrame {
  readonly width: number;
  readonly height: number;
  readonly format: 'rgba' | 'rgb' | 'gray';
  readonly data: Uint8Array;
  /** Capture time in milliseconds (any monotonic origin); orders the sequence for liveness. */
  readonly capturedAtMs: number;
}

/** The 券面事項確認AP face photo as read from the card: a JPEG 2000 file (.jp2) or codestream (.j2k). */
export interface CardPhoto {
  readonly bytes: Uint8Array;
}

export type FaceDecision =
  | 'match' // the person is the card holder and liveness passed
  | 'no-match' // a live face that is not the card holder
  | 'liveness-failed' // the face matched or not, but the sequence is not a live person doing the challenge
  | 'no-usable-frame'; // no frame passed the quality gates; `instruction` says what to change

export interface FaceSessionInfo {
  readonly sessionId: string;
  /** False when no face could be found in the card photo: face verification cannot work for this card. */
  readonly cardUsable: boolean;
  /** The challenge the patient must perform in the next attempt (chosen unpredictably). */
  readonly challenge: LivenessChallenge;
}

/** Live guidance for one frame while the patient positions themself. */
export interface FrameCheck {
  readonly usable: boolean;
  /** Every gate the frame failed, most important first; the kiosk shows the first. */
  readonly quality: readonly FaceQualityCode[];
}

export interface FaceVerificationResult {
  readonly decision: FaceDecision;
  /** Aggregated descriptor distance to the card photo (lower is more alike); null without a usable frame. */
  readonly distance: number | null;
  readonly threshold: number;
  readonly framesReceived: number;
  readonly framesUsable: number;
  /** Reason codes of the frames that could not be used, most frequent first. */
  readonly quality: readonly FaceQualityCode[];
  /** The one instruction the kiosk should show when decision is 'no-usable-frame'. */
  readonly instruction: FaceQualityCode | null;
  readonly liveness: LivenessReport;
  /** The challenge the session asks for if the flow tries again (a fresh one after every attempt). */
  readonly nextChallenge: LivenessChallenge;
}

export type FaceErrorCode =
  | 'model-missing' // a model file is not where the configuration says
  | 'model-corrupt' // a model file is present but not the expected bytes
  | 'backend-unavailable' // neither tfjs-node nor the wasm backend could start (the CPU backend is refused)
  | 'worker-not-ready' // a request before start-up finished, or after it failed
  | 'worker-crashed' // the worker thread exited or threw
  | 'timeout' // a request took longer than its bound
  | 'closed' // the verifier was closed
  | 'card-photo-invalid' // the card photo bytes are not a decodable greyscale JPEG 2000 image
  | 'frame-invalid' // a frame's size or buffer is inconsistent
  | 'image-decode-failed' // a file given to the CLI or benchmark could not be decoded
  | 'session-unknown' // no open session with that id (closed, or never opened)
  | 'dataset-invalid'; // a benchmark dataset folder does not follow the documented layout

/**
 * The verifier the flow uses. One session per card read; closing it drops the card template. Failures
 * reject with an error carrying a FaceErrorCode as `code`.
 */
export interface FaceVerifier {
  openSession(card: CardPhoto): Promise<FaceSessionInfo>;
  checkFrame(sessionId: string, frame: LiveFrame): Promise<FrameCheck>;
  verify(sessionId: string, frames: readonly LiveFrame[]): Promise<FaceVerificationResult>;
  closeSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}
