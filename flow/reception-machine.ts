import { assign, emit, setup } from 'xstate';
import type { FlowEvent } from './contract/events';
import type { AlertCode, CardPhotoState, MessageId } from './contract/view-models';
import { judgeAnswer } from './cross-check';
import { afterFaceAttempt, stepWithoutFace } from './face-attempts';
import type { CardFailureCode } from './ports/card-session';
import type { CardConfirmationAnswer } from './ports/central-system';
import type { ReceptionEnding } from './ports/reception-store';
import { receptionActors, type ReceptionDependencies } from './reception-actors';
import { initialContext, pinUsable, type ReceptionContext, type ReceptionEmitted } from './reception-context';
import type { ReceptionSettings, ReceptionTimeouts } from './reception-settings';

/** The waiting screens: each has a timeout and, before it, a warning. */
const WAITS = {
  methodChoice: 'methodChoiceMs',
  cardFront: 'cardFrontMs',
  faceCapture: 'faceCaptureMs',
  pinEntry: 'pinEntryMs',
  fallbackChoice: 'fallbackChoiceMs',
  consent: 'consentMs',
  prescription: 'prescriptionMs',
  staffWait: 'staffWaitMs',
  visualCheck: 'visualCheckMs',
} as const satisfies Record<string, keyof ReceptionTimeouts>;

type Wait = keyof typeof WAITS;

/** Dependency operations: each bounded, so a dead card, engine or server cannot hold a state. */
const OPERATIONS = {
  cardOperation: 'cardOperationMs',
  certificate: 'certificateMs',
  faceOperation: 'faceOperationMs',
  central: 'centralMs',
  store: 'storeMs',
  resultDisplay: 'resultDisplayMs',
  removeCardReminder: 'removeCardReminderMs',
} as const satisfies Record<string, keyof ReceptionTimeouts>;

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : 'UNKNOWN';
}

/** A failure of the face engine (a FaceErrorCode is lower-case), not of the card. */
function isFaceEngineFailure(error: unknown): boolean {
  return /^[a-z-]+$/.test(errorCode(error));
}

function triesLeftOf(error: unknown): number | undefined {
  const tries = typeof error === 'object' && error !== null ? (error as { triesLeft?: unknown }).triesLeft : undefined;
  return typeof tries === 'number' ? tries : undefined;
}

const GUIDANCE_BY_CARD_FAILURE: Partial<Record<CardFailureCode, MessageId>> = {
  NOT_MY_NUMBER_CARD: 'guidance-not-my-number-card',
  CARD_UNRESPONSIVE: 'guidance-card-unreadable',
  MALFORMED_RESPONSE: 'guidance-card-unreadable',
  UNEXPECTED_STATUS: 'guidance-card-unreadable',
  TRANSPORT_FAILED: 'guidance-card-unreadable',
  TIMEOUT: 'guidance-card-unreadable',
};


/**
 * The reception state machine of one kiosk: the one place that decides what happens next. Pure: every
 * effect goes through the ports in `deps`, time through the actor's clock and `deps.clock`.
 */
