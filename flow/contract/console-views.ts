// What the staff console receives from the terminal: the live list. Types only; codes, times and
// account ids — a patient's data reaches the console only through the audited detail routes.

import type { AuthenticationMethod } from '../ports/central-system';
import type { StaffReceptionView } from './view-models';

export interface ConsoleAlert {
  readonly id: number;
  readonly kioskId: string;
  readonly receptionId: string | null;
  /** An AlertCode of the flow, or a reception's ending code raised after the patient left. */
  readonly code: string;
  readonly raisedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

export interface ConsoleConsent {
  readonly category: string;
  readonly agreed: boolean;
  readonly givenAt: string;
  /** 24 hours after it was given: medical data of this category may be viewed until then. */
  readonly expiresAt: string;
}

export interface ConsoleReception {
  readonly receptionId: string;
  readonly kioskId: string;
  readonly state: 'open' | 'completed' | 'queued' | 'handed-to-staff' | 'abandoned';
  readonly method: AuthenticationMethod | null;
  readonly endingCode: string | null;
  readonly processingResultStatus: string | null;
  readonly processingResultCode: string | null;
  readonly qualificationValidity: string | null;
  readonly crossCheck: 'matched' | 'not-cross-checked' | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly consents: readonly ConsoleConsent[];
}

/** The console's live list, pushed whole on every change. */
export interface ConsoleSnapshot {
  readonly kiosks: readonly StaffReceptionView[];
  /** Alerts no one has acknowledged yet, oldest first. */
  readonly openAlerts: readonly ConsoleAlert[];
  /** Today's receptions (from midnight in Japan), newest first. */
  readonly receptions: readonly ConsoleReception[];
  /** When it was made, by the terminal's clock. */
  readonly at: string;
  readonly sequence: number;
}

/**
 * The card photo of a reception in 目視確認, for staff to compare with the person at the kiosk: 8-bit
 * grey pixels, row by row, base64. Given only while that reception is in 目視確認, never stored.
 */
export interface ConsoleCardPhoto {
  readonly kioskId: string;
  readonly receptionId: string;
  readonly width: number;
  readonly height: number;
  readonly format: 'gray';
  readonly pixels: string;
}

/**
 * Alerts of the レセコン folder interface rather than of a reception, raised under the kiosk id
 * `receipt-folders`: a folder gone, full or not writable, requests kept through a central outage, and
 * characters written as ● in Shift_JIS responses. Each is raised once while its condition lasts.
 */
export type FileInterfaceAlertCode =
  | 'RECEIPT_FOLDER_MISSING'
  | 'RECEIPT_FOLDER_FULL'
  | 'RECEIPT_FOLDER_UNWRITABLE'
  | 'RECEIPT_FOLDER_IO'
  | 'RECEIPT_CENTRAL_WAITING'
  | 'RECEIPT_CHARACTERS_SUBSTITUTED';
