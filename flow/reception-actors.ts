import { fromPromise } from 'xstate';
import type { CardPhotoMissingCode } from './contract/view-models';
import type { CardFaceFacts } from './cross-check';
import type { CardFront, CardFrontFailureCode } from './ports/card-front';
import type { CardPhotoKey, CardPhotoShelf } from './ports/card-photo-shelf';
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
  /** Where the card photo goes for staff's 目視確認 (in memory, for this reception only). */
  readonly cardPhotos: CardPhotoShelf;
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

/** Whether staff can see the card photo in 目視確認, or why not. */
export type CardPhotoFinding = { readonly ok: true } | { readonly ok: false; readonly code: CardPhotoMissingCode };

/** A card face read with 照合番号B, or why it was not. */
type CardFaceReading =
  | { readonly kind: 'read'; readonly cardFace: CardFaceFacts; readonly photo: Uint8Array }
  | { readonly kind: 'collation-last-try' }
  | { readonly kind: 'card-front-failed'; readonly code: CardFrontFailureCode };

/** Why a card-face read for 目視確認 failed, from the card's code. */
function cardPhotoMissingOf(error: unknown): CardPhotoMissingCode {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'WRONG_PIN') return 'COLLATION_NUMBER_WRONG';
  if (code === 'PIN_LOCKED' || code === 'LAST_TRY_RESERVED') return 'COLLATION_LAST_TRY';
  return 'CARD_ERROR';
}

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
  /**
   * Card-face reads go to the card one after another: a read the flow gave up on (the face path left
   * for 目視確認) finishes its APDUs before the next read sends its own.
   */
  let cardFaceWork: Promise<unknown> = Promise.resolve();
  const oneCardFaceRead = <T>(work: () => Promise<T>): Promise<T> => {
    const run = cardFaceWork.then(work, work);
    cardFaceWork = run.catch(() => undefined);
    return run;
  };

  /** Reads the card face when 照合番号B can be had without risking the last try; stops when the flow gives up. */
  async function readCardFace(card: CardSession, cardFront: CardFront, signal: AbortSignal): Promise<CardFaceReading> {
    const triesLeft = await oneCardFaceRead(() => card.collationNumberBTriesLeft());
    if (triesLeft <= 1) return { kind: 'collation-last-try' };
    const reading = await cardFront.readCollationNumberB(signal);
    if (!reading.ok) return { kind: 'card-front-failed', code: reading.code };
    const record = await oneCardFaceRead(() => {
      // A flow that moved on must not spend a 照合番号B try on a card it no longer reads.
      abortIfGone(signal);
      return card.readCardFace(reading.collationNumberB);
    });
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
    prepareFace: fromPromise<FacePreparation, CardPhotoKey>(async ({ input, signal }) => {
      const card = await deps.cardSession();
      const read = await readCardFace(card, deps.cardFront, signal);
      if (read.kind !== 'read') return read;
      abortIfGone(signal);
      // A copy for staff, should they take over with 目視確認 in this reception: the patient is not asked
      // for the card front again. Only a photo the card signed; dropped when authentication ends.
      if (read.cardFace.signatureValid) void deps.cardPhotos.hold(input, read.photo).catch(() => undefined);
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
    /**
     * 目視確認: the photo of the card in the reader for staff, from the copy the face path kept or read now
     * with 照合番号B from the kiosk's card front. Never rejects for the card: staff decide without a photo.
     */
    findCardPhoto: fromPromise<CardPhotoFinding, CardPhotoKey>(async ({ input, signal }) => {
      const missing = (code: CardPhotoMissingCode): CardPhotoFinding => ({ ok: false, code });
      if (await deps.cardPhotos.holds(input)) return { ok: true };
      abortIfGone(signal);
      try {
        const read = await readCardFace(await deps.cardSession(), deps.cardFront, signal);
        if (read.kind === 'collation-last-try') return missing('COLLATION_LAST_TRY');
        if (read.kind === 'card-front-failed') return missing(read.code === 'CANCELLED' ? 'CARD_FRONT_NOT_GIVEN' : 'CARD_FRONT_UNREADABLE');
        // A card face whose signature does not verify may carry someone else's photo: staff are not shown it.
        if (!read.cardFace.signatureValid) return missing('CARD_FACE_SIGNATURE_INVALID');
        abortIfGone(signal);
        const held = await deps.cardPhotos.hold(input, read.photo, signal);
        return held.ok ? { ok: true } : missing(held.code);
      } catch (error) {
        abortIfGone(signal);
        return missing(cardPhotoMissingOf(error));
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