export function createReceptionMachine(deps: ReceptionDependencies, settings: ReceptionSettings) {
  const now = (): string => deps.clock.now().toISOString();
  const timeouts = settings.timeouts;
  const delays: Record<string, number> = {};
  for (const [name, key] of Object.entries(WAITS)) {
    delays[`${name}Timeout`] = timeouts[key];
    delays[`${name}Warning`] = Math.max(0, timeouts[key] - timeouts.warningBeforeMs);
  }
  for (const [name, key] of Object.entries(OPERATIONS)) delays[`${name}Timeout`] = timeouts[key];

  /** Leaves for 「カードをお取りください」 with the message to show and how the reception ended. */
  const toRemoveCard = (message: MessageId, kind: ReceptionEnding, code: string) => ({
    target: '#reception.active.removeCard',
    actions: [{ type: 'setEnding', params: { message, kind, code } }] as const,
  });
  const toStaff = (alert: AlertCode) => ({
    target: '#reception.active.authenticating.staffCalled',
    actions: [{ type: 'addAlert', params: { alert } }] as const,
  });
  /** After authentication, staff take over at the counter; the patient is shown nothing of the answer. */
  const handOverAfterAuthentication = (alert: AlertCode) => ({
    target: '#reception.active.removeCard',
    actions: [
      { type: 'addAlert', params: { alert } },
      { type: 'setEnding', params: { message: 'guidance-see-staff', kind: 'handed-to-staff', code: alert } },
      { type: 'dropAnswer' },
      { type: 'emitStaffCalled', params: { alert } },
    ] as const,
  });
  const countdown = (wait: Wait) => ({ type: 'startCountdown', params: { ms: timeouts[WAITS[wait]] } }) as const;
  const waitTransitions = <T,>(wait: Wait, onTimeout: T) => ({
    [`${wait}Warning`]: { actions: 'warn' as const },
    [`${wait}Timeout`]: onTimeout,
  });
  const timedOut = toRemoveCard('guidance-timeout', 'abandoned', 'TIMEOUT');

  const actors = receptionActors(deps);

  return setup({
    types: {
      context: {} as ReceptionContext,
      events: {} as FlowEvent,
      emitted: {} as ReceptionEmitted,
    },
    actors,
    actions: {
      startCountdown: assign((_, params: { ms: number }) => ({
        deadline: new Date(deps.clock.now().getTime() + params.ms).toISOString(),
        warning: false,
      })),
      stopCountdown: assign({ deadline: undefined, warning: false }),
      warn: assign({ warning: true }),
      setMessage: assign((_, params: { message: MessageId }) => ({ message: params.message })),
      setEnding: assign((_, params: { message: MessageId; kind: ReceptionEnding; code: string }) => ({
        message: params.message,
        ending: { kind: params.kind, code: params.code },
      })),
      addAlert: assign(({ context }, params: { alert: AlertCode }) => ({
        alerts: context.alerts.includes(params.alert) ? context.alerts : [...context.alerts, params.alert],
      })),
      dropAnswer: assign({ answer: undefined }),
      // The card photo held for staff goes once no one may look at it any more (the flow's privacy rule).
      dropCardPhoto: () => deps.cardPhotos.drop(settings.kioskId),
      emitStaffCalled: emit(({ context }, params: { alert: AlertCode }) => ({
        type: 'reception.staffCalled' as const,
        receptionId: context.receptionId ?? '',
        alert: params.alert,
        method: context.method,
        at: now(),
      })),
    },
    delays,
  }).createMachine({
    id: 'reception',
    context: initialContext(settings),
    initial: 'idle',
    states: {
      idle: {
        // Nothing of the last patient survives: only the settings are kept.
        entry: [assign(() => initialContext(settings)), 'dropCardPhoto'],
        on: {
          'card.inserted': {
            target: 'active',
            actions: [
              assign({ receptionId: ({ event }) => event.receptionId, startedAt: () => now(), message: 'reading' as MessageId }),
              emit(({ event }) => ({ type: 'reception.started' as const, receptionId: event.receptionId, at: now() })),
            ],
          },
        },
      },
      active: {
        on: {
          // Pulling the card ends everything of this patient, in any state: invoked work is stopped.
          'card.removed': {
            target: 'idle',
            actions: emit(({ context }) => ({
              type: 'reception.ended' as const,
              receptionId: context.receptionId ?? '',
              ending: context.ending ?? { kind: 'abandoned', code: 'CARD_REMOVED' },
              method: context.method,
              at: now(),
            })),
          },
          'staff.reception.cancelled': toRemoveCard('guidance-cancelled', 'abandoned', 'STAFF_CANCELLED'),
        },
        initial: 'reading',
        states: {
          reading: {
            invoke: {
              id: 'readCard',
              src: 'readCard',
              onDone: {
                target: 'verifyingCertificate',
                actions: assign({ certificateDer: ({ event }) => event.output.certificateDer, pinTriesLeft: ({ event }) => event.output.pinTriesLeft }),
              },
              onError: [
                ...Object.entries(GUIDANCE_BY_CARD_FAILURE).map(([code, message]) => ({
                  guard: ({ event }: { event: { error: unknown } }) => errorCode(event.error) === code,
                  ...toRemoveCard(message, 'abandoned', code),
                })),
                toRemoveCard('guidance-card-unreadable', 'abandoned', 'CARD_ERROR'),
              ],
            },
            after: { cardOperationTimeout: toRemoveCard('guidance-card-unreadable', 'abandoned', 'DEPENDENCY_TIMEOUT') },
          },
          verifyingCertificate: {
            invoke: {
              id: 'verifyCertificate',
              src: 'verifyCertificate',
              input: ({ context }) => ({ certificateDer: context.certificateDer ?? new Uint8Array() }),
              onDone: [
                { guard: ({ event }) => event.output.ok, target: 'authenticating' },
                {
                  guard: ({ event }) => !event.output.ok && ['REVOCATION_UNAVAILABLE', 'REVOCATION_UNKNOWN'].includes(event.output.code),
                  ...toRemoveCard('guidance-see-staff', 'handed-to-staff', 'REVOCATION_UNAVAILABLE'),
                },
                toRemoveCard('guidance-certificate-invalid', 'abandoned', 'CERTIFICATE_INVALID'),
              ],
              onError: toRemoveCard('guidance-see-staff', 'handed-to-staff', 'CERTIFICATE_CHECK_FAILED'),
            },
            after: { certificateTimeout: toRemoveCard('guidance-see-staff', 'handed-to-staff', 'DEPENDENCY_TIMEOUT') },
          },
          authenticating: {
            on: {
              'staff.visualCheck.started': { target: 'visualCheck' },
              'staff.requested': toStaff('PATIENT_ASKED_STAFF'),
              'reception.cancelled': toRemoveCard('guidance-cancelled', 'abandoned', 'CANCELLED'),
            },
            initial: 'choosingMethod',
            states: {
              choosingMethod: {
                // A card without a usable PIN (顔認証マイナンバーカード, locked, one try left) goes straight to the face.
                always: { guard: ({ context }) => !pinUsable(context), target: 'face' },
                entry: [countdown('methodChoice'), assign({ message: 'choose-method' as MessageId })],
                exit: 'stopCountdown',
                on: {
                  'method.chosen': [
                    { guard: ({ event }) => event.method === 'face', target: 'face' },
                    { guard: ({ context }) => pinUsable(context), target: 'pin' },
                  ],
                },
                after: waitTransitions('methodChoice', timedOut),
              },
              face: {
                entry: assign({ method: 'face' as const }),
                exit: [
                  // The card template is dropped whatever ends the face path.
                  ({ context }) => {
                    if (context.faceSessionId !== undefined) void deps.face.closeSession(context.faceSessionId).catch(() => undefined);
                  },
                  assign({ faceSessionId: undefined, frames: [], instruction: undefined }),
                ],
                initial: 'preparing',
                states: {
                  preparing: {
                    entry: [countdown('cardFront'), assign({ message: 'waiting-card-front' as MessageId })],
                    exit: 'stopCountdown',
                    invoke: {
                      id: 'prepareFace',
                      src: 'prepareFace',
                      input: ({ context }) => ({ kioskId: settings.kioskId, receptionId: context.receptionId ?? '' }),
                      onDone: [
                        {
                          guard: ({ event }) => event.output.kind === 'ready',
                          target: 'capturing',
                          actions: assign(({ event }) =>
                            event.output.kind === 'ready'
                              ? { faceSessionId: event.output.sessionId, challenge: event.output.challenge, cardFace: event.output.cardFace }
                              : {},
                          ),
                        },
                        { guard: ({ event }) => event.output.kind === 'collation-last-try', ...toStaff('COLLATION_LAST_TRY') },
                        {
                          // No usable card photo, or no card front to open it: the PIN where the card has one.
                          guard: ({ event, context }) =>
                            (event.output.kind === 'card-photo-unusable' || event.output.kind === 'card-front-failed') &&
                            stepWithoutFace(pinUsable(context)) === 'offer-pin-or-staff',
                          target: '#reception.active.authenticating.fallbackChoice',
                          actions: assign(({ event }) => (event.output.kind === 'card-photo-unusable' ? { cardFace: event.output.cardFace } : {})),
                        },
                        toStaff('FACE_UNAVAILABLE'),
                      ],
                      onError: [
                        { guard: ({ event }) => isFaceEngineFailure(event.error), ...toStaff('FACE_UNAVAILABLE') },
                        toStaff('CARD_ERROR'),
                      ],
                    },
                    after: waitTransitions('cardFront', toStaff('DEPENDENCY_TIMEOUT')),
                  },
                  capturing: {
                    entry: [
                      countdown('faceCapture'),
                      assign({ message: ({ context }) => (context.faceAttempts.attempts > 0 ? 'face-retry' : 'face-look-at-camera') as MessageId, frames: [] }),
                    ],
                    exit: 'stopCountdown',
                    always: { guard: ({ context }) => context.frames.length >= settings.framesPerFaceAttempt, target: 'verifying' },
                    on: {
                      'face.frame': { actions: assign({ frames: ({ context, event }) => [...context.frames, event.frame] }) },
                    },
                    // A patient who shows no usable face in time has made a failed attempt.
                    after: waitTransitions('faceCapture', {
                      target: 'judgingAttempt',
                      actions: assign({
                        frames: [],
                        faceAttempts: ({ context }) => afterFaceAttempt(context.faceAttempts, 'no-usable-frame', pinUsable(context)).attempts,
                      }),
                    }),
                  },
                  verifying: {
                    entry: assign({ message: 'face-checking' as MessageId }),
                    invoke: {
                      id: 'verifyFace',
                      src: 'verifyFace',
                      input: ({ context }) => ({ sessionId: context.faceSessionId ?? '', frames: context.frames }),
                      onDone: [
                        {
                          guard: ({ event }) => event.output.decision === 'match',
                          target: '#reception.active.consent',
                          actions: assign({ frames: [], faceAttempts: ({ context }) => afterFaceAttempt(context.faceAttempts, 'match', pinUsable(context)).attempts }),
                        },
                        {
                          target: 'judgingAttempt',
                          actions: assign({
                            frames: [],
                            challenge: ({ event }) => event.output.nextChallenge,
                            instruction: ({ event }) => event.output.instruction ?? undefined,
                            faceAttempts: ({ context, event }) => afterFaceAttempt(context.faceAttempts, event.output.decision, pinUsable(context)).attempts,
                          }),
                        },
                      ],
                      onError: toStaff('FACE_UNAVAILABLE'),
                    },
                    after: { faceOperationTimeout: toStaff('DEPENDENCY_TIMEOUT') },
                  },
                  /** After a failed attempt (counted already): again, the PIN, or staff — the rule of face-attempts.ts. */
                  judgingAttempt: {
                    always: [
                      { guard: ({ context }) => context.faceAttempts.consecutiveFailures < 3, target: 'capturing', actions: assign({ message: 'face-retry' as MessageId }) },
                      { guard: ({ context }) => pinUsable(context), target: '#reception.active.authenticating.fallbackChoice' },
                      toStaff('FACE_FAILED'),
                    ],
                  },
                },
              },
              fallbackChoice: {
                entry: [countdown('fallbackChoice'), assign({ message: 'choose-fallback' as MessageId })],
                exit: 'stopCountdown',
                on: {
                  'fallback.chosen': [{ guard: ({ event }) => event.choice === 'pin', target: 'pin' }, toStaff('PATIENT_ASKED_STAFF')],
                },
                after: waitTransitions('fallbackChoice', timedOut),
              },
              pin: {
                entry: assign({ method: 'pin' as const }),
                initial: 'readingCardFace',
                states: {
                  entering: {
                    entry: [countdown('pinEntry'), assign({ message: ({ context }) => (context.message === 'pin-wrong' ? 'pin-wrong' : 'pin-enter') as MessageId })],
                    exit: 'stopCountdown',
                    on: { 'pin.entered': { target: 'verifying' } },
                    after: waitTransitions('pinEntry', timedOut),
                  },
                  verifying: {
                    entry: assign({ message: 'pin-checking' as MessageId }),
                    invoke: {
                      id: 'verifyPin',
                      src: 'verifyPin',
                      // The PIN goes from the event to the card and is never assigned to the context.
                      input: ({ event }) => ({ pin: event.type === 'pin.entered' ? event.pin : '' }),
                      onDone: { target: '#reception.active.consent' },
                      onError: [
                        {
                          guard: ({ event }) => errorCode(event.error) === 'WRONG_PIN' && (triesLeftOf(event.error) ?? 0) >= 2,
                          target: 'entering',
                          actions: assign({ pinTriesLeft: ({ event }) => triesLeftOf(event.error), message: 'pin-wrong' as MessageId }),
                        },
                        {
                          guard: ({ event }) => ['WRONG_PIN', 'LAST_TRY_RESERVED'].includes(errorCode(event.error)),
                          ...toStaff('PIN_LAST_TRY'),
                        },
                        { guard: ({ event }) => errorCode(event.error) === 'PIN_LOCKED', ...toStaff('PIN_LOCKED') },
                        toStaff('CARD_ERROR'),
                      ],
                    },
                    after: { cardOperationTimeout: toStaff('DEPENDENCY_TIMEOUT') },
                  },
                  // Read before the VERIFY: selecting the 券面事項確認AP afterwards would log the PIN out
                  // before the card signs the central system's challenge.
                  readingCardFace: {
                    entry: assign({ message: 'reading' as MessageId }),
                    invoke: {
                      id: 'readCardFaceForCheck',
                      src: 'readCardFaceForCheck',
                      onDone: { target: 'entering', actions: assign({ cardFace: ({ event }) => event.output }) },
                      onError: { target: 'entering' },
                    },
                    after: { cardOperationTimeout: { target: 'entering' } },
                  },
                },
              },
              staffCalled: {
                entry: [
                  countdown('staffWait'),
                  assign({ message: 'staff-called' as MessageId }),
                  emit(({ context }) => ({
                    type: 'reception.staffCalled' as const,
                    receptionId: context.receptionId ?? '',
                    alert: context.alerts[context.alerts.length - 1] ?? 'PATIENT_ASKED_STAFF',
                    method: context.method,
                    at: now(),
                  })),
                ],
                exit: 'stopCountdown',
                after: waitTransitions('staffWait', timedOut),
              },
            },
          },
          visualCheck: {
            entry: [countdown('visualCheck'), assign({ message: 'visual-check' as MessageId, method: 'visual' as const })],
            // Whatever staff decide, or if the patient goes: the photo is no longer shown.
            exit: ['stopCountdown', 'dropCardPhoto', assign({ cardPhoto: undefined })],
            initial: 'findingPhoto',
            states: {
              // Staff may decide at any time; the photo comes beside the decision when it can be had.
              findingPhoto: {
                entry: assign({ cardPhoto: { status: 'reading' } as CardPhotoState }),
                invoke: {
                  id: 'findCardPhoto',
                  src: 'findCardPhoto',
                  input: ({ context }) => ({ kioskId: settings.kioskId, receptionId: context.receptionId ?? '' }),
                  onDone: [
                    { guard: ({ event }) => event.output.ok, target: 'photoShown', actions: assign({ cardPhoto: { status: 'shown' } as CardPhotoState }) },
                    {
                      target: 'noPhoto',
                      actions: assign({
                        cardPhoto: ({ event }) => ({ status: 'missing', reason: event.output.ok ? 'CARD_ERROR' : event.output.code }) as CardPhotoState,
                      }),
                    },
                  ],
                  onError: { target: 'noPhoto', actions: assign({ cardPhoto: { status: 'missing', reason: 'CARD_ERROR' } as CardPhotoState }) },
                },
                // The wait for the card front (staff typing 照合番号B) and the read, bounded like the face path's.
                after: { cardFrontTimeout: { target: 'noPhoto', actions: assign({ cardPhoto: { status: 'missing', reason: 'TIMEOUT' } as CardPhotoState }) } },
              },
              photoShown: {},
              noPhoto: {},
            },
            on: {
              'staff.visualCheck.approved': {
                target: 'consent',
                actions: emit(({ context, event }) => ({
                  type: 'visualCheck.decided' as const,
                  receptionId: context.receptionId ?? '',
                  staffId: event.staffId,
                  approved: true,
                  at: now(),
                })),
              },
              'staff.visualCheck.rejected': {
                ...toRemoveCard('guidance-staff-rejected', 'handed-to-staff', 'VISUAL_CHECK_REJECTED'),
                actions: [
                  assign({ message: 'guidance-staff-rejected' as MessageId, ending: { kind: 'handed-to-staff' as ReceptionEnding, code: 'VISUAL_CHECK_REJECTED' } }),
                  emit(({ context, event }) => ({
                    type: 'visualCheck.decided' as const,
                    receptionId: context.receptionId ?? '',
                    staffId: event.staffId,
                    approved: false,
                    at: now(),
                  })),
                ],
              },
              'reception.cancelled': toRemoveCard('guidance-cancelled', 'abandoned', 'CANCELLED'),
            },
            after: waitTransitions('visualCheck', toStaff('DEPENDENCY_TIMEOUT')),
          },
          consent: {
            always: { guard: ({ context }) => context.consentIndex >= settings.consentCategories.length, target: 'prescription' },
            // Authenticated: a copy of the card photo the face path kept is not needed any more.
            entry: [countdown('consent'), assign({ message: 'consent-question' as MessageId }), 'dropCardPhoto'],
            exit: 'stopCountdown',
            on: {
              'consent.answered': {
                guard: ({ context, event }) => settings.consentCategories[context.consentIndex] === event.category,
                target: 'consent',
                reenter: true,
                actions: assign({
                  consents: ({ context, event }) => ({ ...context.consents, [event.category]: event.agreed }),
                  consentIndex: ({ context }) => context.consentIndex + 1,
                }),
              },
              'staff.requested': toStaff('PATIENT_ASKED_STAFF'),
              'consent.all': {
                target: 'prescription',
                actions: assign({
                  consents: () => Object.fromEntries(settings.consentCategories.map((category) => [category, true])),
                  consentIndex: settings.consentCategories.length,
                }),
              },
              'reception.cancelled': toRemoveCard('guidance-cancelled', 'abandoned', 'CANCELLED'),
            },
            after: waitTransitions('consent', timedOut),
          },
          prescription: {
            always: { guard: () => !settings.issuesElectronicPrescriptions, target: 'querying' },
            entry: [countdown('prescription'), assign({ message: 'prescription-question' as MessageId })],
            exit: 'stopCountdown',
            on: {
              'prescription.chosen': { target: 'querying', actions: assign({ prescriptionForm: ({ event }) => event.form }) },
              'staff.requested': toStaff('PATIENT_ASKED_STAFF'),
              'reception.cancelled': toRemoveCard('guidance-cancelled', 'abandoned', 'CANCELLED'),
            },
            after: waitTransitions('prescription', timedOut),
          },
          querying: {
            entry: assign({ message: 'querying' as MessageId }),
            invoke: {
              id: 'queryCentral',
              src: 'queryCentral',
              input: ({ context }) => ({
                receptionId: context.receptionId ?? '',
                certificateDer: context.certificateDer ?? new Uint8Array(),
                method: context.method ?? 'visual',
                consents: context.consents,
                ...(context.prescriptionForm === undefined ? {} : { prescriptionForm: context.prescriptionForm }),
              }),
              onDone: [
                {
                  // An answer for another reception is never taken (reader-flow.md §8, rule 1).
                  guard: ({ context, event }) => event.output.ok && event.output.receptionId === context.receptionId,
                  target: 'judging',
                  actions: assign({ answer: ({ event }) => (event.output.ok ? event.output : undefined) }),
                },
                // Sending again what may have been processed could register it twice: staff check instead.
                { guard: ({ event }) => !event.output.ok && event.output.mayHaveArrived === true, ...handOverAfterAuthentication('CENTRAL_NO_ANSWER') },
                { guard: ({ event }) => !event.output.ok && event.output.outage, target: 'queueing' },
                handOverAfterAuthentication('CENTRAL_REFUSED'),
              ],
              onError: handOverAfterAuthentication('CARD_ERROR'),
            },
            // The request is in flight and may be processed: not queued to be sent again.
            after: { centralTimeout: handOverAfterAuthentication('CENTRAL_NO_ANSWER') },
          },
          judging: {
            always: [
              ...(['IDENTITY_MISMATCH', 'MULTIPLE_PERSONS', 'CENTRAL_REFUSED'] as const).map((alert) => ({
                guard: ({ context }: { context: ReceptionContext }) => {
                  const judgement = judgeAnswer(context.answer as CardConfirmationAnswer, context.cardFace);
                  return judgement.kind === 'staff' && judgement.alert === alert;
                },
                ...handOverAfterAuthentication(alert),
              })),
              {
                guard: ({ context }) => judgeAnswer(context.answer as CardConfirmationAnswer, context.cardFace).kind === 'guidance',
                target: 'removeCard',
                actions: assign(({ context }) => {
                  const judgement = judgeAnswer(context.answer as CardConfirmationAnswer, context.cardFace);
                  const message = judgement.kind === 'guidance' ? judgement.message : ('guidance-see-staff' as MessageId);
                  // The central system's own code (CARD_CERTIFICATE_NOT_LINKED, CARD_CERTIFICATE_INVALID [REVOKED]) names the ending.
                  const code = (context.answer?.processingResultCode ?? 'CARD_REFUSED').split(' ')[0]!.replace(/[^A-Z0-9_]/g, '') || 'CARD_REFUSED';
                  return { message, answer: undefined, ending: { kind: 'abandoned' as ReceptionEnding, code } };
                }),
              },
              {
                target: 'recording',
                actions: assign(({ context }) => {
                  const judgement = judgeAnswer(context.answer as CardConfirmationAnswer, context.cardFace);
                  return judgement.kind === 'accept'
                    ? {
                        crossCheck: judgement.crossCheck,
                        message: judgement.message,
                        alerts: [...context.alerts, ...judgement.alerts],
                        resultCodes: {
                          processingResultStatus: context.answer?.processingResultStatus ?? '',
                          ...(context.answer?.qualificationValidity === undefined ? {} : { qualificationValidity: context.answer.qualificationValidity }),
                        },
                      }
                    : {};
                }),
              },
            ],
          },
          recording: {
            invoke: {
              id: 'recordCompletion',
              src: 'recordCompletion',
              input: ({ context }) => ({
                receptionId: context.receptionId ?? '',
                kioskId: settings.kioskId,
                endedAt: deps.clock.now(),
                method: context.method ?? 'visual',
                consents: context.consents,
                crossCheck: context.crossCheck ?? 'not-cross-checked',
                answer: context.answer as CardConfirmationAnswer,
                prescriptionForm: context.prescriptionForm,
              }),
              onDone: { target: 'result', actions: assign({ ending: { kind: 'completed' as ReceptionEnding, code: 'COMPLETED' } }) },
              onError: handOverAfterAuthentication('STORE_FAILED'),
            },
            on: { 'staff.reception.cancelled': {} },
            after: { storeTimeout: handOverAfterAuthentication('STORE_FAILED') },
          },
          queueing: {
            entry: assign({ alerts: ({ context }) => [...context.alerts, 'CENTRAL_OUTAGE' as AlertCode] }),
            invoke: {
              id: 'queueReception',
              src: 'queueReception',
              input: ({ context }) => ({
                receptionId: context.receptionId ?? '',
                kioskId: settings.kioskId,
                queuedAt: deps.clock.now(),
                facts: {
                  certificateDer: context.certificateDer ?? new Uint8Array(),
                  method: context.method ?? 'visual',
                  consents: context.consents,
                  ...(context.prescriptionForm === undefined ? {} : { prescriptionForm: context.prescriptionForm }),
                },
                ...(context.cardFace?.signatureValid === true ? { cardFace: { birthDate: context.cardFace.birthDate, sexCode: context.cardFace.sexCode } } : {}),
              }),
              onDone: { target: 'outage', actions: assign({ ending: { kind: 'queued' as ReceptionEnding, code: 'CENTRAL_OUTAGE' } }) },
              onError: handOverAfterAuthentication('STORE_FAILED'),
            },
            on: { 'staff.reception.cancelled': {} },
            after: { storeTimeout: handOverAfterAuthentication('STORE_FAILED') },
          },
          result: {
            // Done and recorded: a staff cancel now would rewrite a completed reception.
            on: { 'staff.reception.cancelled': {} },
            after: { resultDisplayTimeout: { target: 'removeCard' } },
          },
          outage: {
            entry: assign({ message: 'outage-guidance' as MessageId }),
            on: { 'staff.reception.cancelled': {} },
            after: { resultDisplayTimeout: { target: 'removeCard' } },
          },
          removeCard: {
            // The answer is no longer needed on any screen: the terminal has recorded it.
            entry: [assign({ answer: undefined, frames: [] }), 'dropCardPhoto'],
            on: { 'staff.reception.cancelled': {} },
            after: {
              removeCardReminderTimeout: {
                target: 'removeCard',
                reenter: true,
                actions: assign({ alerts: ({ context }) => (context.alerts.includes('NOT_REMOVED') ? context.alerts : [...context.alerts, 'NOT_REMOVED']) }),
              },
            },
          },
        },
      },
    },
  });
}

export type ReceptionMachine = ReturnType<typeof createReceptionMachine>;
