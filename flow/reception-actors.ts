import { fromPromise } from 'xstate';
import type { CardFaceFacts } from './cross-check';
import type { CardFront } from './ports/card-front';
import type { CardSession } from './ports/card-session';
import type { CardFaceVerifier, CertVerification, CertVerifier } from './ports/cert-verifier';
import type {
  AuthenticationMethod,
  CardConfirmationOutcome,
  CentralSystem,
  ConsentAnswers,
  PrescriptionForm,
  PresenceProof,
} from './ports/central-system';
import type { Clock } from './ports/clock';
import type { FaceVerificationResult, FaceVerifier, LiveFrame, LivenessChallenge } from './ports/face-verifier';
import type { ReceptionCompletion, ReceptionQueued, ReceptionStore } from './ports/reception-store';

/** Everything a reception needs from the outside, as ports. The terminal provides the adapters. */
export interface ReceptionDependencies {
  /** The session of the card now on this kiosk's reader, opened on first use. */
  cardSession(): Promise<CardSession>;
  readonly cardFront: CardFront;
  /**
   * The card-front scanner, where the reader has one: the PIN path reads the card face for the
   * cross-check only from it, never by asking staff to type 照合番号B.
   */
  readonly cardFrontScanner?: CardFront | undefined;
  readonly certificates: CertVerifier;
  readonly cardFaces: CardFaceVerifier;
  readonly face: FaceVerifier;
  readonly central: CentralSystem;
  readonly store: ReceptionStore;
  readonly clock: Clock;
}

export interface CardReading {
  readonly certificateDer: Uint8Array;
  /** Tries left on the 利用者証明用暗証番号; 0 for a 顔認証マイナンバーカード or a locked PIN. */
  readonly pinTriesLeft: number;
}

/** What preparing the face path found. The card photo goes straight into the face session and is not kept. */
export type FacePreparation =
  | { readonly kind: 'ready'; readonly sessionId: string; readonly challenge: LivenessChallenge; readonly cardFace: CardFaceFacts }
  | { readonly kind: 'card-photo-unusable'; readonly cardFace: CardFaceFacts }
  /** 照合番号B has one try left (or none): never submitted, staff take over (reader-flow.md §3). */
  | { readonly kind: 'collation-last-try' }
  | { readonly kind: 'card-front-failed'; readonly code: string };

export interface CentralQuery {
  readonly receptionId: string;
  readonly certificateDer: Uint8Array;
  readonly method: AuthenticationMethod;
  readonly consents: ConsentAnswers;
  readonly prescriptionForm?: PrescriptionForm;
}

/** Stops an actor's work once the flow has left the state that started it. */
function abortIfGone(signal: AbortSignal): void {
  if (signal.aborted) throw Object.assign(new Error('the flow moved on'), { code: 'CANCELLED' });
}

/**
 * The actor implementations of the reception machine, each a thin sequence of port calls. Decisions
 * stay in the machine: these only gather facts.
 */
