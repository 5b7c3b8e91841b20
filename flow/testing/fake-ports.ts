// In-process fakes of the flow's ports, for unit tests of the machine only. Each records what it was
// asked and answers from a script the test sets.

import { SimulatedClock } from 'xstate';
import type { CardFaceFacts } from '../cross-check';
import type { CardFrontReading } from '../ports/card-front';
import type { CardFaceRecord, CardFailure, CardFailureCode, CardSession } from '../ports/card-session';
import type { CertVerification } from '../ports/cert-verifier';
import type { CardConfirmationOutcome, CardConfirmationRequest, CentralFailure } from '../ports/central-system';
import type { FaceDecision, FaceVerificationResult, LiveFrame } from '../ports/face-verifier';
import type { ReceptionCompletion, ReceptionQueued } from '../ports/reception-store';
import type { ReceptionDependencies } from '../reception-actors';

export const CLOCK_ORIGIN = Date.parse('2026-12-01T00:30:00.000Z');

export function cardFailure(code: CardFailureCode, triesLeft?: number): CardFailure {
  return { code, message: code, triesLeft, statusWord: undefined };
}

export class FakeCard implements CardSession {
  pin = '1234';
  pinTriesLeft = 3;
  collationTriesLeft = 10;
  identifyFailure: CardFailureCode | undefined;
  face: CardFaceFacts = { birthDate: '1980-02-17', sexCode: '1', signatureValid: true };
  readonly signed: Uint8Array[] = [];
  closed = false;

