// The facility settings page of the staff console (管理者 only): what it is sent and what it sends.
// Types only. The terminal validates every save; the page only shows the rules and the refusals.

import type { ConsentCategory } from '../ports/central-system';
import type { ReceptionTimeouts } from '../reception-settings';

/** Every time limit of a reception, in milliseconds (the flow's own names). */
export type SettingsTimeouts = ReceptionTimeouts;

export type SettingsLanguage = 'ja' | 'en' | 'zh' | 'ko' | 'vi';
export type SettingsCardFront = 'printed-fields' | 'staff-entry';
export type SettingsFaceFileEncoding = 'Shift_JIS' | 'UTF-8';

export interface SettingsKiosk {
  readonly id: string;
  readonly readerName: string;
  readonly cardFront: SettingsCardFront;
  readonly extendedLength?: boolean;
}

/** What an administrator may change; everything else (certificates, the central system's address, files) stays in the configuration file. */
export interface FacilitySettingsDocument {
  readonly facility: {
    readonly medicalInstitutionCode: string;
    readonly name?: string;
    readonly consentCategories: readonly ConsentCategory[];
    readonly issuesElectronicPrescriptions: boolean;
  };
  readonly kiosks: readonly SettingsKiosk[];
  /** Every time limit of a reception, in milliseconds. */
  readonly timeouts: SettingsTimeouts;
  readonly languages: readonly SettingsLanguage[];
  readonly faceFileEncoding: SettingsFaceFileEncoding;
}

/** The parts of the settings, as the audit log and the save's answer name them. */
export type SettingsSection =
  | 'facilityCode'
  | 'facilityName'
  | 'consentScreens'
  | 'prescriptionQuestion'
  | 'kiosks'
  | 'timeouts'
  | 'languages'
  | 'faceFileEncoding';

export interface SettingsView {
  /** The saved version the page edits (0: never saved on the console; the configuration file's values). */
  readonly version: number;
  readonly savedAt: string | null;
  readonly savedBy: string | null;
  /** The newest saved settings (or the file's): what the form shows. */
  readonly settings: FacilitySettingsDocument;
  /** Saved sections the running terminal does not use yet: they apply when it restarts. */
  readonly restartPending: readonly SettingsSection[];
  /** False when the stored settings were edited outside the console (their checksum does not match). */
  readonly intact: boolean;
}

export interface SettingsSaved {
  readonly version: number;
  /** Sections in use from the next reception on (kiosks that are idle take them at once). */
  readonly applied: readonly SettingsSection[];
  /** Sections that apply when the terminal restarts. */
  readonly restartRequired: readonly SettingsSection[];
}

/** One refused field of a save: its path in the document and why, in words. */
export interface SettingsProblem {
  readonly path: string;
  readonly message: string;
}
