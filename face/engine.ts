import { randomInt, randomUUID } from 'node:crypto';
import type { CardFace } from './analysis/card-face';
import { findCardFace } from './analysis/card-face';
import { describeChip } from './analysis/describe';
import { detectFaces } from './analysis/detect';
import { locateLandmarks } from './analysis/landmarker';
import type {
  CardPhoto,
  FaceSessionInfo,
  FaceVerificationResult,
  FaceVerifier,
  FrameCheck,
  LiveFrame,
  LivenessChallenge,
} from '../flow/ports/face-verifier';
import type { AttemptDecision } from './decision';
import { decideAttempt } from './decision';
import { FaceError } from './errors';
import type { FrameAnalysis } from './frame-analysis';
import { analyseFrame } from './frame-analysis';
import { Jpeg2000Decoder } from './image/jpeg2000';
import { checkLiveness } from './liveness/check-liveness';
import { matchPolicy } from './match-policy';
import type { TensorBackend } from './model/backend';
import type { FaceModelOptions } from './model/face-models';
import { FaceModels } from './model/face-models';

export interface FaceEngineOptions extends FaceModelOptions {
  /** Override of the calibrated match threshold (the benchmark sweeps it; the product does not). */
  readonly threshold?: number;
  /** How challenges are chosen; unpredictable by default. Tests pin it. */
  readonly chooseChallenge?: () => LivenessChallenge;
  /**
   * End-to-end tests and the demo only: every session asks for these challenges in order (the first
   * attempt the first one), so a recorded camera clip can perform them. A facility leaves it out.
   */
  readonly challengeSequence?: readonly LivenessChallenge[];
}

interface Session {
  readonly card: CardFace | null;
  challenge: LivenessChallenge;
  attempts: number;
}

const challenges: readonly LivenessChallenge[] = ['blink', 'turn-left', 'turn-right'];

/**
 * The face verifier in one thread: models loaded and warmed once, one session per card read. Card
 * templates and live descriptors live only in this object's memory and are wiped when a session
 * closes; results carry decisions, scores and codes only — what the patient does next is the flow's
 * call. The worker runs one of these.
 */
export class FaceEngine implements FaceVerifier {
  private readonly sessions = new Map<string, Session>();
  private closed = false;

  private constructor(
    private readonly models: FaceModels,
    private readonly jpeg2000: Jpeg2000Decoder,
    private readonly options: FaceEngineOptions,
  ) {}

  static async start(options: FaceEngineOptions = {}): Promise<FaceEngine> {
    const models = await FaceModels.load(options);
    try {
      const engine = new FaceEngine(models, await Jpeg2000Decoder.create(), options);
      await engine.warmUp();
      return engine;
    } catch (error) {
      models.dispose();
      throw error;
    }
  }

  get backend(): TensorBackend {
    return this.models.backend;
  }

  get threshold(): number {
    return this.options.threshold ?? matchPolicy.threshold;
  }

  /** Decodes the card photo and finds its face; null when no face can be found in it. */
  async readCard(photo: CardPhoto): Promise<CardFace | null> {
    this.assertOpen();
    return findCardFace(this.models, this.jpeg2000.decode(photo.bytes));
  }

  /** The engine's JPEG 2000 decoder, for the CLI and the benchmark to read files with. */
  get decoder(): Jpeg2000Decoder {
    return this.jpeg2000;
  }

  async analyseFrame(frame: LiveFrame): Promise<FrameAnalysis> {
    this.assertOpen();
    return analyseFrame(this.models, frame);
  }

  async decide(frames: readonly FrameAnalysis[], card: CardFace, challenge: LivenessChallenge): Promise<AttemptDecision> {
    this.assertOpen();
    return decideAttempt(frames, card.descriptor, challenge, this.threshold);
  }

  async openSession(card: CardPhoto): Promise<FaceSessionInfo> {
    const face = await this.readCard(card);
    const sessionId = randomUUID();
    const session: Session = { card: face, challenge: this.pickChallenge(0), attempts: 0 };
    this.sessions.set(sessionId, session);
    return { sessionId, cardUsable: face !== null, challenge: session.challenge };
  }

  async checkFrame(sessionId: string, frame: LiveFrame): Promise<FrameCheck> {
    this.session(sessionId);
    const analysis = await this.analyseFrame(frame);
    analysis.forget();
    return { usable: analysis.quality.length === 0, quality: analysis.quality };
  }

  async verify(sessionId: string, frames: readonly LiveFrame[]): Promise<FaceVerificationResult> {
    const session = this.session(sessionId);
    if (frames.length === 0) throw new FaceError('frame-invalid', 'verify needs at least one frame');
    const analyses: FrameAnalysis[] = [];
    for (const frame of frames) analyses.push(await this.analyseFrame(frame));
    const challenge = session.challenge;
    let outcome: AttemptDecision | null;
    let liveness: AttemptDecision['liveness'];
    try {
      outcome = session.card ? await this.decide(analyses, session.card, challenge) : null;
      // Without a face in the card photo nothing can match; liveness is still reported for the record.
      liveness = outcome?.liveness ?? checkLiveness(challenge, analyses.flatMap((a) => (a.observation ? [a.observation] : [])));
    } finally {
      for (const analysis of analyses) analysis.forget(); // live descriptors, eye bands and frames go now
    }
    // A fresh challenge after every attempt, so a recording of this one cannot pass the next.
    session.attempts += 1;
    session.challenge = this.pickChallenge(session.attempts);
    return {
      decision: outcome?.decision ?? 'no-match',
      distance: outcome?.distance ?? null,
      threshold: this.threshold,
      framesReceived: frames.length,
      framesUsable: outcome?.framesUsable ?? 0,
      quality: outcome?.quality ?? [],
      instruction: outcome?.instruction ?? null,
      liveness,
      nextChallenge: session.challenge,
    };
  }

  async closeSession(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    session?.card?.descriptor.fill(0);
    this.sessions.delete(sessionId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const id of [...this.sessions.keys()]) await this.closeSession(id);
    this.closed = true;
    this.models.dispose();
  }

  /** Open sessions (tests check that closing drops them). */
  get openSessions(): number {
    return this.sessions.size;
  }

  private session(sessionId: string): Session {
    this.assertOpen();
    const session = this.sessions.get(sessionId);
    if (!session) throw new FaceError('session-unknown', `no open face session ${sessionId}`);
    return session;
  }

  private pickChallenge(attempt: number): LivenessChallenge {
    const sequence = this.options.challengeSequence;
    if (sequence !== undefined && sequence.length > 0) return sequence[attempt % sequence.length]!;
    return this.options.chooseChallenge?.() ?? challenges[randomInt(challenges.length)]!;
  }

  private assertOpen(): void {
    if (this.closed) throw new FaceError('closed', 'the face engine has been closed');
  }

  /** One pass through every network, so that the first patient does not wait for lazy set-up. */
  private async warmUp(): Promise<void> {
    const blankRgb = { width: 224, height: 224, data: new Uint8Array(224 * 224 * 3).fill(128) };
    const blankGray = { width: 150, height: 150, data: new Uint8Array(150 * 150).fill(128) };
    await detectFaces(this.models, blankRgb, { detector: 'tiny', inputSize: 224, minScore: 0.5 });
    await detectFaces(this.models, blankRgb, { detector: 'ssd', minScore: 0.5 });
    await locateLandmarks(this.models, blankGray, { x: 10, y: 10, width: 120, height: 120 });
    await describeChip(this.models, blankGray);
  }
}