  async identify(): Promise<void> {
    if (this.identifyFailure) throw cardFailure(this.identifyFailure);
  }
  async readUserAuthCertificate(): Promise<Uint8Array> {
    return Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01);
  }
  async collationNumberBTriesLeft(): Promise<number> {
    return this.collationTriesLeft;
  }
  async readCardFace(collationNumberB: string): Promise<CardFaceRecord> {
    if (!/^\d{14}$/.test(collationNumberB)) throw cardFailure('INVALID_INPUT');
    const empty = new Uint8Array();
    return {
      birthDate: this.face.birthDate,
      sexCode: this.face.sexCode,
      expiryDate: '2035-02-17',
      facePhoto: Uint8Array.of(1, 2, 3),
      signature: this.face.signatureValid ? Uint8Array.of(1) : Uint8Array.of(0),
      signedParts: { birthDateSexKey: empty, nameAddressImages: empty, facePhoto: empty },
    };
  }
  async userAuthPinTriesLeft(): Promise<number> {
    return this.pinTriesLeft;
  }
  async verifyUserAuthPin(pin: string, options?: { allowLastTry?: boolean }): Promise<void> {
    if (this.pinTriesLeft === 0) throw cardFailure('PIN_LOCKED', 0);
    if (this.pinTriesLeft === 1 && options?.allowLastTry !== true) throw cardFailure('LAST_TRY_RESERVED', 1);
    if (pin !== this.pin) {
      this.pinTriesLeft -= 1;
      throw cardFailure(this.pinTriesLeft === 0 ? 'PIN_LOCKED' : 'WRONG_PIN', this.pinTriesLeft);
    }
    this.pinTriesLeft = 3;
  }
  async signWithUserAuthKey(digest: Uint8Array): Promise<Uint8Array> {
    this.signed.push(digest);
    return new Uint8Array(256).fill(7);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function faceResult(decision: FaceDecision): FaceVerificationResult {
  return {
    decision,
    distance: decision === 'match' ? 0.3 : 0.7,
    threshold: 0.48,
    framesReceived: 6,
    framesUsable: decision === 'no-usable-frame' ? 0 : 6,
    quality: decision === 'no-usable-frame' ? ['too-dark'] : [],
    instruction: decision === 'no-usable-frame' ? 'too-dark' : null,
    liveness: { challenge: 'blink', passed: decision !== 'liveness-failed', failures: [], scores: { eyeClosureRatio: null, turnAmount: null, motion: null, deformation: null, noseParallax: null } },
    nextChallenge: 'turn-left',
  };
}

export function personAnswer(receptionId: string, birthDate = '1980-02-17', sexCode = '1', validity = '1'): CardConfirmationOutcome {
  return {
    ok: true,
    receptionId,
    processingResultStatus: '1',
    qualificationValidity: validity,
    people: [{ birthDate, sexCode }],
    document: { kind: 'qualification-response' },
  };
}

export function outage(): CentralFailure {
  return { ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true, detail: 'connection refused' };
}

/** A whole set of fakes with a simulated clock; tests change the fields to script a patient. */
export class FakePorts {
  readonly clock = new SimulatedClock();
  readonly card = new FakeCard();
  cardFront: CardFrontReading = { ok: true, collationNumberB: '55021720352285' };
  certificate: CertVerification = { ok: true, issuerGeneration: '2026', serialNumberHex: '01', subjectId: 'id', revocationSource: 'crl' };
  cardPhotoUsable = true;
  faceDecisions: FaceDecision[] = [];
  readonly faceSessions = new Set<string>();
  readonly framesVerified: (readonly LiveFrame[])[] = [];
  /** The answer for a request; by default the fake card holder, valid. */
  answer: (request: CardConfirmationRequest) => CardConfirmationOutcome = (request) => personAnswer(request.receptionId);
  readonly requests: CardConfirmationRequest[] = [];
  readonly completions: ReceptionCompletion[] = [];
  readonly queued: ReceptionQueued[] = [];
  storeFails = false;
  /** The card photo each kiosk holds for staff now, with its reception; `photoDecodes` false fails every hold. */
  readonly heldPhotos = new Map<string, { readonly receptionId: string; readonly bytes: Uint8Array }>();
  photoDecodes = true;
  private sessionCount = 0;

  now(): Date {
    return new Date(CLOCK_ORIGIN + this.clock.now());
  }

  dependencies(): ReceptionDependencies {
    return {
      cardSession: async () => this.card,
      cardFront: { readCollationNumberB: async () => this.cardFront },
      cardFrontScanner: { readCollationNumberB: async () => this.cardFront },
      certificates: { verify: async () => this.certificate },
      cardFaces: { verifyCardFace: async (record) => record.signature[0] === 1 },
      face: {
        openSession: async () => {
          const sessionId = `face-${++this.sessionCount}`;
          this.faceSessions.add(sessionId);
          return { sessionId, cardUsable: this.cardPhotoUsable, challenge: 'blink' };
        },
        checkFrame: async () => ({ usable: true, quality: [] }),
        verify: async (_sessionId, frames) => {
          this.framesVerified.push(frames);
          return faceResult(this.faceDecisions.shift() ?? 'no-match');
        },
        closeSession: async (sessionId) => {
          this.faceSessions.delete(sessionId);
        },
        close: async () => {},
      },
      cardPhotos: {
        hold: async (key, bytes, signal) => {
          if (!this.photoDecodes) return { ok: false, code: 'PHOTO_UNDECODABLE' };
          if (signal?.aborted === true) return { ok: false, code: 'PHOTO_DROPPED' };
          this.heldPhotos.set(key.kioskId, { receptionId: key.receptionId, bytes });
          return { ok: true };
        },
        holds: async (key) => this.heldPhotos.get(key.kioskId)?.receptionId === key.receptionId,
        drop: (kioskId) => {
          this.heldPhotos.delete(kioskId);
        },
      },
      central: {
        presenceChallenge: async () => ({ challenge: new Uint8Array(32).fill(9), expiresAt: new Date(this.now().getTime() + 120_000) }),
        presenceDigest: () => new Uint8Array(32).fill(5),
        confirmByCard: async (request) => {
          this.requests.push(request);
          return this.answer(request);
        },
      },
      store: {
        begin: async () => {},
        complete: async (completion) => {
          if (this.storeFails) throw Object.assign(new Error('disk full'), { code: 'STORE_WRITE_FAILED' });
          this.completions.push(completion);
        },
        queue: async (queued) => {
          if (this.storeFails) throw Object.assign(new Error('disk full'), { code: 'STORE_WRITE_FAILED' });
          this.queued.push(queued);
        },
        handOver: async () => {},
        abandon: async () => {},
      },
      clock: { now: () => this.now() },
    };
  }
}

/** A small grey frame, as the kiosk would send it. */
export function grayFrame(capturedAtMs: number): LiveFrame {
  return { width: 4, height: 4, format: 'gray', data: new Uint8Array(16).fill(128), capturedAtMs };
}
