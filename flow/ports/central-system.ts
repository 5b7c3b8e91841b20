// The port through which the reception flow asks the central オンライン資格確認等システム. Types only;
// oqs/ implements it over mutual TLS (the terminal adds the facility's reader key for attestations).

/** How the patient was authenticated at the reader: 1 顔認証, 2 暗証番号, 3 目視確認 (AuthenticationMethod). */
export type AuthenticationMethod = 'face' | 'pin' | 'visual';

/** The consent screens' categories (reader-flow.md §4); 限度額 has no screen since 2024-10-07. */
export const CONSENT_CATEGORIES = ['pharmaceutical', 'specificHealthCheckups', 'diagnosis', 'operation'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

/** The patient's answer per category shown: true 同意, false 不同意; a category not shown is absent. */
export type ConsentAnswers = Readonly<Partial<Record<ConsentCategory, boolean>>>;

/** 処方箋形式 at facilities that issue 電子処方箋 (PrescriptionIssueSelect). */
export type PrescriptionForm = 'electronic' | 'paper';

/** Every way a call to the central system can fail, as a code the flow can act on. */
export type CentralFailureCode =
  /** Not reachable: connection refused or reset, TLS failure, the circuit is open after repeated failures. */
  | 'CENTRAL_UNAVAILABLE'
  /** No answer within the request's time limit. */
  | 'CENTRAL_TIMEOUT'
  /** The central system answered with its error envelope; `centralCode` holds its code. */
  | 'CENTRAL_REFUSED'
  /** The answer is not a message we can read (wrong type, bad XML, missing elements). */
  | 'CENTRAL_MALFORMED_ANSWER'
  /** The facility's own credentials were refused (client certificate, token): staff must act. */
  | 'CENTRAL_AUTH_FAILED';

export interface CentralFailure {
  readonly ok: false;
  readonly code: CentralFailureCode;
  /** The central system's ErrorCode when it sent one (e.g. PRESENCE_PROOF_INVALID, NO_CONSENT). */
  readonly centralCode?: string;
  /** True when the failure means the system is down (queue the reception and retry later). */
  readonly outage: boolean;
  /**
   * The card request may have reached the central system and been processed (no answer came back in
   * time). Sending it again could register it twice, so such a reception goes to staff, not the queue.
   */
  readonly mayHaveArrived?: boolean;
  /** For logs: never a person's data. */
  readonly detail: string;
}

/** A fresh single-use challenge of the central system for one proof of presence. */
export interface PresenceChallenge {
  readonly challenge: Uint8Array;
  readonly expiresAt: Date;
}

/** What a card request asserts: who (the certificate), how they were authenticated, what they agreed to. */
export interface CardConfirmationFacts {
  readonly certificateDer: Uint8Array;
  readonly method: AuthenticationMethod;
  readonly consents: ConsentAnswers;
  readonly prescriptionForm?: PrescriptionForm;
}

/**
 * How the person's presence is proven (the central system refuses a card request without it):
 * the card's signature over the statement for 暗証番号, or the reader's attestation, which the adapter
 * signs with the facility's reader key (never held by the flow) for 顔認証 and 目視.
 */
export type PresenceProof =
  | { readonly kind: 'card-signature'; readonly challenge: Uint8Array; readonly signature: Uint8Array }
  | { readonly kind: 'reader-attestation'; readonly challenge: Uint8Array };

export interface CardConfirmationRequest extends CardConfirmationFacts {
  /** The reception this request belongs to; the answer is bound to it. */
  readonly receptionId: string;
  readonly proof: PresenceProof;
}

/** One person in an answer, with only what the flow compares against the card face. */
export interface AnsweredPerson {
  /** ISO YYYY-MM-DD (Birthdate). */
  readonly birthDate: string;
  /** Sex1: 1 男, 2 女, 3 未設定. */
  readonly sexCode: string;
}

/**
 * The central system's answer, opaque to the flow except for what it decides on. `document` is the whole
 * answer for the terminal (face file, console); the flow only carries it and never shows it.
 */
export interface CardConfirmationAnswer {
  readonly ok: true;
  readonly receptionId: string;
  /** ProcessingResultStatus: 1 正常, 2 the card or its certificate was refused. */
  readonly processingResultStatus: string;
  /** ProcessingResultCode when status is not 1 (e.g. CARD_CERTIFICATE_INVALID [REVOKED]). */
  readonly processingResultCode?: string;
  /** QualificationValidity 1–6, absent when nothing was found for the card. */
  readonly qualificationValidity?: string;
  readonly people: readonly AnsweredPerson[];
  readonly document: CentralAnswerDocument;
}

/** The answer as the adapter parsed it; only the terminal looks inside (oqs QualificationResponse). */
export interface CentralAnswerDocument {
  readonly kind: 'qualification-response';
}

export type CardConfirmationOutcome = CardConfirmationAnswer | CentralFailure;

export interface CentralSystem {
  /** A fresh challenge for the next card request of this facility. */
  presenceChallenge(): Promise<PresenceChallenge | CentralFailure>;
  /** SHA-256 of the presence statement the card signs for 暗証番号 (the card's COMPUTE DIGITAL SIGNATURE input). */
  presenceDigest(challenge: Uint8Array, facts: CardConfirmationFacts): Uint8Array;
  /** 資格確認 by card with the consents; never throws (failures are returned). */
  confirmByCard(request: CardConfirmationRequest): Promise<CardConfirmationOutcome>;
}
