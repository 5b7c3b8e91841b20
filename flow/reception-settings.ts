import type { ConsentCategory } from './ports/central-system';

/**
 * Every time limit of a reception, in milliseconds. Waiting states time out with a warning
 * `warningBeforeMs` before; operations on a dependency (card, certificate, face, central, store) time out
 * so that no state can wait forever on something that died.
 */
export interface ReceptionTimeouts {
  readonly methodChoiceMs: number;
  readonly cardFrontMs: number;
  readonly faceCaptureMs: number;
  readonly pinEntryMs: number;
  readonly fallbackChoiceMs: number;
  readonly consentMs: number;
  readonly prescriptionMs: number;
  readonly staffWaitMs: number;
  readonly visualCheckMs: number;
  readonly resultDisplayMs: number;
  readonly removeCardReminderMs: number;
  readonly warningBeforeMs: number;
  readonly cardOperationMs: number;
  readonly certificateMs: number;
  readonly faceOperationMs: number;
  readonly centralMs: number;
  readonly storeMs: number;
}

/** What a facility and its kiosk decide about the reception (reader-flow.md §4). */
export interface ReceptionSettings {
  readonly kioskId: string;
  /** The consent screens shown, in order (閲覧同意の利用有無). Default: 薬剤 and 特定健診. */
  readonly consentCategories: readonly ConsentCategory[];
  /** Whether the facility issues 電子処方箋: then the patient chooses 電子 or 紙. */
  readonly issuesElectronicPrescriptions: boolean;
  /** Camera frames collected for one face attempt. */
  readonly framesPerFaceAttempt: number;
  readonly timeouts: ReceptionTimeouts;
}

export const DEFAULT_TIMEOUTS: ReceptionTimeouts = {
  methodChoiceMs: 60_000,
  cardFrontMs: 120_000,
  faceCaptureMs: 30_000,
  pinEntryMs: 60_000,
  fallbackChoiceMs: 60_000,
  consentMs: 60_000,
  prescriptionMs: 60_000,
  staffWaitMs: 600_000,
  visualCheckMs: 300_000,
  resultDisplayMs: 5_000,
  removeCardReminderMs: 30_000,
  warningBeforeMs: 15_000,
  cardOperationMs: 15_000,
  certificateMs: 15_000,
  faceOperationMs: 20_000,
  centralMs: 30_000,
  storeMs: 10_000,
};

export function defaultReceptionSettings(kioskId: string): ReceptionSettings {
  return {
    kioskId,
    consentCategories: ['pharmaceutical', 'specificHealthCheckups'],
    issuesElectronicPrescriptions: false,
    framesPerFaceAttempt: 6,
    timeouts: DEFAULT_TIMEOUTS,
  };
}