export function receptionActors(deps: ReceptionDependencies) {
  /** Reads the card face when 照合番号B can be had without risking the last try; stops when the flow gives up. */
  async function readCardFace(
    card: CardSession,
    cardFront: CardFront,
    signal: AbortSignal,
  ): Promise<FacePreparation | { kind: 'read'; cardFace: CardFaceFacts; photo: Uint8Array }> {
    const triesLeft = await card.collationNumberBTriesLeft();
    if (triesLeft <= 1) return { kind: 'collation-last-try' };
    const reading = await cardFront.readCollationNumberB(signal);
    if (!reading.ok) return { kind: 'card-front-failed', code: reading.code };
    // A flow that moved on must not spend a 照合番号B try on a card it no longer reads.
    abortIfGone(signal);
    const record = await card.readCardFace(reading.collationNumberB);
    const signatureValid = await deps.cardFaces.verifyCardFace(record);
    return { kind: 'read', cardFace: { birthDate: record.birthDate, sexCode: record.sexCode, signatureValid }, photo: record.facePhoto };
  }

  return {
    readCard: fromPromise<CardReading>(async () => {
      const card = await deps.cardSession();
      await card.identify();
      const certificateDer = await card.readUserAuthCertificate();
      const pinTriesLeft = await card.userAuthPinTriesLeft();
      return { certificateDer, pinTriesLeft };
    }),
    verifyCertificate: fromPromise<CertVerification, { certificateDer: Uint8Array }>(({ input }) =>
      deps.certificates.verify(input.certificateDer, deps.clock.now()),
    ),
    prepareFace: fromPromise<FacePreparation>(async ({ signal }) => {
      const card = await deps.cardSession();
      const read = await readCardFace(card, deps.cardFront, signal);
      if (read.kind !== 'read') return read;
      abortIfGone(signal);
      const session = await deps.face.openSession({ bytes: read.photo });
      if (signal.aborted || !session.cardUsable) {
        // Nobody will close a session the flow never heard of: the card template goes now.
        await deps.face.closeSession(session.sessionId).catch(() => undefined);
        abortIfGone(signal);
        return { kind: 'card-photo-unusable', cardFace: read.cardFace };
      }
      return { kind: 'ready', sessionId: session.sessionId, challenge: session.challenge, cardFace: read.cardFace };
    }),
    /** PIN path: the card face for the cross-check only, from a scanner; any failure means "not cross-checked". */
    readCardFaceForCheck: fromPromise<CardFaceFacts | undefined>(async ({ signal }) => {
      if (deps.cardFrontScanner === undefined) return undefined;
      try {
        const read = await readCardFace(await deps.cardSession(), deps.cardFrontScanner, signal);
        return read.kind === 'read' ? read.cardFace : undefined;
      } catch {
        return undefined;
      }
    }),
    verifyFace: fromPromise<FaceVerificationResult, { sessionId: string; frames: readonly LiveFrame[] }>(({ input }) =>
      deps.face.verify(input.sessionId, input.frames),
    ),
    closeFaceSession: fromPromise<void, { sessionId: string }>(async ({ input }) => {
      await deps.face.closeSession(input.sessionId).catch(() => undefined);
    }),
    /** The PIN lives only in this actor's input, which the machine takes from the event and never keeps. */
    verifyPin: fromPromise<void, { pin: string }>(async ({ input }) => {
      const card = await deps.cardSession();
      await card.verifyUserAuthPin(input.pin);
    }),
    queryCentral: fromPromise<CardConfirmationOutcome, CentralQuery>(async ({ input }) => {
      const challenge = await deps.central.presenceChallenge();
      if ('ok' in challenge) return challenge;
      const facts = {
        certificateDer: input.certificateDer,
        method: input.method,
        consents: input.consents,
        ...(input.prescriptionForm === undefined ? {} : { prescriptionForm: input.prescriptionForm }),
      };
      let proof: PresenceProof;
      if (input.method === 'pin') {
        const card = await deps.cardSession();
        const signature = await card.signWithUserAuthKey(deps.central.presenceDigest(challenge.challenge, facts));
        proof = { kind: 'card-signature', challenge: challenge.challenge, signature };
      } else {
        proof = { kind: 'reader-attestation', challenge: challenge.challenge };
      }
      const outcome = await deps.central.confirmByCard({ ...facts, receptionId: input.receptionId, proof });
      // No answer in time to a request that was sent: it may have been processed.
      return !outcome.ok && outcome.code === 'CENTRAL_TIMEOUT' ? { ...outcome, mayHaveArrived: true } : outcome;
    }),
    recordCompletion: fromPromise<void, ReceptionCompletion>(({ input }) => deps.store.complete(input)),
    queueReception: fromPromise<void, ReceptionQueued>(({ input }) => deps.store.queue(input)),
  };
}
