import type { KioskScreen, KioskView, StaffReceptionView } from './contract/view-models';
import type { StateValue } from 'xstate';
import { pinUsable, type ReceptionContext } from './reception-context';

/** The parts of an actor snapshot the views read: its state value and context. */
export interface ViewSource {
  readonly context: ReceptionContext;
  readonly value: StateValue;
}

/** Whether a state value is in the state named by a dotted path ('active.authenticating.pin'). */
export function isInState(value: StateValue, path: string): boolean {
  let current: StateValue | undefined = value;
  for (const part of path.split('.')) {
    if (current === undefined) return false;
    if (typeof current === 'string') {
      if (current !== part) return false;
      current = undefined;
    } else {
      if (!(part in current)) return false;
      current = current[part];
    }
  }
  return true;
}

/** Most specific first: the first state the snapshot is in names the screen. */
const SCREENS: readonly (readonly [string, KioskScreen])[] = [
  ['idle', 'place-card'],
  ['active.reading', 'reading'],
  ['active.verifyingCertificate', 'reading'],
  ['active.authenticating.choosingMethod', 'method-choice'],
  ['active.authenticating.face.preparing', 'waiting-card-front'],
  ['active.authenticating.face.capturing', 'face-capture'],
  ['active.authenticating.face', 'face-checking'],
  ['active.authenticating.fallbackChoice', 'fallback-choice'],
  ['active.authenticating.pin.readingCardFace', 'reading'],
  ['active.authenticating.pin.entering', 'pin-entry'],
  ['active.authenticating.pin', 'pin-checking'],
  ['active.authenticating.staffCalled', 'staff-called'],
  ['active.visualCheck', 'visual-check'],
  ['active.consent', 'consent'],
  ['active.prescription', 'prescription-choice'],
  ['active.result', 'result'],
  ['active.outage', 'outage'],
  ['active.removeCard', 'remove-card'],
  ['active', 'querying'],
];

export function screenOf(source: ViewSource): KioskScreen {
  for (const [state, screen] of SCREENS) if (isInState(source.value, state)) return screen;
  return 'place-card';
}

/** What the patient's screen shows: codes and counts only (see contract/view-models.ts). */
export function kioskViewOf(source: ViewSource, revision: number, now?: Date): KioskView {
  const { context } = source;
  const screen = screenOf(source);
  const categories = context.settings.consentCategories;
  return {
    kioskId: context.settings.kioskId,
    screen,
    message: screen === 'place-card' ? 'place-card' : context.message,
    revision,
    ...(screen === 'method-choice' ? { methods: pinUsable(context) ? (['face', 'pin'] as const) : (['face'] as const) } : {}),
    ...(screen === 'fallback-choice' ? { methods: ['pin'] as const } : {}),
    ...(screen === 'face-capture' && context.challenge !== undefined ? { challenge: context.challenge } : {}),
    ...(screen === 'face-capture' && context.instruction !== undefined ? { instruction: context.instruction } : {}),
    ...(screen === 'pin-entry' && context.pinTriesLeft !== undefined
      ? { triesLeft: context.pinTriesLeft, lastTryWarning: context.pinTriesLeft <= 2 }
      : {}),
    ...(screen === 'consent' && context.consentIndex < categories.length
      ? { consent: { category: categories[context.consentIndex]!, position: context.consentIndex + 1, count: categories.length } }
      : {}),
    ...(screen === 'prescription-choice' ? { prescriptionForms: ['electronic', 'paper'] as const } : {}),
    ...(context.deadline !== undefined ? { countdown: countdownOf(context.deadline, context.warning, now) } : {}),
  };
}

function countdownOf(deadline: string, warning: boolean, now: Date | undefined): KioskView['countdown'] {
  if (now === undefined) return { deadline, warning };
  return { deadline, warning, remainingMs: Math.max(0, Date.parse(deadline) - now.getTime()) };
}

/** What the staff console shows of this kiosk: codes staff act on, never the answer's data. */
export function staffViewOf(source: ViewSource, revision: number): StaffReceptionView {
  const { context } = source;
  const screen = screenOf(source);
  return {
    kioskId: context.settings.kioskId,
    screen,
    revision,
    alerts: context.alerts,
    visualCheckAvailable: isInState(source.value, 'active.authenticating'),
    // The face path's card front, or 目視確認's read of the card photo.
    awaitsCollationNumber: isInState(source.value, 'active.authenticating.face.preparing') || isInState(source.value, 'active.visualCheck.findingPhoto'),
    ...(context.receptionId === undefined ? {} : { receptionId: context.receptionId }),
    ...(context.startedAt === undefined ? {} : { startedAt: context.startedAt }),
    ...(context.method === undefined ? {} : { method: context.method }),
    ...(screen === 'visual-check' && context.cardPhoto !== undefined ? { cardPhoto: context.cardPhoto } : {}),
    ...(context.resultCodes === undefined
      ? {}
      : { result: { ...context.resultCodes, ...(context.crossCheck === undefined ? {} : { crossCheck: context.crossCheck }) } }),
  };
}
